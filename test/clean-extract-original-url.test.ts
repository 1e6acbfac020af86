import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { extractOriginalUrl } from '../src/clean/rules/extract-original-url.ts';
import { renderMarkdown } from '../src/load/markdown.ts';
import { applyRule, clean, realPosts } from './clean-helpers.ts';

test('extract-original-url: the trailing autolink becomes originalUrl and leaves the body', () => {
  const { findings, $ } = applyRule(extractOriginalUrl, renderMarkdown('正文。\n\n<http://finance.eastmoney.com/news/1344,202112082206704122.html>\n'));
  assert.equal(findings.originalUrl, 'http://finance.eastmoney.com/news/1344,202112082206704122.html');
  assert.deepEqual($('p').map((_, p) => $(p).text()).get(), ['正文。']);
});

test('extract-original-url: an empty <> is dropped and gives no URL', () => {
  const { findings, $ } = applyRule(extractOriginalUrl, renderMarkdown('正文。\n\n<>\n'));
  assert.equal(findings.originalUrl, undefined);
  assert.equal($('p').length, 1);
});

test('extract-original-url: links with words, unsafe schemes and links inside prose are not the original', () => {
  for (const html of [
    '<p>正文。</p><p><a href="http://a.com/x">原文</a></p>',
    '<p>正文。</p><p><a href="javascript:alert(1)">javascript:alert(1)</a></p>',
    '<p>详见<a href="http://a.com/x">http://a.com/x</a>。</p>',
  ]) {
    const { findings, html: out } = applyRule(extractOriginalUrl, html);
    assert.equal(findings.originalUrl, undefined, html);
    assert.equal(out, html);
  }
});

test('extract-original-url: every real post with an article id links to that article, and shows no bare URL', () => {
  let found = 0;
  for (const { file, html } of realPosts()) {
    const post = clean(html);
    const id = /(\d{18})\.md$/.exec(path.basename(file))?.[1];
    if (post.originalUrl) found++;
    if (id && html.includes(`${id}.html`)) assert.equal(post.originalUrl, /href="([^"]+)"/.exec(html.slice(html.lastIndexOf('<a href="http')))![1], file);
    assert.doesNotMatch(post.$.root().text(), /https?:\/\/|<>/, file);
  }
  assert.equal(clean(realPosts()[0].html).originalUrl, 'http://finews.zning.xyz/html_News/NewsShare.html?infoCode=NW202201182251446888');
  assert.equal(found, 22);
});
