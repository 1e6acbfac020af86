// Paragraphs with nothing to read in them (blank, `&nbsp;` or `<br>` only): scraped pages are full of them.
import { BLANK, elementsNamed, hasDescendant, remove, textOf } from '../dom.js';
import type { CleanRule } from '../rule.js';

export const dropEmptyParagraphs: CleanRule = {
  name: 'drop-empty-paragraphs',
  apply(root) {
    for (const p of elementsNamed(root, 'p')) {
      if (BLANK.test(textOf(p)) && !hasDescendant(p, 'img', 'video', 'audio', 'iframe', 'object', 'embed', 'table')) remove(p);
    }
  },
};
