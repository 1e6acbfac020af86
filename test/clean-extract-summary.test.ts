import assert from 'node:assert/strict';
import { test } from 'node:test';
import { extractSummary } from '../src/clean/rules/extract-summary.ts';
import { applyRule, clean, compact, realPosts } from './clean-helpers.ts';

test('extract-summary: a first blockquote becomes the summary and leaves the body', () => {
  const { findings, $ } = applyRule(extractSummary, '<blockquote>\n<p>摘要  第一句。</p>\n<p>第二句。</p>\n</blockquote>\n<p>正文。</p>');
  assert.equal(findings.summary, '摘要 第一句。 第二句。');
  assert.equal($('blockquote').length, 0);
  assert.equal($('p').text(), '正文。');
});

test('extract-summary: an opening paragraph that copies the digest goes with it; one that differs stays', () => {
  const copied = applyRule(extractSummary, '<blockquote><p>霍尼韦尔宣布供货。（上海证券报）</p></blockquote><p>新车来了！</p><p>霍尼韦尔 宣布供货。</p><p>霍尼韦尔宣布供货。</p>');
  assert.deepEqual(copied.$('p').map((_, p) => copied.$(p).text()).get(), ['新车来了！', '霍尼韦尔宣布供货。'], 'only the first copy goes');
  const other = applyRule(extractSummary, '<blockquote><p>霍尼韦尔宣布供货。</p></blockquote><p>霍尼韦尔宣布供货，价格未公布。</p>');
  assert.equal(other.$('p').length, 1);
});

test('extract-summary: a quotation later in the article stays where it is', () => {
  const { findings, $ } = applyRule(extractSummary, '<p>他说：</p><blockquote><p>引文。</p></blockquote>');
  assert.equal(findings.summary, undefined);
  assert.equal($('blockquote').length, 1);
});

test('extract-summary: the real digest is the lead, not repeated in the body; the seed has none', () => {
  const posts = realPosts().filter((p) => p.html.trimStart().startsWith('<blockquote>'));
  assert.ok(posts.length >= 2);
  for (const { file, html } of posts) {
    const post = clean(html);
    assert.match(post.summary ?? '', /^据霍尼韦尔官网消息.*（上海证券报）$/, file);
    assert.equal(post.$('blockquote').length, 0, file);
    assert.ok(!compact(post.$.root().text()).includes(compact(post.summary!).replace('（上海证券报）', '')), `${file}: the digest is not repeated in the body`);
    assert.match(post.$('p').filter((_, p) => post.$(p).text() !== '').first().text(), /^国内首款使用超低GWP/, file);
  }
  assert.equal(clean(realPosts()[0].html).summary, undefined);
});
