// Sharing and search-engine metadata: meta tags, OpenGraph, Twitter cards, NewsArticle JSON-LD.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import type { CheerioAPI } from 'cheerio';
import { firstImage, scriptJson } from '../src/render/jsonld.ts';
import { SHARED, makeSite, page, post, runCli } from './helpers.ts';

const HOSTILE = '</script><script>alert(1)</script><!-- 标题 & “引号”';

let built: string | undefined;

/** One build shared by the tests in this file. */
function buildFixture(): string {
  if (built) return built;
  const site = makeSite({
    'newsarchive.yml': 'url: https://news.example.com\nbasePath: /archive/\n',
    'posts/2022-01-18-seed.md': fs.readFileSync(path.join(SHARED, 'seed', '000_71d41e371ede76bf.txt')),
    'posts/2022-03-02-photo.md': post(
      { title: JSON.stringify(HOSTILE), date: '2022-03-02 08:00:00 +0800', categories: 'renminribao', tags: '[电力, 人民日报新闻]', author: '王立章' },
      '<p>供电公司的新营业厅开门了。</p><p><img src="pics/hall.jpg" alt="营业厅"></p>',
    ),
  });
  const result = runCli(site, ['build', '--no-search']);
  assert.equal(result.code, 0, result.stderr);
  return (built = site);
}

/** The parts of schema.org NewsArticle that Google's article rich results require or recommend, checked by type. */
function checkNewsArticle(data: Record<string, unknown>, canonical: string): void {
  assert.equal(data['@context'], 'https://schema.org');
  assert.equal(data['@type'], 'NewsArticle');
  assert.equal(typeof data.headline, 'string');
  assert.ok((data.headline as string).length > 0 && [...(data.headline as string)].length <= 110);
  for (const key of ['datePublished', 'dateModified']) assert.match(data[key] as string, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$/, `${key} is ISO 8601 with an offset`);
  assert.ok(Array.isArray(data.author) && data.author.length > 0);
  for (const author of data.author as Record<string, unknown>[]) {
    assert.ok(['Person', 'Organization'].includes(author['@type'] as string));
    assert.equal(typeof author.name, 'string');
  }
  const publisher = data.publisher as Record<string, unknown>;
  assert.equal(publisher['@type'], 'Organization');
  assert.equal(typeof publisher.name, 'string');
  if ('image' in data) for (const url of data.image as string[]) assert.match(url, /^https?:\/\//);
  assert.deepEqual(data.mainEntityOfPage, { '@type': 'WebPage', '@id': canonical });
  assert.equal(data.url, canonical);
}

function jsonLd($: CheerioAPI): Record<string, unknown> {
  const blocks = $('script[type="application/ld+json"]');
  assert.equal(blocks.length, 1);
  return JSON.parse(blocks.text()) as Record<string, unknown>;
}

const meta = ($: CheerioAPI, key: string) => $(`meta[property="${key}"], meta[name="${key}"]`).attr('content');

test('an article describes itself with meta tags, OpenGraph, a Twitter card and valid NewsArticle JSON-LD', () => {
  const site = buildFixture();
  const $ = page(site, 'dazhongribao/2022/01/18/seed/index.html');
  const canonical = 'https://news.example.com/archive/dazhongribao/2022/01/18/seed/';
  assert.equal($('link[rel="canonical"]').attr('href'), canonical);
  assert.equal(meta($, 'og:url'), canonical);
  assert.equal(meta($, 'og:type'), 'article');
  assert.equal(meta($, 'og:title'), '让电力营商“软环境”成为企业发展“硬支撑”');
  assert.equal(meta($, 'og:locale'), 'zh_CN');
  assert.equal(meta($, 'article:published_time'), '2022-01-18T09:52:23+08:00');
  assert.equal(meta($, 'article:section'), '大众日报');
  assert.equal(meta($, 'twitter:card'), 'summary', 'no image: the small card');
  assert.equal(meta($, 'og:image'), undefined);
  const description = meta($, 'description')!;
  assert.ok(description.includes('阿姨，您好'), description);
  assert.equal(meta($, 'og:description'), description);
  assert.ok([...description].length <= 151);
  assert.equal($('link[rel="alternate"][type="application/atom+xml"]').attr('href'), '/archive/feed.xml');

  const data = jsonLd($);
  checkNewsArticle(data, canonical);
  assert.equal(data.headline, '让电力营商“软环境”成为企业发展“硬支撑”');
  assert.equal(data.datePublished, '2022-01-18T09:52:23+08:00');
  assert.deepEqual(data.publisher, { '@type': 'Organization', name: '大众日报' });
  assert.equal('image' in data, false);
});

test('a hostile title cannot break out of the JSON-LD block, and an article image is shared by absolute URL', () => {
  const site = buildFixture();
  const html = fs.readFileSync(path.join(site, 'dist/renminribao/2022/03/02/photo/index.html'), 'utf8');
  const block = /<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(html)![1];
  assert.doesNotMatch(block, /[<>]/, 'no raw angle brackets inside the script block');
  const $ = page(site, 'renminribao/2022/03/02/photo/index.html');
  assert.equal($('script').length, 1, 'only the JSON-LD script: the title made no new element');
  assert.equal($('article h1').text(), HOSTILE);
  const canonical = 'https://news.example.com/archive/renminribao/2022/03/02/photo/';
  const data = jsonLd($);
  checkNewsArticle(data, canonical);
  assert.equal(data.headline, HOSTILE);
  assert.deepEqual(data.author, [{ '@type': 'Person', name: '王立章' }]);
  assert.deepEqual(data.publisher, { '@type': 'Organization', name: '人民日报' });
  assert.deepEqual(data.image, [`${canonical}pics/hall.jpg`]);
  assert.equal(meta($, 'og:image'), `${canonical}pics/hall.jpg`);
  assert.equal(meta($, 'twitter:card'), 'summary_large_image');
  assert.deepEqual($('meta[property="article:tag"]').map((_, el) => $(el).attr('content')).get(), ['电力', '人民日报新闻']);
});

test('listing pages are websites with their own feed beside the site feed', () => {
  const site = buildFixture();
  const $ = page(site, 'category/dazhongribao/index.html');
  assert.equal(meta($, 'og:type'), 'website');
  assert.equal($('script[type="application/ld+json"]').length, 0);
  assert.deepEqual($('link[rel="alternate"]').map((_, el) => $(el).attr('href')).get(), ['/archive/feed.xml', '/archive/category/dazhongribao/feed.xml']);
  assert.equal($('link[rel="canonical"]').attr('href'), 'https://news.example.com/archive/category/dazhongribao/');
});

test('scriptJson escapes what could end a script block, and JSON.parse gives the value back', () => {
  const value = { t: '</script><!--<script>', amp: 'a&b', ls: 'x\u2028y\u2029z' };
  const text = scriptJson(value);
  assert.doesNotMatch(text, /[<>&\u2028\u2029]/);
  assert.deepEqual(JSON.parse(text), value);
});

test('firstImage resolves the first image against the article URL and skips data: URLs', () => {
  const base = 'https://x.example/a/b/';
  assert.equal(firstImage('<p><img alt="a" src="p/1.jpg"><img src="2.jpg"></p>', base), 'https://x.example/a/b/p/1.jpg');
  assert.equal(firstImage('<img src="/root.png">', base), 'https://x.example/root.png');
  assert.equal(firstImage('<img src="https://cdn.example/i.jpg?a=1&amp;b=2">', base), 'https://cdn.example/i.jpg?a=1&b=2');
  assert.equal(firstImage('<img src="data:image/png;base64,AAAA">', base), undefined);
  assert.equal(firstImage('<p>无图</p>', base), undefined);
});
