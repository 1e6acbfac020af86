// Chinese-aware text measures: excerpts, character counts, reading time.

/** Sentence ends in Chinese and Western text; a closing quote after one stays with it. */
const SENTENCE_END = /[。！？!?…]+[”’」』）)"]*|\.(?=\s|$)/gu;

/**
 * The text cut at the last sentence end within `limit` characters; without one, cut at `limit`
 * characters with an ellipsis. Counts code points, so a character is never split.
 */
export function excerptOf(text: string, limit = 120): string {
  const chars = Array.from(text.replace(/\s+/g, ' ').trim());
  if (chars.length <= limit) return chars.join('');
  const head = chars.slice(0, limit).join('');
  let cut = -1;
  for (const m of head.matchAll(SENTENCE_END)) cut = m.index + m[0].length;
  // A sentence end too near the start would make a uselessly short excerpt.
  if (cut >= Array.from(head).length / 3 || cut >= 40) return head.slice(0, cut).trim();
  return `${head.trimEnd()}…`;
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
