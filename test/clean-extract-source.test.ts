import assert from 'node:assert/strict';
import { test } from 'node:test';
import { extractSource } from '../src/clean/rules/extract-source.ts';
import { applyRule, clean, realPosts } from './clean-helpers.ts';

test('extract-source: the source line, in p.em_media or a plain paragraph, becomes source and leaves the body', () => {
  for (const line of ['<p class="em_media">（文章来源：大众日报）</p>', '<p>（来源：人民日报）</p>', '<p>来源：经济日报</p>', '<p>(文章来源：大众日报)</p>']) {
    const { findings, $ } = applyRule(extractSource, `<p>正文。</p>${line}`);
    assert.match(findings.source ?? '', /^(大众日报|人民日报|经济日报)$/, line);
    assert.equal($('p').length, 1, line);
  }
});

test('extract-source: a link splitting the name, and the editor line', () => {
  const { findings, $ } = applyRule(extractSource, '<p>正文。</p><p class="em_media">（文章来源：上海<a class="keytip" href="http://q/">证券</a>报）</p><p>（责任编辑：王明）</p>');
  assert.equal(findings.source, '上海证券报');
  assert.equal(findings.editor, '王明');
  assert.equal($('p').length, 1);
  const both = applyRule(extractSource, '<p>正文。</p><p>（文章来源：新华社）（责任编辑：李华）</p>');
  assert.deepEqual([both.findings.source, both.findings.editor], ['新华社', '李华']);
});

test('extract-source: prose that names a source, and early paragraphs, stay', () => {
  for (const html of [
    '<p>正文。</p><p>据了解，（来源：统计局）数据显示增长。</p>',
    '<p>（文章来源：大众日报）</p><p>一。</p><p>二。</p><p>三。</p><p>四。</p>',
  ]) {
    const { findings, html: out } = applyRule(extractSource, html);
    assert.equal(findings.source, undefined, html);
    assert.equal(out, html);
  }
});

test('extract-source: the seed names 大众日报, the real stock post 上海证券报; front matter source wins', () => {
  const seed = clean(realPosts()[0].html);
  assert.equal(seed.source, '大众日报');
  assert.doesNotMatch(seed.html, /文章来源/);
  assert.equal(clean(realPosts()[0].html, [], { source: '齐鲁晚报' }).source, '齐鲁晚报');
  const stock = realPosts().filter((p) => p.html.includes('em_media')).map((p) => clean(p.html));
  assert.ok(stock.length >= 3);
  for (const post of stock) assert.doesNotMatch(post.$.root().text(), /文章来源/);
  assert.deepEqual(stock.map((p) => p.source).sort(), ['上海证券报', '上海证券报', '大众日报']);
});

test('extract-source: an outlet in parentheses closing the last paragraph is the source, and leaves the text', () => {
  const { findings, $ } = applyRule(extractSource, '<p>第一段。</p><p>助力实现“双碳”目标。(中证网)</p>');
  assert.equal(findings.source, '中证网');
  assert.equal($('p').last().text(), '助力实现“双碳”目标。');
  const cctv = applyRule(extractSource, '<p>年均增长8.4%。（央视新闻客户端）</p>');
  assert.equal(cctv.findings.source, '央视新闻客户端');
});

test('extract-source: parentheses that are not an outlet, or not at the very end, stay', () => {
  for (const html of [
    '<p>到（明年）7月完成投产。</p>',
    '<p>记者从中国石化（600028）获悉。</p>',
    '<p>会议结束。（完）</p>',
    '<p>会议结束（新华网）后还有活动。</p>',
    '<p>据（新华网）报道</p>',
    '<p>（人民网）</p><p>第二段。</p>',
  ]) {
    const { findings, html: out } = applyRule(extractSource, html);
    assert.equal(findings.source, undefined, html);
    assert.equal(out, html);
  }
  const both = applyRule(extractSource, '<p>正文。（中证网）</p><p class="em_media">（文章来源：大众日报）</p>');
  assert.equal(both.findings.source, '大众日报', 'the source line wins');
  assert.match(both.$('p').text(), /（中证网）/);
});

test('extract-source: the real short items name their outlet at the end: 中证网, 央视新闻客户端', () => {
  const sources = realPosts().filter((p) => p.file.includes('old_post')).map((p) => clean(p.html).source);
  assert.deepEqual(sources.filter(Boolean).sort(), ['中证网', '中证网', '央视新闻客户端', '央视新闻客户端']);
});
