import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { Placer } from '../src/write/carry-over.ts';
import { coldBuild, makeSite, post, runCli, snapshot, tempDir } from './helpers.ts';

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

test('a rebuild that changes more than a quarter of the site stages it whole, with no flat folder left in it', () => {
  const env = { NEWSARCHIVE_THREADS: '1' };
  // 120 posts: a new newest post changes some 46 of 169 files.
  const site = shiftingSite(120);
  const dist = path.join(site, 'dist');
  build(site, env);
  addNewest(site, 121);
  build(site, env);
  assert.equal(fs.existsSync(path.join(dist, '.changed')), false);
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
