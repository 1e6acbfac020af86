// The scrapers put the article's digest first, as a `> …` blockquote. It is the lead, shown above
// the body by the template; left in the body it would be read twice.
import { removeBlock, textOf, topElements } from '../dom.js';
import type { CleanRule } from '../rule.js';

export const extractSummary: CleanRule = {
  name: 'extract-summary',
  apply(doc, findings) {
    const first = topElements(doc)[0];
    if (!first || first.name !== 'blockquote') return;
    const summary = textOf(first).replace(/[\s\u00a0\u3000]+/g, ' ').trim();
    if (!summary || doc(first).find('img').length) return;
    findings.summary = summary;
    removeBlock(doc, first);
  },
};
