// The search index at build time: what is indexed, and turning it off.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { makeSite, page, post, runCli } from './helpers.ts';

const POSTS = {
  'posts/2022-01-18-a.md': post({ title: '优化营商环境', date: '2022-01-18 09:00:00 +0800', categories: 'dazhongribao', tags: '[大众日报新闻]' }, '<p>国网昌邑市供电公司持续优化电力营商环境。</p>'),
  'posts/2021-05-01-b.md': post({ title: '乡村振兴', date: '2021-05-01 09:00:00 +0800', categories: 'renminribao' }, '<p>乡村振兴的故事。</p>'),
};

test('the build indexes the articles, and only them, in Chinese', () => {
  const site = makeSite(POSTS);
  const result = runCli(site, ['build']);
  assert.equal(result.code, 0, result.stderr);
  const entry = JSON.parse(fs.readFileSync(path.join(site, 'dist/pagefind/pagefind-entry.json'), 'utf8'));
  assert.deepEqual(Object.keys(entry.languages), ['zh-cn'], 'segmented as Chinese');
  assert.equal(entry.languages['zh-cn'].page_count, 2, 'two articles; listings, stats and search pages are not indexed');
  assert.ok(fs.existsSync(path.join(site, 'dist/pagefind/pagefind.js')));
  assert.equal(fs.readdirSync(path.join(site, 'dist/pagefind/fragment')).length, 2);

  const $ = page(site, 'dazhongribao/2022/01/18/a/index.html');
  assert.equal($('[data-pagefind-body]').length, 1);
  assert.ok($('article').is('[data-pagefind-body]'));
  assert.equal($('article time').attr('data-pagefind-filter'), 'year:2022');
  assert.equal($('article [data-pagefind-filter="newspaper"]').text(), '大众日报');
  assert.equal($('article [data-pagefind-meta="newspaper"]').text(), '大众日报');
  assert.equal($('.related [data-pagefind-body], nav [data-pagefind-body]').length, 0);
  const home = page(site, 'index.html');
  assert.equal(home('[data-pagefind-body]').length, 0);
  assert.equal(home('form.site-search').attr('action'), '/search/');
  assert.equal(home('form.site-search').attr('method'), 'get');
  assert.equal(home('form.site-search input[type="search"]').attr('name'), 'q');
  const search = page(site, 'search/index.html');
  assert.equal(search('[data-search-root]').attr('data-enabled'), 'true');
  assert.equal(search('script[src]').attr('src'), '/assets/search.js');
});

test('--no-search skips the index and the search page says search is off', () => {
  const site = makeSite(POSTS);
  const result = runCli(site, ['build', '--no-search']);
  assert.equal(result.code, 0, result.stderr);
  assert.equal(fs.existsSync(path.join(site, 'dist/pagefind')), false);
  const $ = page(site, 'search/index.html');
  assert.equal($('[data-search-root]').attr('data-enabled'), 'false');
  assert.match($('.search-status').text(), /没有生成搜索索引/);
});

test('"search: false" in the config skips the index; a value that is not true or false is a config error', () => {
  const off = makeSite({ ...POSTS, 'newsarchive.yml': 'search: false\n' });
  assert.equal(runCli(off, ['build']).code, 0);
  assert.equal(fs.existsSync(path.join(off, 'dist/pagefind')), false);
  const bad = makeSite({ ...POSTS, 'newsarchive.yml': 'search: "yes"\n' });
  const result = runCli(bad, ['build']);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /config key "search" must be true or false/);
});

test('under a base path the search page knows where the index and the site are', () => {
  const site = makeSite(POSTS);
  assert.equal(runCli(site, ['build', '--base-path', '/archive/']).code, 0);
  const $ = page(site, 'search/index.html');
  assert.equal($('[data-search-root]').attr('data-pagefind'), '/archive/pagefind/pagefind.js');
  assert.equal($('[data-search-root]').attr('data-base-url'), '/archive/');
  assert.equal($('[data-search-root]').attr('action'), '/archive/search/');
  assert.ok(fs.existsSync(path.join(site, 'dist/pagefind/pagefind.js')));
});
