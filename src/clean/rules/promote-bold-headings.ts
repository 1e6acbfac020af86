// A short paragraph that is bold from end to end (`<p><strong>什么是HFO-1234yf</strong></p>`) is how
// news sites set a subheading without heading markup. It becomes an `<h2>`.
import type { Element } from 'domhandler';
import { elementsNamed, isBlankText, isElement, textOf, unwrap } from '../dom.js';
import { isExcludedLine } from '../heading-text.js';
import type { CleanRule } from '../rule.js';
import { codePointLength } from '../text.js';

const MAX_HEADING = 40;

export const promoteBoldHeadings: CleanRule = {
  name: 'promote-bold-headings',
  apply(root) {
    for (const p of elementsNamed(root, 'p')) {
      const bold = wholeBold(p);
      if (!bold) continue;
      const text = textOf(p).trim();
      // A bold sentence is emphasis, not a heading; a bold question or label still heads a section.
      if (!text || codePointLength(text) > MAX_HEADING || /[。；;，,]$/.test(text) || isExcludedLine(p, text)) continue;
      unwrap(bold);
      p.name = 'h2';
      p.attribs = {};
    }
  },
};

/** The one `<strong>`/`<b>` that holds all of the paragraph's content, if there is one. */
function wholeBold(p: Element): Element | undefined {
  const content = p.children.filter((child) => !isBlankText(child));
  const only = content[0];
  return content.length === 1 && isElement(only) && (only.name === 'strong' || only.name === 'b') ? only : undefined;
}
