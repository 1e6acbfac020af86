// Paragraphs with nothing to read in them: scraped pages are full of them.
import type { CleanRule } from '../rule.js';

/** Whitespace as scraped Chinese pages write it: ASCII, no-break and full-width spaces. */
export const BLANK = /^[\s\u00a0\u3000\u200b\ufeff]*$/;

export const dropEmptyParagraphs: CleanRule = {
  name: 'drop-empty-paragraphs',
  apply(doc) {
    doc('p').each((_, p) => {
      const $p = doc(p);
      if (BLANK.test($p.text()) && $p.find('img, video, audio, iframe, object, embed, table').length === 0) $p.remove();
    });
  },
};
