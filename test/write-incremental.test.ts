import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { commitChanges } from '../src/write/journal.ts';
import { openStaging } from '../src/write/staging.ts';
import { coldSnapshot, makeSite, post, runCli, snapshot, tempDir } from './helpers.ts';

function inodes(dir: string): Map<string, number> {
  const found = new Map<string, number>();
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) found.set(path.relative(dir, path.join(entry.parentPath, entry.name)), fs.statSync(path.join(entry.parentPath, entry.name)).ino);
  }
  return found;
}

// One thread places the files itself; with two, a writer thread does while the main one renders.
for (const threads of ['1', '2']) {
  test(`a one-post edit replaces only that page in place and leaves every other file untouched (${threads} thread${threads === '1' ? '' : 's'})`, () => {
    const env = { NEWSARCHIVE_THREADS: threads };
    const files: Record<string, string> = { 'newsarchive.yml': 'pageSize: 10\nurl: https://example.com\npermalink: /posts/:title/\nsearch: false\n' };
    for (let i = 1; i <= 30; i++) {
      const day = String((i % 28) + 1).padStart(2, '0');
      files[`posts/2021-03-${day}-p${i}.md`] = post({ title: `"报道${i}"`, date: `2021-03-${day} 10:${String(i).padStart(2, '0')}:00 +0800`, categories: 'dazhongribao', tags: '大众日报新闻' }, `<p>第${i}篇。${'电网建设稳步推进，服务企业发展。'.repeat(12)}</p>\n<p class="em_media">（来源：大众日报）</p>`);
    }
    const site = makeSite(files);
    assert.equal(runCli(site, ['build'], env).code, 0);
    const before = inodes(path.join(site, 'dist'));
    const file = path.join(site, 'posts/2021-03-16-p15.md');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('<p class="em_media">', '<p>补充一段。</p>\n<p class="em_media">'));
    const result = runCli(site, ['build'], env);
    assert.equal(result.code, 0, result.stderr);
    // The article and the two feeds that carry its full text; its excerpt, so every listing, is unchanged.
    assert.match(result.stdout, /cache: 29 posts reused, 1 cleaned, 3 files written/);
    const after = inodes(path.join(site, 'dist'));
    assert.deepEqual([...after.keys()].sort(), [...before.keys()].sort());
    const changed = [...after].filter(([name, ino]) => before.get(name) !== ino).map(([name]) => name);
    assert.deepEqual(changed.sort(), [path.join('category', 'dazhongribao', 'feed.xml'), 'feed.xml', path.join('posts', 'p15', 'index.html')]);
    assert.match(fs.readFileSync(path.join(site, 'dist/posts/p15/index.html'), 'utf8'), /补充一段/);
    assert.deepEqual(snapshot(path.join(site, 'dist')), coldSnapshot(site));
    // No journal, backup or staging folder is left beside the site.
    assert.deepEqual(fs.readdirSync(site).sort(), ['.cache', 'dist', 'newsarchive.yml', 'posts']);
  });
}

/** An empty folder for a site in `dist/`. */
function journalRoot(): { root: string; outDir: string } {
  const root = tempDir('journal');
  return { root, outDir: path.join(root, 'dist') };
}

function write(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}

test('a commit killed half way is rolled back by the next build before it touches the site', () => {
  const { root, outDir } = journalRoot();
  write(path.join(outDir, 'a/index.html'), 'old a');
  write(path.join(outDir, 'b/index.html'), 'old b');
  const original = snapshot(outDir);
  const staging = openStaging(outDir);
  write(path.join(staging, 'a/index.html'), 'new a');
  write(path.join(staging, 'c/index.html'), 'new c');
  // A commit that dies after its first moves: simulate by making the last move fail.
  const realRename = fs.renameSync;
  let moves = 0;
  fs.renameSync = ((from: fs.PathLike, to: fs.PathLike) => {
    if (++moves === 5) throw Object.assign(new Error('killed'), { code: 'EKILLED' });
    realRename(from, to);
  }) as typeof fs.renameSync;
  try {
    assert.throws(() => commitChanges(outDir, staging, ['a/index.html', 'c/index.html'].map((relative) => ({ relative, staged: path.join(staging, relative) })), ['b/index.html']), /killed/);
  } finally {
    fs.renameSync = realRename;
  }
  assert.notDeepEqual(snapshot(outDir), original);
  openStaging(outDir);
  assert.deepEqual(snapshot(outDir), original);
  assert.equal(fs.existsSync(path.join(outDir, 'c')), false);
  assert.deepEqual(fs.readdirSync(root).filter((n) => !n.startsWith('dist.staging-')), ['dist']);
});

test('a backup folder left without its journal (a commit killed once it was done) goes at the next build', () => {
  const { root, outDir } = journalRoot();
  write(path.join(outDir, 'a/index.html'), 'new a');
  write(path.join(root, 'dist.backup-4242/0'), 'old a');
  const original = snapshot(outDir);
  openStaging(outDir);
  assert.deepEqual(snapshot(outDir), original);
  assert.deepEqual(fs.readdirSync(root).filter((n) => !n.startsWith('dist.staging-')), ['dist']);
});

test('a killed commit journaled by an earlier release (its backup a copy of the site\'s folders) is rolled back too', () => {
  const { root, outDir } = journalRoot();
  // What such a commit left: a/ replaced (old copy aside), c/ added, b/ removed (aside).
  write(path.join(outDir, 'a/index.html'), 'new a');
  write(path.join(outDir, 'c/index.html'), 'new c');
  write(path.join(root, 'dist.backup-4242/a/index.html'), 'old a');
  write(path.join(root, 'dist.backup-4242/b/index.html'), 'old b');
  fs.writeFileSync(path.join(root, 'dist.journal-4242'), JSON.stringify({ changed: ['a/index.html', 'c/index.html'], removed: ['b/index.html'] }));
  openStaging(outDir);
  // Such a journal does not say how far the commit got: c/ may be a file the previous site had, so
  // it stays (the build after a killed one writes the whole site again, its record being gone).
  assert.deepEqual(snapshot(outDir), new Map([[path.join('a', 'index.html'), 'old a'], [path.join('b', 'index.html'), 'old b'], [path.join('c', 'index.html'), 'new c']]));
  assert.deepEqual(fs.readdirSync(root).filter((n) => !n.startsWith('dist.staging-')), ['dist']);
});
