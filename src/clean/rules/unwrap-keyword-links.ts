// Eastmoney turns company and sector names into quote-page links (`a.keytip`, `a.infokey`) and
// link-like spans (`span[href]`, `span.em_stock_key_common`): ads, not citations. Keep the words.
import type { Element } from 'domhandler';
import { unwrap } from '../dom.js';
import type { CleanRule } from '../rule.js';

const KEYWORD_LINKS = 'a.keytip, a.infokey, span[href], span.em_stock_key_common';

export const unwrapKeywordLinks: CleanRule = {
  name: 'unwrap-keyword-links',
  apply(doc) {
    for (const element of doc(KEYWORD_LINKS).get() as Element[]) unwrap(doc, element);
  },
};
