// Paragraphs hidden with `display:none` are spacers or tracking leftovers a reader never saw.
import { isElement, remove, walk } from '../dom.js';
import type { CleanRule } from '../rule.js';

const HIDDEN = /(^|;)\s*display\s*:\s*none\s*(;|$|!)/i;

export const removeHidden: CleanRule = {
  name: 'remove-hidden',
  apply(root) {
    walk(root, (node) => {
      if (isElement(node) && node.attribs.style && HIDDEN.test(node.attribs.style)) remove(node);
    });
  },
};
