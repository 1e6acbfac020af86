// HTML comments are the scraper's and the CMS's notes, never the article's text.
import type { ParentNode } from 'domhandler';
import { walk } from '../dom.js';
import type { CleanRule } from '../rule.js';

export const removeComments: CleanRule = {
  name: 'remove-comments',
  apply(doc) {
    walk(doc.root()[0] as ParentNode, (node) => {
      if (node.type === 'comment') doc(node).remove();
    });
  },
};
