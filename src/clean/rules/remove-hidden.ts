// Paragraphs hidden with `display:none` are spacers or tracking leftovers a reader never saw.
import type { ParentNode } from 'domhandler';
import { isElement, walk } from '../dom.js';
import type { CleanRule } from '../rule.js';

const HIDDEN = /(^|;)\s*display\s*:\s*none\s*(;|$|!)/i;

export const removeHidden: CleanRule = {
  name: 'remove-hidden',
  apply(doc) {
    walk(doc.root()[0] as ParentNode, (node) => {
      if (isElement(node) && node.attribs.style && HIDDEN.test(node.attribs.style)) doc(node).remove();
    });
  },
};
