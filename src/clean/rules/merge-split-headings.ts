// Newspapers set subheadings on their own lines; scraped, a long one arrives broken over two
// short paragraphs with no punctuation (the seed's `提供客户需求为导向的` + `优质服务`). Between
// two paragraphs of prose, one to three such lines are one heading: joined into an `<h2>`.
// A line that reads as a byline, credit, caption, quote or date stays a paragraph.
import type { Element } from 'domhandler';
import { createText, isElement, nextElement, previousElement, removeBlock, textOf } from '../dom.js';
import { isHeadingLine } from '../heading-text.js';
import { isProse } from '../patterns.js';
import type { CleanRule } from '../rule.js';

/** A merged heading longer than this is more likely verse or a list than one heading. */
const MAX_HEADING = 32;
const MAX_PARTS = 3;

export const mergeSplitHeadings: CleanRule = {
  name: 'merge-split-headings',
  apply(doc) {
    const done = new Set<Element>();
    for (const p of doc('p').get() as Element[]) {
      if (done.has(p) || !isHeadingLine(doc, p)) continue;
      const run = [p];
      for (let next = nextElement(p); next?.name === 'p' && isHeadingLine(doc, next); next = nextElement(next)) run.push(next);
      for (const part of run) done.add(part);
      const before = previousElement(p);
      const after = nextElement(run[run.length - 1]);
      if (run.length > MAX_PARTS || !isProseParagraph(before) || !isProseParagraph(after)) continue;
      const text = run.map((part) => textOf(part).trim()).join('');
      if (Array.from(text).length > MAX_HEADING) continue;
      toHeading(doc, run);
    }
  },
};

function isProseParagraph(element: Element | undefined): boolean {
  return isElement(element) && element.name === 'p' && isProse(textOf(element));
}

/** Turns the first part into an `<h2>` holding every part's content, and drops the rest. */
function toHeading(doc: Parameters<typeof isHeadingLine>[0], run: Element[]): void {
  const [first, ...rest] = run;
  first.name = 'h2';
  first.attribs = {};
  for (const part of rest) {
    const $first = doc(first);
    // Latin words on both sides of the join need the space the line break stood for.
    if (/[A-Za-z0-9]$/.test(textOf(first).trim()) && /^[A-Za-z0-9]/.test(textOf(part).trim())) $first.append(createText(' '));
    $first.append(part.children);
    removeBlock(doc, part);
  }
}
