import assert from 'node:assert/strict';
import { test } from 'node:test';
import { splitBrParagraphs } from '../src/clean/rules/split-br-paragraphs.ts';
import { applyRule, clean, realPosts } from './clean-helpers.ts';

test('split-br-paragraphs: <br><br> ends a paragraph, one <br> stays a line break, edge <br>s go', () => {
  const { $ } = applyRule(splitBrParagraphs, '<p class="x"><br>第一段。<br /><br />\n<br>第二段，<b>加粗</b>。<br>同一段。<br/></p>');
  assert.equal($('p').length, 2);
  assert.equal($('p').first().html(), '第一段。');
  assert.equal($('p').last().html(), '第二段，<b>加粗</b>。<br>同一段。');
  assert.equal($('p').last().attr('class'), 'x');
});

test('split-br-paragraphs: a <br>-only paragraph leaves nothing for the reader after cleaning', () => {
  const { $ } = clean('<p>正文。</p><p><br /></p><p> <br><br> </p><p>后文。</p>');
  assert.deepEqual($('p').map((_, p) => $(p).text()).get(), ['正文。', '后文。']);
});

test('split-br-paragraphs: the real posts keep no <br> at a paragraph end', () => {
  for (const { file, html } of realPosts()) assert.doesNotMatch(clean(html).html, /<br>\s*<\/p>|<p>\s*<br>/, file);
});

test('split-br-paragraphs: a div of bare text and <br><br> becomes paragraphs; a div holding blocks is left alone', () => {
  const { $ } = applyRule(splitBrParagraphs, '<div class="content">　　第一段。<br><br>　　第二段<b>粗</b>。<br>同段。</div>');
  assert.deepEqual($('div > p').map((_, p) => $(p).html()).get(), ['　　第一段。', '　　第二段<b>粗</b>。<br>同段。']);
  assert.equal($('div > br').length, 0);
  for (const html of ['<div><p>甲</p>乙<br><br>丙</div>', '<div>一行<br>二行</div>']) assert.equal(applyRule(splitBrParagraphs, html).html, html);
});
