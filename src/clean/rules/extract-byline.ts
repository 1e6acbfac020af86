// The reporters' names open the article: a whole first paragraph (`□郭鹏`, `本报记者 王明`,
// `记者 王明 通讯员 李华`, `文/王明`, `（记者 王明）`) or a parenthesis opening it
// (`本报讯（记者 王明）3月1日，…`). They move to `authors`; the header shows them.
import type { Element, Text } from 'domhandler';
import { isElement, removeBlock, textOf, topElements } from '../dom.js';
import { LEADING_BYLINE, parseByline } from '../patterns.js';
import type { CleanRule } from '../rule.js';

/** The first block of the article: past the digest (still there when its rule is off) and into a wrapper `<div>`. */
function firstBlock(elements: Element[]): Element | undefined {
  const first = elements.find((element) => element.name !== 'blockquote');
  if (first && (first.name === 'div' || first.name === 'section')) return firstBlock(first.children.filter(isElement));
  return first;
}

export const extractByline: CleanRule = {
  name: 'extract-byline',
  apply(doc, findings) {
    const first = firstBlock(topElements(doc));
    if (!first || first.name !== 'p') return;
    const text = textOf(first);
    const names = parseByline(text);
    if (names) {
      findings.authors.push(...names);
      removeBlock(doc, first);
      return;
    }
    // Only a plain text start can hold the parenthesis: never cut across markup.
    const head = first.children[0];
    if (head?.type !== 'text') return;
    const match = LEADING_BYLINE.exec((head as Text).data.replace(/^[\s\u00a0\u3000]+/, ''));
    const leading = match && parseByline(match[2]);
    if (!match || !leading) return;
    findings.authors.push(...leading);
    const data = (head as Text).data.replace(/^[\s\u00a0\u3000]+/, '');
    // Keep the dateline (`本报讯`) if there is one: it is the paper's text, not the byline. Papers
    // set a space between it and the story where the parenthesis stood.
    (head as Text).data = (match[1] ? `${match[1]} ` : '') + data.slice(match[0].length);
  },
};
