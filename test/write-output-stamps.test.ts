// A build trusts the output folder only as far as each file keeps the stamp the last build left:
// files deleted or changed by hand since are written again, as a cold build would write them.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import v8 from 'node:v8';
import { OutputCheck } from '../lib/write/index.js';
import { coldSnapshot, makeSite, post, runCli, snapshot, tempDir } from './helpers.ts';

/** Thirty posts, ten to a listing page, their files an hour old (stamps that fresh are not trusted: see cache/stamps.ts). */
function site(search: boolean): string {
  const files: Record<string, string> = { 'newsarchive.yml': `pageSize: 10\nurl: https://example.com\npermalink: /posts/:title/\nsearch: ${search}\n` };
  for (let i = 1; i <= 30; i++) {
    const day = String((i % 28) + 1).padStart(2, '0');
    files[`posts/2021-03-${day}-p${i}.md`] = post({ title: `"报道${i}"`, date: `2021-03-${day} 10:${String(i).padStart(2, '0')}:00 +0800`, categories: 'dazhongribao', tags: `["大众日报新闻", "标签${i % 3}"]` }, `<p>第${i}篇。${'电网建设稳步推进。'.repeat(8)}</p>`);
  }
  const root = makeSite(files);
  const anHourAgo = new Date(Date.now() - 3600_000);
  for (const name of fs.readdirSync(path.join(root, 'posts'))) fs.utimesSync(path.join(root, 'posts', name), anHourAgo, anHourAgo);
  return root;
}

/** Deletes a page and a folder of pages, and changes three files by hand: a feed and a static file to another size, a page keeping its size. */
function tamper(dist: string): void {
  fs.rmSync(path.join(dist, 'index.html'));
  fs.rmSync(path.join(dist, 'tag', 'biaoqian1'), { recursive: true });
  fs.appendFileSync(path.join(dist, 'feed.xml'), '<!-- by hand -->');
  fs.appendFileSync(path.join(dist, 'assets', 'style.css'), 'body { color: red; }\n');
  const article = path.join(dist, 'posts', 'p7', 'index.html');
  const text = fs.readFileSync(article, 'utf8');
  fs.writeFileSync(article, text.replace('第7篇', '第X篇'));
  assert.equal(fs.statSync(article).size, Buffer.byteLength(text), 'the changed article keeps its size');
}

/** Builds `root`, and checks that the output record holds each file's stamp as it is now. */
function build(root: string, env: Record<string, string>): string {
  const result = runCli(root, ['build'], env);
  assert.equal(result.code, 0, result.stderr);
  const { files, stamps } = v8.deserialize(fs.readFileSync(path.join(root, '.cache', 'output.v8'))) as { files: Set<string>; stamps: Float64Array };
  assert.equal(stamps.length, files.size * 3);
  [...files].forEach((file, i) => {
    const stats = fs.lstatSync(path.join(root, 'dist', file));
    assert.deepEqual([...stamps.subarray(i * 3, i * 3 + 3)], [stats.size, stats.mtimeMs, stats.ino], file);
  });
  return result.stdout;
}

for (const [search, threads] of [[false, '1'], [false, '2'], [true, '2']] as const) {
  test(`files deleted or changed by hand in dist/ are written again by the next build, which equals a cold build (search ${search ? 'on' : 'off'}, ${threads} thread${threads === '1' ? '' : 's'})`, () => {
    const env = { NEWSARCHIVE_THREADS: threads };
    const root = site(search);
    build(root, env);
    if (!search) assert.match(build(root, env), /0 files written \(site unchanged\)/, 'the site is kept whole from the posts\' stamps');
    tamper(path.join(root, 'dist'));

    const rebuilt = build(root, env);
    assert.doesNotMatch(rebuilt, /site unchanged/);
    const cold = coldSnapshot(root, env);
    assert.deepEqual(snapshot(path.join(root, 'dist')), cold);
    // The five files touched, and none other.
    assert.match(rebuilt, /cache: 30 posts reused, 0 cleaned, 5 files written \(5 in the output folder changed since the last build\)/);

    // The stamps of the files written again are recorded: the next build keeps the site whole again.
    if (!search) assert.match(build(root, env), /0 files written \(site unchanged\)/);
    assert.deepEqual(snapshot(path.join(root, 'dist')), cold);

    // A static file added to public/, then changed there, is written, though every post and page is as it was.
    const notice = path.join(root, 'public', 'notice.txt');
    fs.mkdirSync(path.dirname(notice), { recursive: true });
    fs.writeFileSync(notice, '本站为新闻存档。\n');
    assert.match(build(root, env), /0 cleaned, 1 files written/);
    if (!search) assert.match(build(root, env), /0 files written \(site unchanged\)/);
    fs.writeFileSync(notice, '本站为新闻存档，不再更新。\n');
    assert.match(build(root, env), /0 cleaned, 1 files written/);
    assert.equal(fs.readFileSync(path.join(root, 'dist', 'notice.txt'), 'utf8'), '本站为新闻存档，不再更新。\n');
    assert.deepEqual(snapshot(path.join(root, 'dist')), coldSnapshot(root, env));
  });
}

test('an output record from before the files had stamps (and the keys their salt) is not trusted: the next build compares every file and records their stamps', () => {
  const root = site(false);
  build(root, {});
  const recordFile = path.join(root, '.cache', 'output.v8');
  const { stamps, pageSalt, ...older } = v8.deserialize(fs.readFileSync(recordFile)) as { stamps: Float64Array; pageSalt: string };
  assert.ok(stamps instanceof Float64Array && stamps.length > 0);
  assert.equal(typeof pageSalt, 'string');
  fs.writeFileSync(recordFile, v8.serialize(older));
  fs.appendFileSync(path.join(root, 'dist', 'feed.xml'), '<!-- by hand -->');

  assert.match(build(root, {}), /1 files written/);
  assert.deepEqual(snapshot(path.join(root, 'dist')), coldSnapshot(root));
  assert.match(build(root, {}), /site unchanged/);
});

test('a large site\'s output is checked by a worker thread and the build\'s together, with the same answer whoever checks which files', async () => {
  const outDir = tempDir('stamps');
  const files = new Set<string>();
  const numbers: number[] = [];
  // Past the count checked without a worker: every file named is missing but the first two.
  for (let i = 0; i < 4001; i++) {
    const relative = `p${i}/index.html`;
    files.add(relative);
    if (i < 2) {
      fs.mkdirSync(path.join(outDir, `p${i}`));
      fs.writeFileSync(path.join(outDir, relative), `page ${i}`);
      const stats = fs.statSync(path.join(outDir, relative));
      numbers.push(stats.size, stats.mtimeMs, i === 0 ? stats.ino : stats.ino + 1);
    } else numbers.push(0, 0, 0);
  }
  const previous = { files, stamps: Float64Array.from(numbers) };
  // Asked at once, this thread checks most files (the worker is still starting); asked later, the worker has.
  for (const wait of [0, 1500]) {
    const check = new OutputCheck(outDir, previous);
    await new Promise((resolve) => setTimeout(resolve, wait));
    const touched = await check.touched();
    assert.ok(touched, 'the check succeeded');
    assert.equal(touched.size, 4000);
    assert.equal(touched.has('p0/index.html'), false, 'the file that keeps its stamp');
    assert.equal(touched.has('p1/index.html'), true, 'another inode is another file');
    assert.equal(touched.has('p4000/index.html'), true);
  }
});
