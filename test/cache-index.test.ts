// The post cache index is saved by copying the batches of records a build left as they were, and
// re-serializing only the rest: the result must read back exactly as a whole rewrite would.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { PostCache } from '../src/cache/posts.ts';
import { readRecordBatches, RecordWriter } from '../src/cache/records.ts';
import { tempDir } from './helpers.ts';

const problem = (i: number | string) => [{ severity: 'warning' as const, file: `posts/${i}.md`, message: `第${i}篇的提示` }];

/** Puts posts `from` to `to - 1` (failed ones, a problem each) and stamps them; with `writeEvery`, hands their records to the next index that often. */
function putPosts(cache: PostCache, from: number, to: number, writeEvery = 0): void {
  for (let i = from; i < to; i++) {
    cache.put(`k${i}`, null, problem(i));
    cache.stamp(`k${i}`, `posts/${i}.md`, `s${i}`);
    if (writeEvery && i % writeEvery === writeEvery - 1) cache.writeFresh();
  }
}

test('a save copies the unchanged batches of the index, and the index reads back as if written whole', () => {
  const dir = tempDir('cache-index');
  const index = path.join(dir, 'posts.index');
  const first = PostCache.open(dir, 'salt');
  putPosts(first, 0, 300);
  first.save();
  const before = [...readRecordBatches(index)];
  assert.ok(before.length >= 3, 'the index spans several batches');
  const untouched = before.at(-1)!;
  const untouchedBytes = fs.readFileSync(index).subarray(untouched.offset, untouched.offset + untouched.length);

  // The next build: post 5 edited (a new key), post 150 deleted, post 200 touched (a new stamp), post 300 added.
  const second = PostCache.open(dir, 'salt');
  for (let i = 0; i < 300; i++) {
    if (i === 5 || i === 150) continue;
    const stamp = i === 200 ? 's200-touched' : `s${i}`;
    assert.equal(second.keyByStamp(`posts/${i}.md`, `s${i}`), `k${i}`);
    second.take(`k${i}`);
    second.stamp(`k${i}`, `posts/${i}.md`, stamp);
  }
  second.put('k5-edited', null, problem('5-edited'));
  second.stamp('k5-edited', 'posts/5.md', 's5-edited');
  // Its record goes to the next index now; the one below only at the save.
  second.writeFresh();
  second.put('k300', null, problem(300));
  second.stamp('k300', 'posts/300.md', 's300');
  second.save();

  assert.ok(fs.readFileSync(index).includes(untouchedBytes), 'the last batch, untouched, is copied byte for byte');
  const third = PostCache.open(dir, 'salt');
  const expected = new Map<string, [string, string, string]>();
  for (let i = 0; i <= 300; i++) if (i !== 5 && i !== 150) expected.set(`posts/${i}.md`, [`k${i}`, i === 200 ? 's200-touched' : `s${i}`, `第${i}篇的提示`]);
  expected.set('posts/5.md', ['k5-edited', 's5-edited', '第5-edited篇的提示']);
  for (const [sourcePath, [key, stamp, message]] of expected) {
    assert.equal(third.keyByStamp(sourcePath, stamp), key, sourcePath);
    assert.equal(third.take(key)?.problems[0].message, message);
  }
  assert.equal(third.has('k5'), false, 'the edited post\'s old entry is gone');
  assert.equal(third.has('k150'), false, 'the deleted post\'s entry is gone');
  assert.equal(third.keyByStamp('posts/200.md', 's200'), undefined, 'the touched post\'s old stamp is gone');
  assert.equal(third.keys().length, expected.size);
});

test('records written while the build runs are in the saved index; a cache closed without saving leaves the last index and no other file', () => {
  const dir = tempDir('cache-index');
  const index = path.join(dir, 'posts.index');
  const first = PostCache.open(dir, 'salt');
  putPosts(first, 0, 300, 32);
  assert.ok(fs.readdirSync(dir).some((name) => name.endsWith('.tmp')), 'the next index is begun before the save');
  first.save();
  assert.deepEqual(fs.readdirSync(dir), ['posts.index']);
  const saved = fs.readFileSync(index);
  const second = PostCache.open(dir, 'salt');
  for (let i = 0; i < 300; i++) {
    assert.equal(second.keyByStamp(`posts/${i}.md`, `s${i}`), `k${i}`);
    assert.equal(second.take(`k${i}`)?.problems[0].message, `第${i}篇的提示`);
  }
  const records = [...readRecordBatches(index)].flatMap((batch) => batch.values);
  assert.equal(records.length, 301, 'the salt, then each record once');

  // A build that fails before it saves: what it wrote ahead is dropped, the last index stays.
  putPosts(second, 300, 400);
  second.writeFresh();
  second.close();
  assert.deepEqual(fs.readdirSync(dir), ['posts.index']);
  assert.ok(fs.readFileSync(index).equals(saved));
});

test('a record file reads back whole across read chunks, with records bigger than a chunk, and a cut-off file is an error', () => {
  const dir = tempDir('cache-index');
  const file = path.join(dir, 'records');
  const values = Array.from({ length: 600 }, (_, i) => (i === 550 ? '大'.repeat(5 << 20) : { i, text: `第${i}条`.repeat(1000 + i) }));
  const writer = new RecordWriter(file);
  for (const value of values) writer.add(value);
  writer.end();
  const batches = [...readRecordBatches(file)];
  assert.deepEqual(batches.flatMap((batch) => batch.values), values);
  const bytes = fs.readFileSync(file);
  for (const batch of batches) assert.equal(bytes.readUInt32LE(batch.offset), batch.length - 4, 'each batch where it says it is');
  fs.writeFileSync(file, bytes.subarray(0, bytes.length - 3));
  assert.throws(() => [...readRecordBatches(file)], /truncated/);
});

test('the next index that a killed build began is deleted by the next build; one of a build still running is left', () => {
  const dir = tempDir('cache-index');
  // A process that has ended: its pid is free (and not reused this soon).
  const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
  const killed = path.join(dir, `posts.index.${gone}-1.tmp`);
  const running = path.join(dir, `posts.index.${process.ppid}-1.tmp`);
  fs.writeFileSync(killed, 'half an index');
  fs.writeFileSync(running, 'an index under way');
  const cache = PostCache.open(dir, 'salt');
  cache.put('k', null, problem(1));
  cache.writeFresh();
  assert.equal(fs.existsSync(killed), false, 'the killed build\'s index is gone');
  assert.equal(fs.readFileSync(running, 'utf8'), 'an index under way');
  cache.save();
  assert.deepEqual(fs.readdirSync(dir).sort(), ['posts.index', path.basename(running)]);
});

test('two caches of one folder in one process write their next indexes apart', () => {
  const dir = tempDir('cache-index');
  const one = PostCache.open(dir, 'salt');
  const two = PostCache.open(dir, 'salt');
  putPosts(one, 0, 200, 32);
  putPosts(two, 200, 400, 32);
  one.writeFresh();
  two.writeFresh();
  one.save();
  const first = fs.readFileSync(path.join(dir, 'posts.index'));
  two.close();
  assert.ok(fs.readFileSync(path.join(dir, 'posts.index')).equals(first), 'the second, closed unsaved, leaves the first one\'s index');
  const read = PostCache.open(dir, 'salt');
  assert.equal(read.keys().length, 200);
  for (let i = 0; i < 200; i++) assert.equal(read.keyByStamp(`posts/${i}.md`, `s${i}`), `k${i}`);
});
