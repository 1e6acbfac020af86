import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { codePointLength, countCharacters, excerptOf, mayJoin, readingMinutes } from '../src/clean/text.ts';
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

/** The excerpt as first written: an array of every character, joined back (the reference the faster cut must match). */
function referenceExcerpt(text: string, limit = 120): string {
  const normalized = text.replace(/[\s\u00a0\u3000]+/g, ' ').trim();
  const max = limit + 1;
  const window = normalized.slice(0, 2 * max + 2);
  const joining = /[\p{M}\u200d\ufe00-\ufe0f\p{Regional_Indicator}\u{1f3fb}-\u{1f3ff}\u{e0020}-\u{e007f}]/u;
  const chars = !joining.test(window)
    ? Array.from(window).slice(0, max)
    : [...new Intl.Segmenter('zh', { granularity: 'grapheme' }).segment(normalized)].slice(0, max).map((s) => s.segment);
  if (chars.length <= limit) return chars.join('');
  const head = chars.slice(0, limit).join('');
  let cut = -1;
  for (const m of head.matchAll(/[。！？!?…]+[”’」』）)"]*|\.(?=\s|$)/gu)) cut = m.index + m[0].length;
  if (cut >= head.length / 3) return head.slice(0, cut).trim();
  return `${head.trimEnd()}…`;
}

test('excerpt: the same cut as an array of every character, on generated text (surrogates, lone halves, joiners, spaces)', () => {
  const piece = fc.oneof(
    fc.stringMatching(/^[\u4e00-\u9fff]{1,40}$/),
    fc.constantFrom('。', '！', '？', '…', '.', ' ', '\u3000', '\u00a0', '\n', '”', '𠀀', '😀', '👨‍👩‍👧', 'e\u0301', '\ud800', '\udc00', 'a', 'Word ', '\u302a', 'か\u3099', '\u200d', '\ufe0f', '🇨🇳', '，', '「'),
  );
  fc.assert(
    fc.property(fc.array(piece, { maxLength: 60 }), fc.integer({ min: 1, max: 130 }), (parts, limit) => {
      const text = parts.join('');
      assert.equal(excerptOf(text, limit), referenceExcerpt(text, limit));
      assert.equal(excerptOf(text), referenceExcerpt(text));
    }),
    { numRuns: 3000 },
  );
});

/** The length as first written: one loop over code points, every check on every character. */
function referenceCount(text: string): number {
  let count = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    let code = text.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) code = text.codePointAt(i++)!;
    const isCjk = (code >= 0x3400 && code <= 0x9fff) || (code >= 0xf900 && code <= 0xfaff) || (code >= 0x20000 && code <= 0x2ebef);
    const isWordChar = (code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a) || (code >= 0xc0 && code <= 0x24f && code !== 0xd7 && code !== 0xf7);
    if (isCjk) count++;
    if (isWordChar && !inWord) count++;
    inWord = isWordChar;
  }
  return count;
}

test('reading length: the same count as one plain loop over code points, on generated text', () => {
  const piece = fc.oneof(fc.string({ unit: 'binary', maxLength: 8 }), fc.stringMatching(/^[\u3400-\u9fff]{1,10}$/), fc.constantFrom('abc', 'A1', 'é', '𠀀', '\ud800', '\udc00', '豈', ' ', '×'));
  fc.assert(fc.property(fc.array(piece, { maxLength: 40 }), (parts) => assert.equal(countCharacters(parts.join('')), referenceCount(parts.join('')))), { numRuns: 3000 });
});

test('excerpt: the quick scan for joining characters agrees with the Unicode regex on every code point', () => {
  const joining = /[\p{M}\u200d\ufe00-\ufe0f\p{Regional_Indicator}\u{1f3fb}-\u{1f3ff}\u{e0020}-\u{e007f}]/u;
  const wrong: string[] = [];
  for (let cp = 0; cp <= 0x10ffff; cp++) {
    const ch = String.fromCodePoint(cp);
    if (mayJoin(ch) !== joining.test(ch)) wrong.push(cp.toString(16));
    // Among plain Chinese text the answer must not change either.
    if (cp % 97 === 0 && mayJoin(`新闻${ch}报道`) !== joining.test(`新闻${ch}报道`)) wrong.push(`in text: ${cp.toString(16)}`);
  }
  assert.deepEqual(wrong, []);
  assert.equal(mayJoin('新闻报道，“引号”（括号）１２３ＡＢＣ。'), false);
  assert.equal(mayJoin('は\u3099'), true);
});

test('codePointLength counts as Array.from does: pairs as one, lone halves as one each', () => {
  const unit = fc.oneof(fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), fc.constantFrom('𠀀', '😀', '\ud800', '\udc00', '字', 'a'));
  fc.assert(
    fc.property(fc.array(unit, { maxLength: 40 }), (units) => {
      const text = units.join('');
      assert.equal(codePointLength(text), Array.from(text).length);
    }),
    { numRuns: 2000 },
  );
  assert.equal(codePointLength('\udc00\ud800'), 2);
  assert.equal(codePointLength('a\ud83d\ude00b'), 3);
});
