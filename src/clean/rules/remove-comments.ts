// HTML comments are the scraper's and the CMS's notes, never the article's text.
import { remove, walk } from '../dom.js';
import type { CleanRule } from '../rule.js';

export const removeComments: CleanRule = {
  name: 'remove-comments',
  apply(root) {
    walk(root, (node) => {
      if (node.type === 'comment') remove(node);
    });
  },
};
