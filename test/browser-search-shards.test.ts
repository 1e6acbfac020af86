// Search over an index cut into several shards, in Chromium: every shard is searched, filters and
// their counts span all of them, and newest-first runs across shard boundaries in order.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import zlib from 'node:zlib';
import { chromium, type Browser, type Page } from 'playwright-core';
import { SHARED, makeSite, runCli } from './helpers.ts';
import { serveStatic } from './static-server.ts';

const CHROMIUM = '/usr/bin/chromium';
const BASE = '/archive/';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const skip = fs.existsSync(CHROMIUM) ? false : 'Chromium is not installed at /usr/bin/chromium';

let browser: Browser;
let server: Awaited<ReturnType<typeof serveStatic>>;
let site: string;
let posts = 0;
/** Per shard, its articles as the index holds them. */
let shards: Array<Array<{ url: string; meta: Record<string, string>; filters: Record<string, string[]> }>> = [];

before(async () => {
  if (skip) return;
  site = makeSite();
  execFileSync(process.execPath, [path.join(SHARED, 'bench', 'gen-corpus.mjs'), '--n', '40', '--out', path.join(site, 'gen')]);
  fs.renameSync(path.join(site, 'gen', '_posts'), path.join(site, 'posts'));
  posts = fs.readdirSync(path.join(site, 'posts')).length;
  // At most seven articles a shard: several shards from forty posts.
  const result = runCli(site, ['build', '--base-path', BASE], { NEWSARCHIVE_SEARCH_SHARD_POSTS: '7' });
  assert.equal(result.code, 0, result.stderr);
  const dir = path.join(site, 'dist', 'pagefind');
  const { merge } = JSON.parse(fs.readFileSync(path.join(dir, 'shards.json'), 'utf8'));
  shards = [dir, ...merge.map((m: string) => path.join(dir, m))].map((shard) =>
    fs.readdirSync(path.join(shard, 'fragment')).map((name) => JSON.parse(zlib.gunzipSync(fs.readFileSync(path.join(shard, 'fragment', name))).toString('utf8').slice('pagefind_dcd'.length))),
  );
  server = await serveStatic(path.join(site, 'dist'), BASE);
  browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

async function search(page: Page, query: string): Promise<{ total: number; hrefs: string[]; metas: string[] }> {
  await page.goto(`${server.origin}${BASE}search/?${query}`);
  await page.waitForFunction(() => /找到|没有找到/.test(document.querySelector('.search-status')!.textContent!));
  const status = (await page.textContent('.search-status')) ?? '';
  const total = Number(/找到 (\d+) 篇/.exec(status)?.[1] ?? 0);
  // Show every result: "more" until all are on the page.
  while ((await page.locator('.search-result').count()) < total) {
    const before = await page.locator('.search-result').count();
    await page.click('.search-more button');
    await page.waitForFunction((n) => document.querySelectorAll('.search-result').length > n, before);
  }
  return {
    total,
    hrefs: await page.locator('.search-result h2 a').evaluateAll((links) => links.map((a) => a.getAttribute('href')!)),
    metas: await page.locator('.search-result .post-card-meta').allTextContents(),
  };
}

test('the site has several shards of at most seven articles, and every article is in exactly one', { skip }, () => {
  assert.ok(shards.length >= 6, `${shards.length} shards`);
  for (const shard of shards) assert.ok(shard.length >= 1 && shard.length <= 7, `${shard.length} articles`);
  assert.equal(shards.flat().length, posts);
  assert.equal(new Set(shards.flat().map((r) => r.url)).size, posts);
});

test('an article of every shard is found by its title, narrowed to its newspaper and year', { skip }, async () => {
  const page = await browser.newPage();
  for (const [i, shard] of shards.entries()) {
    const target = shard[0];
    const query = new URLSearchParams({ q: target.meta.title, newspaper: target.filters.newspaper[0], year: target.filters.year[0] });
    const found = await search(page, query.toString());
    assert.ok(found.hrefs.includes(`${BASE}${target.url.slice(1)}`), `shard ${i}: ${target.meta.title} in ${found.hrefs.join(' ')}`);
    assert.ok(found.metas.every((meta) => meta.startsWith(`${target.filters.year[0]}年`) && meta.endsWith(target.filters.newspaper[0])), found.metas.join(' | '));
  }
  await page.close();
});

test('the filter lists count the articles of all shards', { skip }, async () => {
  const page = await browser.newPage();
  await search(page, 'q=营商');
  const count = async (name: string) => {
    const options = await page.locator(`select[name="${name}"] option`).allTextContents();
    return Object.fromEntries(options.slice(1).map((text) => { const [, value, n] = /^(.+)（(\d+)）$/.exec(text)!; return [value, Number(n)]; }));
  };
  const expected = (key: string) => {
    const counts: Record<string, number> = {};
    for (const record of shards.flat()) for (const value of record.filters[key]) counts[value] = (counts[value] ?? 0) + 1;
    return counts;
  };
  assert.deepEqual(await count('year'), expected('year'));
  assert.deepEqual(await count('newspaper'), expected('newspaper'));
  await page.close();
});

test('newest first runs across shard boundaries in date order, and finds as many as by relevance', { skip }, async () => {
  const page = await browser.newPage();
  const relevance = await search(page, 'q=营商环境');
  const newest = await search(page, 'q=营商环境&sort=date');
  assert.ok(newest.total > 7, 'more results than one shard holds');
  assert.equal(newest.total, relevance.total);
  assert.deepEqual([...newest.hrefs].sort(), [...relevance.hrefs].sort(), 'the same articles');
  const days = newest.metas.map((meta) => {
    const [, y, m, d] = /(\d+)年(\d+)月(\d+)日/.exec(meta)!.map(Number);
    return y * 10000 + m * 100 + d;
  });
  assert.deepEqual(days, [...days].sort((a, b) => b - a));
  const filtered = await search(page, 'newspaper=' + encodeURIComponent(shards[0][0].filters.newspaper[0]) + '&sort=date');
  assert.equal(filtered.total, shards.flat().filter((r) => r.filters.newspaper.includes(shards[0][0].filters.newspaper[0])).length, 'a filter alone lists all its articles');
  await page.close();
});
