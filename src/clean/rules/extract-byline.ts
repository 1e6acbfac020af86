// The reporters' names open the article: a whole first paragraph (`□郭鹏`, `本报记者 王明`,
// `记者 王明 通讯员 李华`, `文/王明`, `（记者 王明）`) or a parenthesis opening it
// (`本报讯（记者 王明）3月1日，…`). Some papers close the story with it instead, as a line in
// parentheses (`（记者 王明 通讯员 李华）`). They move to `authors`; the header shows them.
import type { Element, Text } from 'domhandler';
import { isElement, lastParagraphs, removeBlock, textOf, topElements } from '../dom.js';
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
  apply(root, findings) {
    const first = firstBlock(topElements(root));
    if (!first || first.name !== 'p') return;
    const names = parseByline(textOf(first));
    if (names) {
      findings.authors.push(...names);
      removeBlock(first);
      return;
    }
    if (takeLeadingByline(first, findings.authors)) return;
    // Among the closing lines (the source and links follow it until their rules run).
    for (const p of lastParagraphs(root, 4)) {
      const text = textOf(p).trim();
      const closing = p !== first && /^[（(].*[）)]$/u.test(text) ? parseByline(text) : undefined;
      if (closing) {
        findings.authors.push(...closing);
        removeBlock(p);
        return;
      }
    }
  },
};

/** Takes `本报讯（记者 王明）` off the start of the paragraph into `authors`; false if it does not start so. */
function takeLeadingByline(first: Element, authors: string[]): boolean {
    // Only a plain text start can hold the parenthesis: never cut across markup.
  const head = first.children[0];
  if (head?.type !== 'text') return false;
  const data = (head as Text).data.replace(/^[\s\u00a0\u3000]+/, '');
  const match = LEADING_BYLINE.exec(data);
  const leading = match && parseByline(match[2]);
  if (!match || !leading) return false;
  authors.push(...leading);
  // Keep the dateline (`本报讯`) if there is one: it is the paper's text, not the byline. Papers
  // set a space between it and the story where the parenthesis stood.
  (head as Text).data = (match[1] ? `${match[1]} ` : '') + data.slice(match[0].length);
  return true;
}
