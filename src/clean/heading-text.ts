// When a short line is a subheading, and the lines that look like one but must stay paragraphs.
import type { Element } from 'domhandler';
import { hasDescendant, shortTextOf } from './dom.js';
import { isCaption, isQuote, parseByline, SENTENCE_PUNCTUATION } from './patterns.js';
import { codePointLength } from './text.js';

/** Parts of a split heading are short: the seed's are 4–11 characters. */
const MAX_LINE = 24;
const DATE_ONLY = /^[\d０-９\s年月日号时分:：./／-]+$/u;

/** A short line without sentence punctuation that is not a byline, credit, caption, quote or date. */
export function isHeadingLine(p: Element): boolean {
  // Most paragraphs are long prose: stop reading them early.
  const text = shortTextOf(p, MAX_LINE * 4)?.trim() ?? '';
  const length = codePointLength(text);
  if (length < 2 || length > MAX_LINE || SENTENCE_PUNCTUATION.test(text) || /、$/.test(text)) return false;
  return !isExcludedLine(p, text);
}

/** Lines that must never become headings, however short. */
export function isExcludedLine(p: Element, text: string): boolean {
  if (hasDescendant(p, 'img', 'a', 'br')) return true;
  if (parseByline(text) || isCaption(text) || isQuote(text) || DATE_ONLY.test(text)) return true;
  // A whole line in parentheses is an aside or a credit (`（本报记者 王明）`, `（完）`).
  return /^[（(【\[].*[）)】\]]$/u.test(text);
}
