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

/** The first `max` user-perceived characters: an emoji sequence or a letter with its accents is one. */
function graphemes(text: string, max: number): string[] {
  const out: string[] = [];
  for (const { segment } of GRAPHEMES.segment(text)) {
    if (out.length === max) break;
    out.push(segment);
  }
  return out;
}

const CJK = /[\u3400-\u9fff\uf900-\ufaff\u{20000}-\u{2ebef}]/gu;
const WORD = /[A-Za-z0-9\u00c0-\u024f]+/g;

/** Characters of Chinese text plus words of Latin text: how Chinese editors count length. */
export function countCharacters(text: string): number {
  return (text.match(CJK)?.length ?? 0) + (text.match(WORD)?.length ?? 0);
}

/** Minutes to read at about 400 Chinese characters a minute; at least 1. */
export function readingMinutes(charCount: number): number {
  return Math.max(1, Math.round(charCount / 400));
}
