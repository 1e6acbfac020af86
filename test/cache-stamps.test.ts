import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'node:test';
import { fileStamp } from '../src/cache/stamps.ts';
import { PostCache } from '../src/cache/posts.ts';
import { coldSnapshot, makeSite, post, runCli, snapshot, tempDir } from './helpers.ts';

function build(site: string, env: Record<string, string> = {}) {
  const result = runCli(site, ['build'], env);
  assert.equal(result.code, 0, result.stderr);
  const m = /cache: (\d+) posts reused, (\d+) cleaned/.exec(result.stdout);
  assert.ok(m, result.stdout);
  return { reused: Number(m[1]), cleaned: Number(m[2]) };
}

test('a stamp is withheld while the file is fresh, and changes with its size, times or inode', () => {
  const dir = tempDir('stamps');
  const file = path.join(dir, 'a.md');
  fs.writeFileSync(file, 'abc');
  assert.equal(fileStamp(file), undefined, 'just written: too fresh to vouch for its bytes');
  const later = Date.now() + 10_000;
  const first = fileStamp(file, later);
  assert.ok(first);
  assert.equal(fileStamp(file, later), first);
  const { mtime } = fs.statSync(file);
  fs.writeFileSync(file, 'abd');
  fs.utimesSync(file, mtime, mtime);
  assert.notEqual(fileStamp(file, Date.now() + 10_000), first, 'same size and modification time, but the change time moved');
  fs.writeFileSync(path.join(dir, 'b.md'), 'abd');
  fs.renameSync(path.join(dir, 'b.md'), file);
  assert.notEqual(fileStamp(file, Date.now() + 10_000), first);
  assert.equal(fileStamp(path.join(dir, 'missing.md')), undefined);
});

test('the post cache keeps each file\'s stamp with its entry, and vouches for a key only under the same stamp', () => {
  const dir = tempDir('stamps-cache');
  const cache = PostCache.open(dir, 'salt');
  cache.put('k1', null, []);
  cache.stamp('k1', 'posts/a.md', 's1');
  cache.save();
  const reopened = PostCache.open(dir, 'salt');
  assert.equal(reopened.keyByStamp('posts/a.md', 's1'), 'k1');
  assert.equal(reopened.keyByStamp('posts/a.md', 's2'), undefined);
  assert.equal(reopened.keyByStamp('posts/b.md', 's1'), undefined);
  assert.equal(PostCache.open(dir, 'another salt').keyByStamp('posts/a.md', 's1'), undefined);
  // A build that does not see the file again drops its entry and its stamp.
  reopened.save();
  assert.equal(PostCache.open(dir, 'salt').keyByStamp('posts/a.md', 's1'), undefined);
});

// With two threads, a rebuild's files are stamped by the first worker while the main thread reads the cache index.
for (const threads of ['1', '2']) {
  test(`once files are stamped, edits that keep the size and modification time, touches and swaps all rebuild like a cold build (${threads} thread(s))`, async () => {
    const env = { NEWSARCHIVE_THREADS: threads };
    const files: Record<string, string> = { 'newsarchive.yml': 'title: 存档\nurl: https://example.com\nsearch: false\n' };
    for (let i = 1; i <= 4; i++) files[`posts/2022-01-0${i}-p${i}.md`] = post({ title: `"第${i}篇"`, date: `2022-01-0${i} 09:00:00 +0800`, categories: 'dazhongribao' }, `<p>正文${i}：电网建设。</p>`);
    const site = makeSite(files);
    await sleep(2100);
    assert.deepEqual(build(site, env), { reused: 0, cleaned: 4 });
    assert.deepEqual(build(site, env), { reused: 4, cleaned: 0 });

    const edited = path.join(site, 'posts/2022-01-02-p2.md');
    const { mtime } = fs.statSync(edited);
    fs.writeFileSync(edited, fs.readFileSync(edited, 'utf8').replace('电网建设', '电网改造'));
    fs.utimesSync(edited, mtime, mtime);
    assert.deepEqual(build(site, env), { reused: 3, cleaned: 1 });
    assert.match(fs.readFileSync(path.join(site, 'dist/dazhongribao/2022/01/02/p2/index.html'), 'utf8'), /电网改造/);
    assert.deepEqual(snapshot(path.join(site, 'dist')), coldSnapshot(site));

    await sleep(2100);
    const touched = path.join(site, 'posts/2022-01-03-p3.md');
    fs.utimesSync(touched, new Date(), new Date());
    assert.deepEqual(build(site, env), { reused: 4, cleaned: 0 }, 'a touch is a new stamp over the same bytes');

    const swapped = path.join(site, 'posts/2022-01-04-p4.md');
    fs.writeFileSync(`${swapped}.new`, fs.readFileSync(swapped, 'utf8').replace('电网建设', '电网检修'));
    fs.renameSync(`${swapped}.new`, swapped);
    assert.deepEqual(build(site, env), { reused: 3, cleaned: 1 });
    assert.deepEqual(snapshot(path.join(site, 'dist')), coldSnapshot(site));
  });
}
