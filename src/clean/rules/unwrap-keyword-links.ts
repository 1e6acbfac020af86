// Eastmoney turns company and sector names into quote-page links (`a.keytip`, `a.infokey`) and
// link-like spans (`span[href]`, `span.em_stock_key_common`): ads, not citations. Keep the words.
import type { Element } from 'domhandler';
import { elementsNamed, unwrap } from '../dom.js';
import type { CleanRule } from '../rule.js';

const LINK_CLASSES = /(^|\s)(keytip|infokey)(\s|$)/;
const SPAN_CLASSES = /(^|\s)em_stock_key_common(\s|$)/;

export const unwrapKeywordLinks: CleanRule = {
  name: 'unwrap-keyword-links',
  apply(root) {
    for (const element of elementsNamed(root, 'a', 'span')) {
      if (isKeywordLink(element)) unwrap(element);
    }
  },
};

/** `a.keytip`, `a.infokey`, `span[href]`, `span.em_stock_key_common`, matched without a CSS selector. */
function isKeywordLink(element: Element): boolean {
  const { class: classes = '', href } = element.attribs;
  if (element.name === 'a') return LINK_CLASSES.test(classes);
  return href !== undefined || SPAN_CLASSES.test(classes);
}
