// Paragraphs with nothing to read in them (blank, `&nbsp;` or `<br>` only): scraped pages are full of them.
import { BLANK, textOf } from '../dom.js';
import type { CleanRule } from '../rule.js';

export const dropEmptyParagraphs: CleanRule = {
  name: 'drop-empty-paragraphs',
  apply(doc) {
    doc('p').each((_, p) => {
      if (BLANK.test(textOf(p)) && doc(p).find('img, video, audio, iframe, object, embed, table').length === 0) doc(p).remove();
    });
  },
};
