import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
// The compiled code: the writer runs in a worker thread, which loads lib/write/writer-thread.js.
import { OffThreadPlacer } from '../lib/write/off-thread.js';
import { utf8Of } from '../src/render/utf8-parts.ts';
import { makeSite, post, runCli, snapshot, tempDir } from './helpers.ts';

test('the writer thread places pages of every size through a small ring, in order, byte for byte', async () => {
  const staging = tempDir('ring');
  // 64 KB of ring: pages up to 4,096 characters go through it (round and round), bigger ones in their message.
  const placer = new OffThreadPlacer(staging, undefined, false, 64 * 1024);
  const expected = new Map<string, string>();
  for (let i = 0; i < 400; i++) {
    const relative = `p/${i % 7}/${i}/index.html`;
    const text = `<p>第${i}篇</p>` + '电网建设稳步推进。'.repeat((i * 37) % 900) + (i % 50 === 0 ? 'x'.repeat(9000) : '');
    placer.place(relative, { path: relative, contents: text });
    expected.set(relative, text);
  }
  placer.place('assets/logo.bin', { path: 'assets/logo.bin', contents: Buffer.from([0, 1, 2, 255]) });
  // A file made as bytes of its own (a feed, the sitemap) is handed to the writer, not copied.
  const feedParts = ['<feed>', '电网建设稳步推进。'.repeat(3000), '😀', '</feed>'];
  const feed = utf8Of(feedParts);
  placer.place('feed.xml', { path: 'feed.xml', contents: feed });
  await placer.finish();
  assert.equal(feed.buffer.byteLength, 0, 'the bytes went to the writer');
  // No previous site: every file is written, and only counted.
  assert.equal(placer.written, 402);
  assert.equal(fs.readFileSync(path.join(staging, 'feed.xml'), 'utf8'), feedParts.join(''));
  assert.deepEqual(placer.changed, []);
  for (const [relative, text] of expected) assert.equal(fs.readFileSync(path.join(staging, relative), 'utf8'), text, relative);
  assert.deepEqual([...fs.readFileSync(path.join(staging, 'assets/logo.bin'))], [0, 1, 2, 255]);
});

test('pages through the ring come out as the UTF-8 a string write gives: empty ones, astral characters, lone surrogates', async () => {
  const staging = tempDir('ring-utf8');
  const placer = new OffThreadPlacer(staging, undefined, false, 64 * 1024);
  // A lone surrogate (scraped text can hold one) is written as U+FFFD, as fs.writeFileSync writes a string.
  const texts = ['', '<p>\u{20BB7}野家 😀</p>', '<p>断\uD800开</p>', '\uDC00', '结尾\uD83D'];
  // Enough files to start the writer thread (a handful are placed on this thread).
  for (let i = 0; i < 40; i++) {
    const text = texts[i % texts.length];
    placer.place(`u/${i}.html`, { path: `u/${i}.html`, contents: text });
  }
  await placer.finish();
  assert.notEqual((placer as unknown as { worker?: unknown }).worker, undefined);
  for (let i = 0; i < 40; i++) assert.deepEqual(fs.readFileSync(path.join(staging, `u/${i}.html`)), Buffer.from(texts[i % texts.length], 'utf8'), `u/${i}.html`);
});

test('links to previous copies and pages share the ring: kept files become links, in order, round a small ring', async () => {
  const previous = tempDir('previous-many');
  const staging = tempDir('staging-many');
  const placer = new OffThreadPlacer(staging, previous, false, 16 * 1024);
  for (let i = 0; i < 300; i++) {
    const relative = `k/${i % 9}/${'长'.repeat(i % 40)}${i}.html`;
    fs.mkdirSync(path.dirname(path.join(previous, relative)), { recursive: true });
    fs.writeFileSync(path.join(previous, relative), `<p>旧${i}</p>`);
    placer.place(relative, { path: relative, inputKey: 'k', kept: true, render: () => assert.fail('not rendered') });
    const page = `n/${i}.html`;
    placer.place(page, { path: page, contents: `<p>新${i}</p>`.repeat(i % 13) });
  }
  await placer.finish();
  assert.equal(placer.written, 300);
  assert.equal(placer.unchanged.length, 300);
  for (let i = 0; i < 300; i++) {
    const relative = `k/${i % 9}/${'长'.repeat(i % 40)}${i}.html`;
    assert.equal(fs.statSync(path.join(staging, relative)).ino, fs.statSync(path.join(previous, relative)).ino, relative);
    assert.equal(fs.readFileSync(path.join(staging, `n/${i}.html`), 'utf8'), `<p>新${i}</p>`.repeat(i % 13));
  }
});

// A timeout, so that the hang this guards against fails the test rather than stalling the suite.
test('a writer thread that dies while the main thread waits on it fails the build instead of hanging it', { timeout: 60_000 }, async () => {
  const staging = tempDir('dead-writer');
  // A small ring and a 2 s stall limit: the main thread soon has to wait for a writer that is gone.
  const dead = new OffThreadPlacer(staging, undefined, false, 64 * 1024, 2000);
  // Sixteen files, so that the writer thread starts (fewer are placed on this thread).
  for (let i = 0; i < 16; i++) dead.place(`a/${i}/index.html`, { path: `a/${i}/index.html`, contents: '<p>甲</p>' });
  // Stop the writer the way an out-of-memory kill does: no message, no counter moved.
  await (dead as unknown as { worker: { terminate(): Promise<number> } }).worker.terminate();
  assert.throws(() => {
    for (let i = 0; i < 2000; i++) dead.place(`p/${i}/index.html`, { path: `p/${i}/index.html`, contents: '电网'.repeat(2000) });
  }, /the writer thread placed no file for 2 s/);
});

// With a few files the placer does the work itself; past a batch, the writer thread does: the same either way.
for (const extra of [0, 40]) {
  const who = extra ? 'the writer thread' : 'the placer, with too few files to start a thread,';
  test(`against a previous site, ${who} links equal files and writes only the changed ones`, async () => {
    const previous = tempDir('previous');
    fs.mkdirSync(path.join(previous, 'a'));
    fs.writeFileSync(path.join(previous, 'a/index.html'), '<p>甲</p>');
    fs.writeFileSync(path.join(previous, 'b.html'), '<p>乙</p>');
    fs.writeFileSync(path.join(previous, 'kept.html'), '<p>留</p>');
    // The same number of bytes, other bytes: only a comparison of the contents tells.
    fs.writeFileSync(path.join(previous, 'same-size.html'), '<p>丙</p>');
    // Pages past the placer's reused buffers (1 MiB), one equal and one changed in its last character.
    const big = `<p>${'长'.repeat(400_000)}</p>`;
    fs.writeFileSync(path.join(previous, 'big.html'), big);
    fs.writeFileSync(path.join(previous, 'big-changed.html'), big);
    const staging = tempDir('staging');
    const placer = new OffThreadPlacer(staging, previous, false);
    placer.place('a/index.html', { path: 'a/index.html', contents: '<p>甲</p>' });
    placer.place('b.html', { path: 'b.html', contents: '<p>乙，改</p>' });
    placer.place('kept.html', { path: 'kept.html', inputKey: 'k', kept: true, render: () => assert.fail('a kept file with a previous copy is not rendered') });
    placer.place('same-size.html', { path: 'same-size.html', contents: '<p>丁</p>' });
    placer.place('big.html', { path: 'big.html', contents: big });
    placer.place('big-changed.html', { path: 'big-changed.html', contents: `${big.slice(0, -1)}!` });
    placer.place('new.html', { path: 'new.html', contents: '<p>新</p>' });
    const added = Array.from({ length: extra }, (_, i) => `more/${i}.html`);
    for (const name of added) placer.place(name, { path: name, contents: `<p>${name}</p>` });
    await placer.finish();
    assert.equal((placer as unknown as { worker?: unknown }).worker !== undefined, extra > 0);
    assert.deepEqual(placer.changed, ['b.html', 'same-size.html', 'big-changed.html', 'new.html', ...added]);
    assert.equal(placer.written, 4 + extra);
    assert.deepEqual(placer.unchanged, ['a/index.html', 'kept.html', 'big.html']);
    for (const name of ['a/index.html', 'kept.html', 'big.html']) assert.equal(fs.statSync(path.join(staging, name)).ino, fs.statSync(path.join(previous, name)).ino, name);
    assert.equal(fs.readFileSync(path.join(staging, 'b.html'), 'utf8'), '<p>乙，改</p>');
    assert.equal(fs.readFileSync(path.join(staging, 'same-size.html'), 'utf8'), '<p>丁</p>');
    assert.equal(fs.readFileSync(path.join(staging, 'big-changed.html'), 'utf8'), `${big.slice(0, -1)}!`);
    for (const name of added) assert.equal(fs.readFileSync(path.join(staging, name), 'utf8'), `<p>${name}</p>`);
  });
}

function smallArchive(month: string): Record<string, string> {
  const files: Record<string, string> = { 'newsarchive.yml': 'url: https://example.com\npermalink: /posts/:title/\nsearch: false\n' };
  for (let i = 1; i <= 12; i++) {
    const day = String(i).padStart(2, '0');
    files[`posts/2021-${month}-${day}-p${i}.md`] = post({ title: `"报道${i}"`, date: `2021-${month}-${day} 09:00:00 +0800`, categories: 'renminribao' });
  }
  return files;
}

for (const threads of ['1', '2']) {
  const env = { NEWSARCHIVE_THREADS: threads };
  const label = `${threads} thread${threads === '1' ? '' : 's'}`;

  // A site whose folder is so deep that one page's path, its URL allowed, passes the file system's
  // 4,096-byte limit once the staging folder is in front: the write itself fails.
  test(`a build whose files cannot be written fails and leaves the site exactly as it was (${label})`, () => {
    const site = path.join(tempDir('deep-site'), ...Array.from({ length: 17 }, (_, i) => `${'d'.repeat(199)}${i % 10}`));
    for (const [name, text] of Object.entries(smallArchive('05'))) {
      fs.mkdirSync(path.dirname(path.join(site, name)), { recursive: true });
      fs.writeFileSync(path.join(site, name), text);
    }
    assert.equal(runCli(site, ['build'], env).code, 0);
    const before = snapshot(path.join(site, 'dist'));
    const deep = Array.from({ length: 4 }, (_, i) => `${'段'.repeat(66)}${i}`).join('/');
    fs.writeFileSync(path.join(site, 'posts/2021-05-20-deep.md'), post({ title: '"很深的报道"', date: '2021-05-20 09:00:00 +0800', permalink: `/${deep}/` }));
    fs.appendFileSync(path.join(site, 'posts/2021-05-03-p3.md'), '<p>改动</p>\n');
    const failed = runCli(site, ['build'], env);
    assert.equal(failed.code, 1, failed.stdout);
    assert.match(failed.stderr, /ENAMETOOLONG/);
    assert.deepEqual(snapshot(path.join(site, 'dist')), before);
    assert.deepEqual(fs.readdirSync(site).sort(), ['.cache', 'dist', 'newsarchive.yml', 'posts']);
  });

  // `public/posts` as a file, where the articles need a folder: a rebuild that moved it in would delete them.
  // Rebuilt with the posts as they were (the site kept whole) and with a body edited (the posts
  // placed as before): either way the pages' paths are the last build's, but the static files are not.
  test(`a static file where the site needs a folder is refused, cold or rebuilt, and nothing is written (${label})`, () => {
    let site = '';
    for (const change of ['none', 'a body edit']) {
      site = makeSite(smallArchive('07'));
      assert.equal(runCli(site, ['build'], env).code, 0);
      const before = snapshot(path.join(site, 'dist'));
      if (change === 'a body edit') fs.appendFileSync(path.join(site, 'posts/2021-07-03-p3.md'), '<p>改动</p>\n');
      fs.mkdirSync(path.join(site, 'public'));
      fs.writeFileSync(path.join(site, 'public/posts'), 'not a folder');
      const rebuilt = runCli(site, ['build'], env);
      assert.equal(rebuilt.code, 1, `${change}: ${rebuilt.stdout}`);
      assert.match(rebuilt.stderr, /"posts\/p\d+\/index\.html" .* lies in "posts", which is a file \(public\/posts\)/, change);
      assert.deepEqual(snapshot(path.join(site, 'dist')), before, change);
    }
    fs.rmSync(path.join(site, 'dist'), { recursive: true });
    const cold = runCli(site, ['build'], env);
    assert.equal(cold.code, 1, cold.stdout);
    assert.equal(fs.existsSync(path.join(site, 'dist')), false);
  });
}

test('a rebuild without its output record links every unchanged file to the previous copy, with the writer thread', () => {
  const site = makeSite(smallArchive('06'));
  const env = { NEWSARCHIVE_THREADS: '2' };
  assert.equal(runCli(site, ['build'], env).code, 0);
  const ino = (relative: string) => fs.statSync(path.join(site, 'dist', relative)).ino;
  const pages = [...snapshot(path.join(site, 'dist')).keys()];
  const before = new Map(pages.map((p) => [p, ino(p)]));
  // Without the record of what the last build wrote, the writer compares every file's bytes.
  fs.rmSync(path.join(site, '.cache/output.v8'));
  const result = runCli(site, ['build'], env);
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, / 0 files written/);
  for (const page of pages) assert.equal(ino(page), before.get(page), page);
});
