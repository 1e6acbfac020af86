import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { lockBuild } from '../src/cache/build-lock.ts';
import { CLI, coldSnapshot, makeSite, post, runCli, snapshot, tempDir } from './helpers.ts';

// A small archive: enough posts for pagination, neighbours, categories and tags to interlock.
function archive(): Record<string, string> {
  const files: Record<string, string> = { 'newsarchive.yml': 'title: 测试存档\npageSize: 2\nurl: https://example.com\nsearch: false\n' };
  for (let i = 1; i <= 7; i++) {
    const day = String(i).padStart(2, '0');
    files[`posts/2022-01-${day}-post-${i}.md`] = post(
      { title: `"第${i}篇报道"`, date: `2022-01-${day} 0${i}:00:00 +0800`, categories: i % 2 ? 'dazhongribao' : 'jingjiribao', tags: `[大众日报新闻, 话题${i % 3}]` },
      `<p>第${i}篇的正文。电网建设稳步推进。</p>\n<p>　</p>\n<p class="em_media">（来源：大众日报）</p>`,
    );
  }
  return files;
}

function build(site: string, env: Record<string, string> = {}) {
  const result = runCli(site, ['build'], env);
  assert.equal(result.code, 0, result.stderr);
  const m = /(\d+) files · cache: (\d+) posts reused, (\d+) cleaned, (\d+) files written/.exec(result.stdout);
  assert.ok(m, result.stdout);
  return { files: Number(m[1]), reused: Number(m[2]), cleaned: Number(m[3]), written: Number(m[4]) };
}

test('a rebuild with nothing changed reuses every post, writes no page, and equals a cold build', () => {
  const site = makeSite(archive());
  const first = build(site);
  assert.deepEqual([first.reused, first.cleaned], [0, 7]);
  const cold = snapshot(path.join(site, 'dist'));
  const again = build(site);
  assert.deepEqual([again.reused, again.cleaned], [7, 0]);
  // Only the sitemap-like files that are always rendered may be rewritten, and only if their bytes changed: none did.
  assert.equal(again.written, 0);
  assert.deepEqual(snapshot(path.join(site, 'dist')), cold);
});

test('editing, adding and deleting a post re-clean only that post, and each rebuild equals a cold build', () => {
  const site = makeSite(archive());
  build(site);
  const file = path.join(site, 'posts/2022-01-03-post-3.md');
  fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('电网建设稳步推进', '电网改造全面完成'));
  const edited = build(site);
  assert.deepEqual([edited.reused, edited.cleaned], [6, 1]);
  assert.ok(edited.written > 0 && edited.written < edited.files);
  assert.deepEqual(snapshot(path.join(site, 'dist')), coldSnapshot(site));
  assert.match(fs.readFileSync(path.join(site, 'dist/dazhongribao/2022/01/03/post-3/index.html'), 'utf8'), /电网改造全面完成/);

  fs.writeFileSync(path.join(site, 'posts/2022-01-08-post-8.md'), post({ title: '"新增报道"', date: '2022-01-08 08:00:00 +0800', categories: 'jingjiribao', tags: '话题9' }, '<p>新的一篇。</p>'));
  const added = build(site);
  assert.deepEqual([added.reused, added.cleaned], [7, 1]);
  assert.deepEqual(snapshot(path.join(site, 'dist')), coldSnapshot(site));

  fs.rmSync(path.join(site, 'posts/2022-01-05-post-5.md'));
  const deleted = build(site);
  assert.deepEqual([deleted.reused, deleted.cleaned], [7, 0]);
  const after = snapshot(path.join(site, 'dist'));
  assert.equal(after.has(path.join('dazhongribao/2022/01/05/post-5/index.html')), false);
  assert.deepEqual(after, coldSnapshot(site));
});

test('changing a template re-renders the pages and equals a cold build, without cleaning posts again', () => {
  const site = makeSite(archive());
  const first = build(site);
  fs.mkdirSync(path.join(site, 'templates'));
  const theme = fs.readFileSync(path.join(import.meta.dirname, '..', 'templates', 'post.njk'), 'utf8');
  fs.writeFileSync(path.join(site, 'templates/post.njk'), theme.replace('<article class="article"', '<article class="article" data-theme="mine"'));
  const changed = build(site);
  assert.deepEqual([changed.reused, changed.cleaned], [7, 0]);
  assert.ok(changed.written >= 7, `only ${changed.written} files written`);
  const out = snapshot(path.join(site, 'dist'));
  assert.match(out.get(path.join('dazhongribao/2022/01/01/post-1/index.html'))!, /data-theme="mine"/);
  assert.deepEqual(out, coldSnapshot(site));
  assert.equal(first.files, changed.files);
});

test('changing the config invalidates what it shapes: the title re-renders pages, a clean rule re-cleans posts', () => {
  const site = makeSite(archive());
  build(site);
  fs.writeFileSync(path.join(site, 'newsarchive.yml'), 'title: 改名的存档\npageSize: 2\nurl: https://example.com\nsearch: false\n');
  const retitled = build(site);
  assert.deepEqual([retitled.reused, retitled.cleaned], [7, 0]);
  assert.deepEqual(snapshot(path.join(site, 'dist')), coldSnapshot(site));
  assert.match(fs.readFileSync(path.join(site, 'dist/index.html'), 'utf8'), /改名的存档/);

  fs.writeFileSync(path.join(site, 'newsarchive.yml'), 'title: 改名的存档\npageSize: 2\nurl: https://example.com\nsearch: false\nclean:\n  drop-empty-paragraphs: false\n');
  const reruled = build(site);
  assert.deepEqual([reruled.reused, reruled.cleaned], [0, 7]);
  assert.deepEqual(snapshot(path.join(site, 'dist')), coldSnapshot(site));
});

test('worker threads and a single thread build the same site, from the cache or not', () => {
  const files = archive();
  const threaded = makeSite(files);
  const single = makeSite(files);
  build(threaded, { NEWSARCHIVE_THREADS: '2' });
  build(single, { NEWSARCHIVE_THREADS: '1' });
  const expected = snapshot(path.join(single, 'dist'));
  assert.ok(expected.size > 20);
  assert.deepEqual(snapshot(path.join(threaded, 'dist')), expected);
  const cached = build(threaded, { NEWSARCHIVE_THREADS: '2' });
  assert.equal(cached.reused, 7);
  assert.deepEqual(snapshot(path.join(threaded, 'dist')), expected);
  // A touched file goes to a worker (its stamp is new), which must know the cache holds its bytes.
  const touched = path.join(threaded, 'posts/2022-01-03-post-3.md');
  fs.utimesSync(touched, new Date('2023-05-01T00:00:00Z'), new Date('2023-05-01T00:00:00Z'));
  const retouched = build(threaded, { NEWSARCHIVE_THREADS: '2' });
  assert.deepEqual([retouched.reused, retouched.cleaned], [7, 0]);
  assert.deepEqual(snapshot(path.join(threaded, 'dist')), expected);
});

test('a post that fails to build is reported again on a cached rebuild', () => {
  const site = makeSite({ ...archive(), 'posts/2022-01-09-broken.md': '---\ntitle: [unclosed\n---\n<p>x</p>\n' });
  const first = runCli(site, ['build', '--skip-invalid']);
  assert.equal(first.code, 0, first.stderr);
  assert.match(first.stderr, /broken\.md/);
  const second = runCli(site, ['build', '--skip-invalid']);
  assert.equal(second.code, 0, second.stderr);
  assert.equal(second.stderr, first.stderr);
  assert.match(second.stdout, /cache: 8 posts reused, 0 cleaned/);
});

test('a rebuild that compacts the cached HTML still renders every page from it, and equals a cold build', () => {
  const site = makeSite(archive());
  build(site);
  const packs = () => fs.readdirSync(path.join(site, '.cache/posts/html'));
  const edit = (posts: number[], text: string) => {
    for (const i of posts) {
      const file = path.join(site, `posts/2022-01-0${i}-post-${i}.md`);
      fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(/电网[^。]*。/, `电网${text}。`));
    }
    return build(site);
  };
  // Five of seven posts edited: the first pack is mostly dead, but over both packs half the bytes live.
  const first = edit([1, 2, 3, 4, 5], '第一次修改');
  assert.deepEqual([first.reused, first.cleaned], [2, 5]);
  assert.equal(packs().length, 2, `not compacted yet: ${packs().join(', ')}`);
  // The same five again: the second pack is all dead and is deleted; the rest is still half live.
  edit([1, 2, 3, 4, 5], '第二次修改');
  assert.equal(packs().length, 2, `a dead pack is deleted, nothing compacted: ${packs().join(', ')}`);
  // Four of those five: less than half of the packs' bytes live. The save compacts the live HTML
  // into a new pack and deletes the old ones before any page is rendered (and throws away the
  // index records it wrote ahead, which point into the old packs).
  const third = edit([1, 2, 3, 4], '第三次修改');
  assert.deepEqual([third.reused, third.cleaned], [3, 4]);
  assert.equal(packs().length, 1, `compacted into one pack: ${packs().join(', ')}`);
  fs.rmSync(path.join(site, 'dist'), { recursive: true });
  const fromCache = build(site);
  assert.deepEqual([fromCache.reused, fromCache.cleaned], [7, 0]);
  assert.match(fs.readFileSync(path.join(site, 'dist/dazhongribao/2022/01/07/post-7/index.html'), 'utf8'), /电网建设稳步推进/);
  assert.deepEqual(snapshot(path.join(site, 'dist')), coldSnapshot(site));
});

test('a pack deleted or cut short is not read: its posts are cleaned again, and the site equals a cold build', () => {
  const site = makeSite(archive());
  build(site);
  const packDir = path.join(site, '.cache/posts/html');
  fs.rmSync(packDir, { recursive: true });
  const afterDeletion = build(site);
  assert.deepEqual([afterDeletion.reused, afterDeletion.cleaned], [0, 7]);
  assert.deepEqual(snapshot(path.join(site, 'dist')), coldSnapshot(site));
  // Cut short: the posts whose HTML lay past the cut are cleaned again, the others reused.
  const [pack] = fs.readdirSync(packDir);
  fs.truncateSync(path.join(packDir, pack), Math.floor(fs.statSync(path.join(packDir, pack)).size / 2));
  fs.rmSync(path.join(site, 'dist'), { recursive: true });
  const afterCut = build(site);
  assert.equal(afterCut.reused + afterCut.cleaned, 7);
  assert.ok(afterCut.cleaned >= 3 && afterCut.reused >= 3, `some past the cut, some before it: ${JSON.stringify(afterCut)}`);
  assert.deepEqual(snapshot(path.join(site, 'dist')), coldSnapshot(site));
});

test('a build stops, writing nothing, while another build of the site runs, and takes over the lock of one that died', async () => {
  const site = makeSite(archive());
  build(site);
  const lock = path.join(site, '.cache/build.lock');
  assert.ok(!fs.existsSync(lock), 'a finished build leaves no lock');
  const before = snapshot(path.join(site, 'dist'));
  const file = path.join(site, 'posts/2022-01-03-post-3.md');
  fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('电网建设稳步推进', '电网改造全面完成'));
  const other = spawn('sleep', ['60'], { stdio: 'ignore' });
  try {
    fs.writeFileSync(lock, `${other.pid}\n`);
    const stopped = runCli(site, ['build']);
    assert.equal(stopped.code, 1);
    assert.match(stopped.stderr, new RegExp(`^\\.cache/build\\.lock: error: another build of this site is running \\(process ${other.pid}\\)`, 'm'));
    assert.deepEqual(snapshot(path.join(site, 'dist')), before, 'nothing written');
    assert.equal(fs.readFileSync(lock, 'utf8'), `${other.pid}\n`, 'the running build\'s lock is left');
    // Gone once reaped: until then its pid still answers.
    const exited = new Promise((resolve) => other.once('exit', resolve));
    other.kill();
    await exited;
    assert.equal(build(site).cleaned, 1);
    assert.match(fs.readFileSync(path.join(site, 'dist/dazhongribao/2022/01/03/post-3/index.html'), 'utf8'), /电网改造全面完成/);
    assert.ok(!fs.existsSync(lock));
  } finally {
    other.kill();
  }
  // A failed build lets go of the lock too.
  fs.writeFileSync(path.join(site, 'posts/2022-01-09-bad.md'), '---\ntitle: [unclosed\n---\n正文\n');
  assert.equal(runCli(site, ['build']).code, 1);
  assert.ok(!fs.existsSync(lock));
});

test('builds started together never run at once: each finishes or stops at the lock, and the site equals a cold build', async () => {
  const site = makeSite(archive());
  build(site);
  fs.writeFileSync(path.join(site, 'posts/2022-01-08-post-8.md'), post({ title: '"新增报道"', date: '2022-01-08 08:00:00 +0800', categories: 'jingjiribao', tags: '话题1' }, '<p>新的一篇。</p>'));
  const runs = await Promise.all([1, 2, 3].map(() => new Promise<{ code: number | null; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [CLI, 'build'], { cwd: site, env: { ...process.env, TZ: 'America/New_York' } });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('close', (code) => resolve({ code, stderr }));
  })));
  for (const run of runs) if (run.code !== 0) assert.match(run.stderr, /another build of this site is running/, run.stderr);
  assert.ok(runs.some((run) => run.code === 0));
  assert.ok(!fs.existsSync(path.join(site, '.cache/build.lock')));
  assert.deepEqual(snapshot(path.join(site, 'dist')), coldSnapshot(site));
});

test('two builds that find a dead build\'s lock at once: the one that looks second leaves the lock the first took', async () => {
  const cacheDir = path.join(tempDir('lock-race'), '.cache');
  fs.mkdirSync(cacheDir);
  const lock = path.join(cacheDir, 'build.lock');
  // A dead build's lock: a pid no process has.
  const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
  fs.writeFileSync(lock, `${gone}\n`);
  const first = spawn('sleep', ['60'], { stdio: 'ignore' });
  try {
    // Right after this build judged the lock dead, the first one deletes it and takes the lock.
    const realRead = fs.readFileSync;
    let reads = 0;
    fs.readFileSync = ((...args: Parameters<typeof fs.readFileSync>) => {
      const text = realRead(...args);
      if (args[0] === lock && ++reads === 1) {
        fs.rmSync(lock);
        fs.writeFileSync(lock, `${first.pid}\n`);
      }
      return text;
    }) as typeof fs.readFileSync;
    try {
      assert.throws(() => lockBuild(cacheDir, path.dirname(cacheDir)), (err: { diagnostics: { message: string }[] }) => err.diagnostics[0].message.includes(`another build of this site is running (process ${first.pid})`));
    } finally {
      fs.readFileSync = realRead;
    }
    assert.equal(fs.readFileSync(lock, 'utf8'), `${first.pid}\n`, 'the first build keeps its lock');
    assert.deepEqual(fs.readdirSync(cacheDir), ['build.lock'], 'no claim left');
  } finally {
    first.kill();
  }
});
