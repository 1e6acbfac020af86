// The scrapers put the article's digest first, as a `> …` blockquote. It is the lead, shown above
// the body by the template; left in the body it would be read twice. Eastmoney's digests are often
// an opening paragraph copied word for word (plus the paper's name in parentheses): that copy
// goes too, or the reader meets the same sentences in the lead and again a few lines below.
import type { Element } from 'domhandler';
import { compactText, hasDescendant, removeBlock, textOf, topElements } from '../dom.js';
import type { CleanRule } from '../rule.js';

/** How far into the body a copy of the digest is looked for. */
const COPY_WITHIN = 3;

export const extractSummary: CleanRule = {
  name: 'extract-summary',
  apply(root, findings) {
    const [first, ...rest] = topElements(root);
    if (!first || first.name !== 'blockquote') return;
    const summary = textOf(first).replace(/[\s\u00a0\u3000]+/g, ' ').trim();
    if (!summary || hasDescendant(first, 'img')) return;
    findings.summary = summary;
    removeBlock(first);
    const copy = rest.filter((element) => element.name === 'p').slice(0, COPY_WITHIN).find((p) => isCopyOf(p, summary));
    if (copy) removeBlock(copy);
  },
};

/** The paragraph says exactly what the digest says, give or take a closing `（上海证券报）`. */
function isCopyOf(p: Element, summary: string): boolean {
  const text = compactText(p);
  const digest = summary.replace(/[\s\u00a0\u3000]+/g, '');
  return text.length > 0 && (text === digest || text === digest.replace(/[（(][^（）()]{1,20}[）)]$/u, ''));
}
