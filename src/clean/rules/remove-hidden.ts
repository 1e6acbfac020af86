// Paragraphs hidden with `display:none` are spacers or tracking leftovers a reader never saw.
import type { CleanRule } from '../rule.js';

const HIDDEN = /(^|;)\s*display\s*:\s*none\s*(;|$|!)/i;

export const removeHidden: CleanRule = {
  name: 'remove-hidden',
  apply(doc) {
    doc('[style]').each((_, element) => {
      if (HIDDEN.test(element.attribs.style)) doc(element).remove();
    });
  },
};
