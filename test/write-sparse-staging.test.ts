import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { Placer } from '../src/write/carry-over.ts';
import { coldBuild, makeSite, post, runCli, snapshot, tempDir } from './helpers.ts';

/** Every file under `dir`, relative, with its stats. */
function statsOf(dir: string): Map<string, fs.Stats> {
  const found = new Map<string, fs.Stats>();
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    const full = path.join(entry.parentPath, entry.name);
    if (entry.isFile()) found.set(path.relative(dir, full), fs.statSync(full));
  }
  return found;
}

const inodesOf = (dir: string) => new Set([...statsOf(dir).values()].map((stats) => stats.ino));

/** The spares' numbers: the n-th changed file of the next sparse build is written over spare n. */
const spareNumbers = (spares: string) => fs.readdirSync(spares).map(Number);

/**
 * 300 posts, 20 to a listing page: a new newest post changes every home, category and tag page and
 * the related lists of its newest neighbours, some 90 files, fewer than a quarter of the site's
 * (past that, the whole site is staged instead).
 */
function shiftingSite(posts = 300): string {
  const files: Record<string, string> = { 'newsarchive.yml': 'pageSize: 20\nurl: https://example.com\npermalink: /posts/:title/\nsearch: false\n' };
  for (let i = 1; i <= posts; i++) files[`posts/2021-03-01-p${i}.md`] = dayPost(i);
  return makeSite(files);
}

function dayPost(i: number): string {
  return post({ title: `"报道${i}"`, date: `2021-03-01 ${String(Math.floor(i / 60)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}:00 +0800`, categories: 'dazhongribao', tags: '大众日报新闻' }, `<p>第${i}篇。${'电网建设稳步推进。'.repeat(8)}</p>`);
}

function addNewest(site: string, i: number): void {
  fs.writeFileSync(path.join(site, `posts/2021-03-01-p${i}.md`), dayPost(i));
}

function build(site: string, env: Record<string, string>): void {
  const result = runCli(site, ['build'], env);
  assert.equal(result.code, 0, result.stderr);
}

// Spares rest two minutes before they are written over (see spares.ts); these tests write over
// the ones they just made, with no rest, unless they test the rest.
const NO_REST = { NEWSARCHIVE_SPARE_REST_MS: '0' };

// One thread places the files itself; with two, a writer thread does.
for (const threads of ['1', '2']) {
  test(`a rebuild writes its changed files over the files the last one replaced, and the site is a cold build's (${threads} thread${threads === '1' ? '' : 's'})`, () => {
    const env = { NEWSARCHIVE_THREADS: threads, ...NO_REST };
    const site = shiftingSite();
    const dist = path.join(site, 'dist');
    const spares = path.join(site, '.cache', 'spare-files');
    build(site, env);
    const first = statsOf(dist);
    assert.ok(first.get('index.html')!.birthtimeMs > 0, 'the file system keeps birth times');
    addNewest(site, 301);
    build(site, env);
    // The files the add replaced are the spares, as they were: the first build's copies.
    const replaced = [...statsOf(dist)].filter(([relative, stats]) => first.has(relative) && first.get(relative)!.ino !== stats.ino).map(([relative]) => first.get(relative)!.ino);
    // More than the writer thread's start (16 files): with two threads, it writes them.
    assert.ok(replaced.length > 16, `the add replaced ${replaced.length} files`);
    assert.deepEqual(inodesOf(spares), new Set(replaced));
    const second = statsOf(dist);
    const pool = spareNumbers(spares);
    addNewest(site, 302);
    const thirdStarted = Date.now();
    build(site, env);
    const written = [...statsOf(dist)].filter(([relative, stats]) => second.get(relative)?.mtimeMs !== stats.mtimeMs);
    // A file written over a spare is older than the build that wrote it (a new file, even with a freed inode's number, is not).
    const overSpares = written.filter(([, stats]) => stats.birthtimeMs < thirdStarted);
    assert.ok(overSpares.every(([, stats]) => replaced.includes(stats.ino)));
    // The n-th changed file went into the n-th spare wherever there was one: only the others were made anew.
    assert.equal(overSpares.length, pool.filter((n) => n < written.length).length);
    assert.deepEqual(snapshot(dist), snapshot(coldBuild(site, env)));
    assert.deepEqual(fs.readdirSync(site).sort(), ['.cache', 'dist', 'newsarchive.yml', 'posts']);
    assert.equal(fs.existsSync(path.join(dist, '.changed')), false);
  });
}

test('an edit between two added posts leaves the second as many spares as the first had', () => {
  const env = { NEWSARCHIVE_THREADS: '2', ...NO_REST };
  const site = shiftingSite();
  const dist = path.join(site, 'dist');
  const spares = path.join(site, '.cache', 'spare-files');
  build(site, env);
  addNewest(site, 301);
  build(site, env);
  const afterAdd = spareNumbers(spares);
  // The middle post's text: its page and the two feeds change, not its place.
  const edited = path.join(site, 'posts/2021-03-01-p150.md');
  fs.writeFileSync(edited, fs.readFileSync(edited, 'utf8').replace('</p>', '补充一句。</p>'));
  build(site, env);
  // The edit used the first few spares; the files it replaced took their numbers (and filled the
  // numbers of the add's new files, which replaced none).
  const pool = spareNumbers(spares);
  assert.ok(pool.length >= afterAdd.length, `${pool.length} spares after the edit, ${afterAdd.length} before`);
  const beforeAdd = statsOf(dist);
  addNewest(site, 302);
  const addStarted = Date.now();
  build(site, env);
  const written = [...statsOf(dist)].filter(([relative, stats]) => beforeAdd.get(relative)?.mtimeMs !== stats.mtimeMs);
  assert.equal(written.filter(([, stats]) => stats.birthtimeMs < addStarted).length, pool.filter((n) => n < written.length).length);
  assert.ok(pool.filter((n) => n < written.length).length > 16);
  assert.deepEqual(snapshot(dist), snapshot(coldBuild(site, env)));
});

test('a replaced file that has another name, or other permissions, is never written over', () => {
  const env = { NEWSARCHIVE_THREADS: '2', ...NO_REST };
  const site = shiftingSite();
  const dist = path.join(site, 'dist');
  build(site, env);
  // A deploy tool's hard link to a page, and a page whose mode was changed by hand.
  const home = fs.readFileSync(path.join(dist, 'index.html'));
  fs.linkSync(path.join(dist, 'index.html'), path.join(site, 'deployed.html'));
  fs.chmodSync(path.join(dist, 'page/2/index.html'), 0o600);
  addNewest(site, 301);
  build(site, env);
  addNewest(site, 302);
  build(site, env);
  assert.deepEqual(fs.readFileSync(path.join(site, 'deployed.html')), home);
  const cold = statsOf(coldBuild(site, env));
  for (const [relative, stats] of statsOf(dist)) assert.equal(stats.mode, cold.get(relative)!.mode, relative);
  assert.deepEqual(snapshot(dist), snapshot(coldBuild(site, env)));
});

test('a spare set aside by the last rebuild rests before it is written over: a reader still holding that page keeps its bytes', () => {
  const env = { NEWSARCHIVE_THREADS: '2' };
  const site = shiftingSite();
  const dist = path.join(site, 'dist');
  build(site, env);
  const first = statsOf(dist);
  assert.ok(first.get('index.html')!.birthtimeMs > 0, 'the file system keeps birth times');
  // A reader holds the home page open, as a server caching open files would, across two rebuilds.
  const reader = fs.openSync(path.join(dist, 'index.html'), 'r');
  try {
    const homeBefore = fs.readFileSync(reader);
    addNewest(site, 301);
    build(site, env);
    const spares = path.join(site, '.cache', 'spare-files');
    assert.ok(inodesOf(spares).has(first.get('index.html')!.ino), 'the replaced home page is a spare');
    const second = statsOf(dist);
    addNewest(site, 302);
    build(site, env);
    const written = [...statsOf(dist)].filter(([relative, stats]) => second.get(relative)?.mtimeMs !== stats.mtimeMs);
    assert.ok(written.length > 16, `the second add wrote ${written.length} files`);
    // Every one is a new file: none is a file of the first build (the spares), born when it was.
    const firstByInode = new Map([...first.values()].map((stats) => [stats.ino, stats.birthtimeMs]));
    for (const [relative, stats] of written) assert.notEqual(firstByInode.get(stats.ino), stats.birthtimeMs, `${relative} was written over a spare`);
    assert.deepEqual(readFrom(reader), homeBefore);
    assert.deepEqual(snapshot(dist), snapshot(coldBuild(site, env)));
  } finally {
    fs.closeSync(reader);
  }
});

/** All the bytes of the file open as `fd`, from its start. */
function readFrom(fd: number): Buffer {
  const size = fs.fstatSync(fd).size;
  const bytes = Buffer.alloc(size);
  fs.readSync(fd, bytes, 0, size, 0);
  return bytes;
}

test('a rebuild that changes more than a quarter of the site stages it whole, with no flat folder left in it', () => {
  const env = { NEWSARCHIVE_THREADS: '1' };
  // 120 posts: a new newest post changes some 46 of 169 files.
  const site = shiftingSite(120);
  const dist = path.join(site, 'dist');
  build(site, env);
  addNewest(site, 121);
  build(site, env);
  assert.equal(fs.existsSync(path.join(dist, '.changed')), false);
  assert.equal(fs.existsSync(path.join(site, '.cache', 'spare-files')), false);
  assert.deepEqual(snapshot(dist), snapshot(coldBuild(site, env)));
});

test('a sparse placer stages its changed files in one flat folder, and completing the staging folder puts them in place', () => {
  const previous = tempDir('spares-previous');
  const staging = tempDir('spares-staging');
  fs.mkdirSync(path.join(previous, 'b'));
  fs.writeFileSync(path.join(previous, 'a.html'), '<p>甲</p>');
  fs.writeFileSync(path.join(previous, 'b', 'index.html'), '<p>乙</p>');
  const placer = new Placer(staging, previous, true);
  placer.place('a.html', { path: 'a.html', contents: '<p>甲，改</p>' });
  placer.place('b/index.html', { path: 'b/index.html', contents: '<p>乙</p>' });
  placer.place('c/d/index.html', { path: 'c/d/index.html', contents: '<p>丙</p>' });
  assert.deepEqual(placer.changed, ['a.html', 'c/d/index.html']);
  assert.deepEqual(placer.unchanged, ['b/index.html']);
  // No folder per page: the n-th changed file is the n-th file of the flat folder.
  assert.deepEqual(fs.readdirSync(staging), ['.changed']);
  assert.deepEqual(snapshot(path.join(staging, '.changed')), new Map([['0', '<p>甲，改</p>'], ['1', '<p>丙</p>']]));
  placer.completeStaging();
  assert.deepEqual(snapshot(staging), new Map([['a.html', '<p>甲，改</p>'], [path.join('b', 'index.html'), '<p>乙</p>'], [path.join('c', 'd', 'index.html'), '<p>丙</p>']]));
  assert.equal(fs.statSync(path.join(staging, 'b', 'index.html')).ino, fs.statSync(path.join(previous, 'b', 'index.html')).ino);
  assert.equal(fs.existsSync(path.join(staging, '.changed')), false);
});
