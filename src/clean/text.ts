// Chinese-aware text measures: excerpts, character counts, reading time.

/** Sentence ends in Chinese and Western text; a closing quote after one stays with it. */
const SENTENCE_END = /[。！？!?…]+[”’」』）)"]*|\.(?=\s|$)/gu;

/**
 * The text cut at the last sentence end within `limit` characters; without one, cut at `limit`
 * characters with an ellipsis. Counts graphemes, so a character (even an emoji sequence) is never split;
 * it cuts text, not HTML, so it never splits an entity either (templates escape it).
 */
export function excerptOf(text: string, limit = 120): string {
  const chars = graphemes(text.replace(/[\s\u00a0\u3000]+/g, ' ').trim(), limit + 1);
  if (chars.length <= limit) return chars.join('');
  const head = chars.slice(0, limit).join('');
  let cut = -1;
  for (const m of head.matchAll(SENTENCE_END)) cut = m.index + m[0].length;
  // A sentence end too near the start would make a uselessly short excerpt.
  if (cut >= head.length / 3) return head.slice(0, cut).trim();
  return `${head.trimEnd()}…`;
}

const GRAPHEMES = new Intl.Segmenter('zh', { granularity: 'grapheme' });
/** Code points that join with their neighbours into one visible character. */
const JOINING = /[\p{M}\u200d\ufe00-\ufe0f\p{Regional_Indicator}\u{1f3fb}-\u{1f3ff}\u{e0020}-\u{e007f}]/u;

/** The first `max` user-perceived characters: an emoji sequence or a letter with its accents is one. */
function graphemes(text: string, max: number): string[] {
  // The segmenter is slow; news text rarely needs it: code points are characters unless something joins them.
  const head = text.slice(0, 2 * max + 2);
  if (!JOINING.test(head)) return Array.from(head).slice(0, max);
  const out: string[] = [];
  for (const { segment } of GRAPHEMES.segment(text)) {
    if (out.length === max) break;
    out.push(segment);
  }
  return out;
}

/** Characters of Chinese text plus words of Latin text: how Chinese editors count length. */
export function countCharacters(text: string): number {
  // One pass over the code points: matching every character with a global regex builds an
  // array as long as the article, on every post.
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

/** Minutes to read at about 400 Chinese characters a minute; at least 1. */
export function readingMinutes(charCount: number): number {
  return Math.max(1, Math.round(charCount / 400));
}
