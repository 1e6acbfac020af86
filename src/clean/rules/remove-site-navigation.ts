// The old site's links back (`[返回大众日报新闻](…)｜[返回首页](…)`, on one line or two, with `｜`, `|`
// or nothing between) point at a site that no longer exists: chrome, not article.
import type { Element } from 'domhandler';
import { isElement, lastParagraphs, removeBlock, textOf } from '../dom.js';
import type { CleanRule } from '../rule.js';

const SEPARATORS = /^[\s\u00a0\u3000｜|/／·]*$/;

export const removeSiteNavigation: CleanRule = {
  name: 'remove-site-navigation',
  apply(root) {
    for (const p of lastParagraphs(root, 4)) if (isNavigation(p)) removeBlock(p);
  },
};

/** A paragraph of nothing but `返回…` links and separators. */
function isNavigation(p: Element): boolean {
  let links = 0;
  for (const child of p.children) {
    if (isElement(child)) {
      if (child.name === 'br') continue;
      if (child.name !== 'a' || !/^\s*返回/.test(textOf(child))) return false;
      links++;
    } else if (child.type === 'text' && !SEPARATORS.test(textOf(child))) {
      return false;
    }
  }
  return links > 0;
}
