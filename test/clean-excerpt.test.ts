import assert from 'node:assert/strict';
import { test } from 'node:test';
import { countCharacters, excerptOf, readingMinutes } from '../src/clean/text.ts';
import { clean, realPosts } from './clean-helpers.ts';

const SENTENCE = '国网昌邑市供电公司制订实施方案，全面推广服务企业机制，持续优化电力营商环境。'; // 38 characters

test('excerpt: front matter description wins, then the summary, then the first body text after the byline', () => {
  const body = `<blockquote><p>这是摘要。</p></blockquote><p>□郭鹏</p><p>${SENTENCE}</p>`;
  assert.equal(clean(body, [], { description: '编者写的简介' }).excerpt, '编者写的简介');
  assert.equal(clean(body).excerpt, '这是摘要。');
  assert.equal(clean(body, ['extract-summary']).excerpt, `这是摘要。${SENTENCE}`, 'with the digest left in the body, it is the first text');
  const seed = clean(realPosts()[0].html);
  assert.match(seed.excerpt, /^“阿姨，您好！/, 'the seed\'s excerpt starts after its byline');
  assert.doesNotMatch(seed.excerpt, /郭鹏|提供客户需求/);
});

test('excerpt: cut at the last 。！？ within 120 characters, headings and captions left out', () => {
  const { excerpt } = clean(`<h2>小标题</h2><p>${SENTENCE.repeat(2)}</p><p>第三句很长${'很'.repeat(60)}。</p>`);
  assert.equal(excerpt, SENTENCE.repeat(2));
  assert.equal(excerptOf(`${'字'.repeat(100)}！后面${'字'.repeat(40)}`), `${'字'.repeat(100)}！`);
});

test('excerpt: without a sentence end it is cut at 120 characters with an ellipsis, never inside a character', () => {
  const emoji = '👨‍👩‍👧';
  const text = `${'字'.repeat(119)}${emoji}${'尾'.repeat(20)}`;
  const excerpt = excerptOf(text);
  assert.equal(excerpt, `${'字'.repeat(119)}${emoji}…`);
  assert.equal(excerptOf(`${'a'.repeat(119)}e\u0301${'b'.repeat(5)}`).at(-2), '\u0301', 'a letter keeps its accent');
  const surrogates = excerptOf('𠀀'.repeat(200));
  assert.equal(Array.from(surrogates).length, 121);
  assert.ok(!/[\ud800-\udbff](?![\udc00-\udfff])/.test(surrogates), 'no lone high surrogate');
});

test('excerpt: it is text, so an entity in the body is one character and cannot be cut in half', () => {
  const { excerpt } = clean(`<p>${'字'.repeat(118)}&amp;&lt;尾巴很长${'字'.repeat(30)}</p>`);
  assert.equal(excerpt, `${'字'.repeat(118)}&<…`);
});

test('reading length: Chinese characters plus Latin words, at about 400 a minute', () => {
  assert.equal(countCharacters('苹果Apple公司2021年'), 7);
  assert.equal(readingMinutes(0), 1);
  assert.equal(readingMinutes(1418), 4);
  const seed = clean(realPosts()[0].html);
  assert.ok(seed.charCount > 1350 && seed.charCount < 1500, String(seed.charCount));
  assert.equal(seed.readingMinutes, Math.round(seed.charCount / 400));
});

test('excerpt and length: a body without paragraphs still has an excerpt; the lead counts toward the length', () => {
  assert.equal(clean('<div>没有段落的正文。</div>').excerpt, '没有段落的正文。');
  const withLead = clean('<blockquote><p>导语十个字的内容。</p></blockquote><p>正文五字。</p>');
  assert.equal(withLead.charCount, 8 + 4);
});
