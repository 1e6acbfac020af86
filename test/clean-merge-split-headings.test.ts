import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mergeSplitHeadings } from '../src/clean/rules/merge-split-headings.ts';
import { applyRule, clean, realPosts } from './clean-helpers.ts';

const PROSE = '<p>近年来，该公司持续优化电力营商环境，让服务走进了客户的心坎儿。</p>';
const headingsOf = (html: string) => {
  const { $ } = applyRule(mergeSplitHeadings, html);
  return $('h2').map((_, h) => $(h).text()).get();
};

test('merge-split-headings: the seed\'s three split subheadings become exactly three whole <h2>s', () => {
  const { $ } = clean(realPosts()[0].html);
  assert.deepEqual($('h2').map((_, h) => $(h).text()).get(), ['提供客户需求为导向的优质服务', '建设高效便捷为宗旨的协同机制', '形成政企良性互动的新型共赢模式']);
  assert.doesNotMatch($.html(), /<p>优质服务<\/p>/);
  assert.equal(clean(realPosts()[0].html, ['merge-split-headings']).$('h2').length, 0, 'switched off in the config, nothing changes');
});

test('merge-split-headings: a lone short unpunctuated line between prose becomes an <h2>', () => {
  assert.deepEqual(headingsOf(`${PROSE}<p>聚焦重点领域</p>${PROSE}`), ['聚焦重点领域']);
});

test('merge-split-headings: two complete short headings in a row stay two headings; a dangling line joins the next', () => {
  assert.deepEqual(headingsOf(`${PROSE}<p>聚焦重点领域</p><p>补齐短板</p>${PROSE}`), ['聚焦重点领域', '补齐短板']);
  assert.deepEqual(headingsOf(`${PROSE}<p>推动政企协同的</p><p>新型模式</p>${PROSE}`), ['推动政企协同的新型模式']);
  assert.deepEqual(headingsOf(`${PROSE}<p>Smart</p><p>Grid</p>${PROSE}`), ['Smart', 'Grid']);
});

test('merge-split-headings: bylines, credits, captions, one-line quotes and dates never become headings', () => {
  for (const line of ['记者 王明', '□郭鹏', '（新华社发）', '新华社记者 王明 摄', '图为工作人员', '“我们一定能行”', '2021年12月8日', '（完）', '王明 李华 摄']) {
    assert.deepEqual(headingsOf(`${PROSE}<p>${line}</p>${PROSE}`), [], line);
  }
});

test('merge-split-headings: short lines at the edges, after images, or four in a row are not headings', () => {
  assert.deepEqual(headingsOf(`<p>聚焦重点领域</p>${PROSE}`), []);
  assert.deepEqual(headingsOf(`${PROSE}<p>聚焦重点领域</p>`), []);
  assert.deepEqual(headingsOf(`<p><img src="a.jpg"></p><p>会场一角</p>${PROSE}`), []);
  assert.deepEqual(headingsOf(`${PROSE}<p>春眠不觉晓</p><p>处处闻啼鸟</p><p>夜来风雨声</p><p>花落知多少</p>${PROSE}`), []);
  assert.deepEqual(headingsOf(`${PROSE}<p>短句，有逗号</p>${PROSE}`), []);
});

test('merge-split-headings: in the real finews posts its only headings are the short bold lines', () => {
  for (const { file, html } of realPosts().slice(1)) {
    const bold = html.match(/<p><strong>[^<]*<\/strong><\/p>/g) ?? [];
    const { $ } = clean(html, ['promote-bold-headings']);
    assert.deepEqual($('h2').map((_, h) => $(h).text()).get(), bold.map((line) => line.replace(/<[^>]+>/g, '')), file);
  }
});
