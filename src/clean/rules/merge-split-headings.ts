// Newspapers set subheadings on their own lines; scraped, a long one arrives broken over two
// short paragraphs with no punctuation (the seed's `提供客户需求为导向的` + `优质服务`). Between
// two paragraphs of prose, one to three such lines become `<h2>`s. A line is joined to the one
// before when that one cannot end a phrase (`…的`, `…与`, `…新型`); otherwise each line is its
// own heading, since two short headings can follow each other. A line that reads as a byline,
// credit, caption, quote or date stays a paragraph.
import type { Element } from 'domhandler';
import { append, createText, elementsNamed, isElement, nextElement, previousElement, removeBlock, textOf } from '../dom.js';
import { isHeadingLine } from '../heading-text.js';
import { isProse } from '../patterns.js';
import type { CleanRule } from '../rule.js';
import { codePointLength } from '../text.js';

/** A merged heading longer than this is more likely verse or a list than one heading. */
const MAX_HEADING = 32;
const MAX_PARTS = 3;

export const mergeSplitHeadings: CleanRule = {
  name: 'merge-split-headings',
  apply(root) {
    const done = new Set<Element>();
    for (const p of elementsNamed(root, 'p')) {
      if (done.has(p) || !isHeadingLine(p)) continue;
      const run = [p];
      for (let next = nextElement(p); next?.name === 'p' && isHeadingLine(next); next = nextElement(next)) run.push(next);
      for (const part of run) done.add(part);
      const before = previousElement(p);
      const after = nextElement(run[run.length - 1]);
      if (run.length > MAX_PARTS || !isProseParagraph(before) || !isProseParagraph(after)) continue;
      for (const heading of joinedLines(run)) {
        const text = heading.map((part) => textOf(part).trim()).join('');
        if (codePointLength(text) <= MAX_HEADING) toHeading(heading);
      }
    }
  },
};

/**
 * Words a Chinese phrase cannot end on: a line ending in one continues on the next line. Kept to
 * words that end no common noun (`向` ends 导向, `及` 普及, `同` 协同, `式` 模式: not listed).
 */
const DANGLING = /(的|之|(?<![参给])与|和|或|把|让|将|从|被|新型)$/u;

/** The lines grouped into headings: a line joins the previous one when that one dangles. */
function joinedLines(run: Element[]): Element[][] {
  const headings: Element[][] = [];
  for (const line of run) {
    const current = headings[headings.length - 1];
    const previous = current?.[current.length - 1];
    const previousText = previous ? textOf(previous).trim() : '';
    if (current && DANGLING.test(previousText) && previousText !== textOf(line).trim()) current.push(line);
    else headings.push([line]);
  }
  return headings;
}

function isProseParagraph(element: Element | undefined): boolean {
  return isElement(element) && element.name === 'p' && isProse(textOf(element));
}

/** Turns the first part into an `<h2>` holding every part's content, and drops the rest. */
function toHeading(run: Element[]): void {
  const [first, ...rest] = run;
  first.name = 'h2';
  first.attribs = {};
  for (const part of rest) {
    // Latin words on both sides of the join need the space the line break stood for.
    if (/[A-Za-z0-9]$/.test(textOf(first).trim()) && /^[A-Za-z0-9]/.test(textOf(part).trim())) append(first, createText(' '));
    append(first, part.children);
    removeBlock(part);
  }
}
