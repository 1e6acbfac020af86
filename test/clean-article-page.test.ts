// The clean stage seen through built pages: what a reader of the seed and of a real finews post gets.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { CORPUS_DIR, SEED_FILE, compact } from './clean-helpers.ts';
import { makeSite, page, runCli } from './helpers.ts';

const seed = fs.readFileSync(SEED_FILE, 'utf8');
// The real stock-news post has no date (its API record lacked one): give it one, keep its body byte for byte.
const stockBody = fs.readFileSync(path.join(CORPUS_DIR, '_posts', '-202205262391921712.md'), 'utf8').split(/^---$/m).slice(2).join('---');
const stock = `---\nlayout: post\ntitle: "霍尼韦尔为蔚来ET7提供制冷剂"\ndate: 2022-05-26 10:00:00 +0800\ncategories: emnews\ntags: 东财滚动新闻\n---${stockBody}`;
const files = {
  'posts/2022-01-18-seed.md': seed,
  'posts/2022-05-26-202205262391921712.md': stock,
  'posts/2021-12-08-202112082206945215.md': fs.readFileSync(path.join(CORPUS_DIR, '_posts', '2021-12-08-202112082206945215.md')),
};
const SEED_PAGE = 'dazhongribao/2022/01/18/seed/index.html';
const STOCK_PAGE = 'emnews/2022/05/26/202205262391921712/index.html';

test('the seed article page shows byline, source, three headings, the full text, 原文链接 and none of the old site\'s links', () => {
  const site = makeSite(files);
  const result = runCli(site, ['build']);
  assert.equal(result.code, 0, result.stderr);
  const $ = page(site, SEED_PAGE);
  assert.equal($('.article-header .byline').text(), '郭鹏');
  assert.match($('.article-header .source').text(), /大众日报/);
  assert.deepEqual($('.article-body h2').map((_, h) => $(h).text()).get(), ['提供客户需求为导向的优质服务', '建设高效便捷为宗旨的协同机制', '形成政企良性互动的新型共赢模式']);
  const original = $('a:contains("原文链接")');
  assert.equal(original.attr('href'), 'http://finews.zning.xyz/html_News/NewsShare.html?infoCode=NW202201182251446888');
  assert.equal(original.attr('rel'), 'nofollow noopener');
  assert.equal($('a[href*="withounder"], a[href*="zning.me"]').length, 0);
  assert.doesNotMatch($('main, body').first().text(), /返回首页|返回大众日报新闻|□|文章来源/);
  // Every sentence of the seed's body is on the page, in order.
  const body = compact($('.article-body').text());
  const paragraphs = [...seed.matchAll(/<p>([^<]{20,})<\/p>/g)].map((m) => compact(m[1]));
  assert.equal(paragraphs.length, 11);
  let at = 0;
  for (const p of paragraphs) {
    const found = body.indexOf(p, at);
    assert.ok(found >= at, p.slice(0, 20));
    at = found + p.length;
  }
  assert.match($('meta[name="description"]').attr('content') ?? '', /^“阿姨，您好！/);
  assert.match($('.article-header .length').text(), /\d+ 字 · 约 4 分钟读完/);
});

test('a real finews post shows its lead, clean text and its photo with the credit as caption', () => {
  const site = makeSite(files);
  assert.equal(runCli(site, ['build']).code, 0);
  const $ = page(site, STOCK_PAGE);
  assert.match($('.lead').text(), /^据霍尼韦尔官网消息，5月24日/);
  assert.equal($('.article-body blockquote').length, 0);
  assert.equal($('.article-header .source').text().includes('上海证券报'), true);
  const figure = $('.article-body figure');
  assert.equal(figure.length, 1);
  assert.equal(figure.find('figcaption').text(), '图片来源：霍尼韦尔官网');
  assert.equal(figure.find('img').attr('loading'), 'lazy');
  assert.deepEqual($('.article-body h2').map((_, h) => $(h).text()).get(), ['什么是HFO-1234yf', '这些公司有HFO-1234yf产品']);
  assert.equal($('.article-body a').length, 0, 'the keyword links are gone');
  assert.equal($('.article-body span, .article-body center, .article-body [style]').length, 0);
  assert.match($('.article-body').text(), /巨化股份、联创股份已有HFO-1234yf产品/);
  const other = page(site, 'emnews/2021/12/08/202112082206945215/index.html');
  assert.doesNotMatch(other('.article-body').text(), /返回|http/);
  assert.equal(other('a:contains("原文链接")').attr('href'), 'http://stock.eastmoney.com/news/1405,202112082206945215.html');
});

test('config: a rule switched off is off; an unknown rule name or the sanitizer switched off is a config error (exit 2)', () => {
  const off = makeSite({ ...files, 'newsarchive.yml': 'clean:\n  merge-split-headings: false\n  extract-byline: false\n' });
  assert.equal(runCli(off, ['build']).code, 0);
  const $ = page(off, SEED_PAGE);
  assert.equal($('.article-body h2').length, 0);
  assert.equal($('.article-header .byline').length, 0);
  assert.match($('.article-body').text(), /□郭鹏/);

  const typo = makeSite({ ...files, 'newsarchive.yml': 'clean:\n  merge-split-heading: false\n' });
  const bad = runCli(typo, ['build']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /newsarchive\.yml: error: unknown clean rule "clean\.merge-split-heading"/);
  assert.match(bad.stderr, /known rules: .*merge-split-headings/);
  assert.equal(fs.existsSync(path.join(typo, 'dist')), false);

  const unsafe = runCli(makeSite({ ...files, 'newsarchive.yml': 'clean:\n  strip-unsafe: false\n' }), ['build']);
  assert.equal(unsafe.code, 2);
  assert.match(unsafe.stderr, /"clean\.strip-unsafe" cannot be switched off/);
});
