// Chinese-aware text measures: excerpts, character counts, reading time.

/** Sentence ends in Chinese and Western text; a closing quote after one stays with it. */
const SENTENCE_END = /[。！？!?…]+[”’」』）)"]*|\.(?=\s|$)/gu;

/**
 * The text cut at the last sentence end within `limit` characters; without one, cut at `limit`
 * characters with an ellipsis. Counts graphemes, so a character (even an emoji sequence) is never split;
 * it cuts text, not HTML, so it never splits an entity either (templates escape it).
 */
export function excerptOf(text: string, limit = 120): string {
  const { head, more } = leadingCharacters(text.replace(/[\s\u00a0\u3000]+/g, ' ').trim(), limit);
  if (!more) return head;
  let cut = -1;
  for (const m of head.matchAll(SENTENCE_END)) cut = m.index + m[0].length;
  // A sentence end too near the start would make a uselessly short excerpt.
  if (cut >= head.length / 3) return head.slice(0, cut).trim();
  return `${head.trimEnd()}…`;
}

// Made on first use: building it loads ICU's break rules (~17 ms CPU in each thread), and most
// builds never meet a joining character.
let graphemes: Intl.Segmenter | undefined;
/** Code points that join with their neighbours into one visible character. */
const JOINING = /[\p{M}\u200d\ufe00-\ufe0f\p{Regional_Indicator}\u{1f3fb}-\u{1f3ff}\u{e0020}-\u{e007f}]/u;

/**
 * The first `limit` user-perceived characters of `text` (an emoji sequence or a letter with its
 * accents is one), and whether it has more.
 */
function leadingCharacters(text: string, limit: number): { head: string; more: boolean } {
  // The segmenter is slow; news text rarely needs it: code points are characters unless something
  // joins them. Then the head is sliced off at a code point count, without an array of characters.
  const window = text.slice(0, 2 * limit + 4);
  if (!mayJoin(window)) {
    const end = codePointsEnd(window, limit);
    return { head: window.slice(0, end), more: end < window.length };
  }
  let head = '';
  let count = 0;
  for (const { segment } of (graphemes ??= new Intl.Segmenter('zh', { granularity: 'grapheme' })).segment(text)) {
    if (count === limit) return { head, more: true };
    head += segment;
    count++;
  }
  return { head, more: false };
}

/**
 * Code units in none of the ranges that hold no JOINING code point: ASCII and Latin-1, general
 * punctuation but the zero-width joiner, CJK punctuation but its tone and kana voicing marks, CJK
 * ideographs, full-width forms. Chinese news text is all in them.
 */
const MAYBE_JOINING = /[^\u0000-\u02ff\u2000-\u200c\u200e-\u20cf\u3000-\u3029\u3030-\u3098\u309b-\u9fff\uff00-\uffef]/;

/**
 * Whether `text` holds a JOINING code point. The Unicode regex (its property classes) cost about
 * 5 µs on an excerpt's window, a third of the whole excerpt; a plain class rules most text out in
 * a tenth of that, and the Unicode regex decides the rest. test/clean-excerpt checks every code point.
 */
export function mayJoin(text: string): boolean {
  return MAYBE_JOINING.test(text) && JOINING.test(text);
}

/** Where the first `count` code points of `text` end (a lone surrogate counts as one, as `Array.from` counts). */
function codePointsEnd(text: string, count: number): number {
  let i = 0;
  for (let n = 0; n < count && i < text.length; n++) {
    const code = text.charCodeAt(i);
    const next = code >= 0xd800 && code <= 0xdbff && i + 1 < text.length ? text.charCodeAt(i + 1) : 0;
    i += next >= 0xdc00 && next <= 0xdfff ? 2 : 1;
  }
  return i;
}

/**
 * The number of code points in `text`, as `Array.from(text).length` counts them (a lone surrogate
 * is one), without building the array: the heading and byline checks ask it of every short line.
 */
export function codePointLength(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
    }
    count++;
  }
  return count;
}

/** Characters of Chinese text plus words of Latin text: how Chinese editors count length. */
export function countCharacters(text: string): number {
  // One pass over the code points: matching every character with a global regex builds an
  // array as long as the article, on every post.
  let count = 0;
  let inWord = false;
  const length = text.length;
  for (let i = 0; i < length; i++) {
    let code = text.charCodeAt(i);
    // Most characters of a Chinese article: decided without the checks below.
    if (code >= 0x3400 && code <= 0x9fff) {
      count++;
      inWord = false;
      continue;
    }
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < length) code = text.codePointAt(i++)!;
    const isCjk = (code >= 0x3400 && code <= 0x9fff) || (code >= 0xf900 && code <= 0xfaff) || (code >= 0x20000 && code <= 0x2ebef);
    const isWordChar = (code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a) || (code >= 0xc0 && code <= 0x24f && code !== 0xd7 && code !== 0xf7);
    if (isCjk) count++;
    if (isWordChar && !inWord) count++;
    inWord = isWordChar;
  }
  return count;
}

/** Minutes to read at about 400 Chinese characters a minute; at least 1. */
export function readingMinutes(charCount: number): number {
  return Math.max(1, Math.round(charCount / 400));
}
