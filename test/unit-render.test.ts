import assert from 'node:assert/strict';
import { test } from 'node:test';
import { load } from 'cheerio';
import { sitemapFiles, sitemapPaths } from '../src/render/sitemap.ts';
import { urlMaker } from '../src/render/site-urls.ts';
import { utf8Of } from '../src/render/utf8-parts.ts';

const urls = urlMaker('https://news.example.cn', '/archive/');

test('links carry the base path, are percent-encoded once, and absolute URLs use the site URL', () => {
  assert.equal(urls.link('/tag/x/'), '/archive/tag/x/');
  assert.equal(urls.link('/电力/'), '/archive/%E7%94%B5%E5%8A%9B/');
  assert.equal(urls.link('/a%20b/'), '/archive/a%20b/');
  assert.equal(urls.absolute('/feed.xml'), 'https://news.example.cn/archive/feed.xml');
});

test('a sitemap past the limit becomes an index of sitemaps', () => {
  const pages = ['/a/', '/b/', '/c/', '/d/', '/e/'].map((url) => ({ url }));
  const single = sitemapFiles(pages, urls, 5);
  assert.deepEqual(single.map((f) => f.path), ['sitemap.xml']);
  assert.equal(load(single[0].parts.join(''), { xml: true })('url').length, 5);

  const split = sitemapFiles(pages, urls, 2);
  assert.deepEqual(split.map((f) => f.path), ['sitemap-1.xml', 'sitemap-2.xml', 'sitemap-3.xml', 'sitemap.xml']);
  const index = load(split[3].parts.join(''), { xml: true });
  assert.deepEqual(index('sitemapindex > sitemap > loc').toArray().map((l) => index(l).text()), [1, 2, 3].map((n) => `https://news.example.cn/archive/sitemap-${n}.xml`));
  const all = split.slice(0, 3).flatMap((f) => load(f.parts.join(''), { xml: true })('loc').toArray().map((l) => load(l).text()));
  assert.deepEqual(all, pages.map((p) => urls.absolute(p.url)));
});

test('the sitemap paths are known from the count of URLs alone, as the sitemap itself names them', () => {
  for (const limit of [1, 2, 3, 5, 6]) {
    for (let count = 0; count <= 7; count++) {
      const pages = Array.from({ length: count }, (_, i) => ({ url: `/p${i}/` }));
      assert.deepEqual(sitemapPaths(count, limit), sitemapFiles(pages, urls, limit).map((f) => f.path), `${count} URLs, ${limit} per file`);
    }
  }
});

test('a file made of parts has the bytes of its text joined, in a buffer of its own', () => {
  const parts = ['<?xml version="1.0"?>\n', '', '电力 · 新闻', '😀𠮷', 'a'.repeat(70_000), '</feed>\n'];
  const bytes = utf8Of(parts);
  assert.deepEqual(bytes, Buffer.from(parts.join(''), 'utf8'));
  assert.equal(bytes.byteOffset, 0);
  assert.equal(bytes.buffer.byteLength, bytes.length);
  assert.equal(utf8Of([]).length, 0);
});
