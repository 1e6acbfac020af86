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

/** Characters of Chinese text plus words of Latin text: how Chinese editors count length. */
export function countCharacters(text: string): number {
  // One pass over the UTF-16 units: the regex form built an array of every match (a hot spot).
  let count = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c >= 0x3400 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff)) {
      count++;
      inWord = false;
    } else if (c >= 0xd800 && c <= 0xdbff && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      const cp = text.codePointAt(i)!;
      if (cp >= 0x20000 && cp <= 0x2ebef) count++;
      i++;
      inWord = false;
    } else if ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || (c >= 0xc0 && c <= 0x24f)) {
      if (!inWord) count++;
      inWord = true;
    } else {
      inWord = false;
    }
  }
  return count;
}

/** Minutes to read at about 400 Chinese characters a minute; at least 1. */
export function readingMinutes(charCount: number): number {
  return Math.max(1, Math.round(charCount / 400));
}
