// Presentational markup from old newspaper CMSs: `<font>`, `<center>` and attribute-only `<span>`s
// carry no meaning once styles are gone; empty spans (quote placeholders) carry nothing at all. A span of only spaces is
// unwrapped, not removed: its space may be the one between two Latin words.
import type { Element } from 'domhandler';
import { elementsNamed, hasDescendant, remove, textOf, unwrap } from '../dom.js';
import type { CleanRule } from '../rule.js';

export const unwrapLegacyMarkup: CleanRule = {
  name: 'unwrap-legacy-markup',
  apply(root) {
    for (const element of elementsNamed(root, 'font', 'center', 'span')) {
      if (element.name === 'span' && (element.attribs.lang || element.attribs.title)) continue;
      const isEmpty = element.name === 'span' && textOf(element) === '' && !hasDescendant(element, 'img');
      if (isEmpty) remove(element);
      else unwrap(element);
    }
  },
};
