// The clean rules, in the order they run. Order matters: leftovers are unwrapped and blank lines
// dropped before the metadata rules read the first and last paragraphs; captions join their
// images before the heading rules look for short lines; the sanitizer is last, so no rule can
// bring back unsafe markup.
import type { CleanRule } from './rule.js';
import { CLEAN_RULE_NAMES } from './rule-names.js';
import { dropEmptyParagraphs } from './rules/drop-empty-paragraphs.js';
import { extractByline } from './rules/extract-byline.js';
import { extractOriginalUrl } from './rules/extract-original-url.js';
import { extractSource } from './rules/extract-source.js';
import { extractSummary } from './rules/extract-summary.js';
import { keepStockImages } from './rules/keep-stock-images.js';
import { makeFigures } from './rules/make-figures.js';
import { mergeSplitHeadings } from './rules/merge-split-headings.js';
import { promoteBoldHeadings } from './rules/promote-bold-headings.js';
import { removeComments } from './rules/remove-comments.js';
import { removeHidden } from './rules/remove-hidden.js';
import { removeSiteNavigation } from './rules/remove-site-navigation.js';
import { splitBrParagraphs } from './rules/split-br-paragraphs.js';
import { stripUnsafe } from './rules/strip-unsafe.js';
import { tidyImages } from './rules/tidy-images.js';
import { trimWhitespace } from './rules/trim-whitespace.js';
import { unwrapKeywordLinks } from './rules/unwrap-keyword-links.js';
import { unwrapLegacyMarkup } from './rules/unwrap-legacy-markup.js';

export const CLEAN_RULES: readonly CleanRule[] = [
  // Leftovers of the scraped page.
  keepStockImages, // before remove-comments: it needs the EM_StockImg markers
  removeComments,
  removeHidden,
  unwrapKeywordLinks, // before unwrap-legacy-markup, which would leave the links bare
  unwrapLegacyMarkup,
  splitBrParagraphs,
  trimWhitespace,
  dropEmptyParagraphs,
  // Metadata the paper's conventions carry in the body.
  extractSummary,
  extractByline,
  removeSiteNavigation,
  extractOriginalUrl,
  extractSource,
  // Structure.
  tidyImages,
  makeFigures,
  promoteBoldHeadings, // before merge-split-headings, so a bold line becomes a heading without its <strong>
  mergeSplitHeadings,
  stripUnsafe,
];

const ruleNames = CLEAN_RULES.map((rule) => rule.name).join(', ');
if (ruleNames !== CLEAN_RULE_NAMES.join(', ')) throw new Error(`clean/rule-names.ts must list the rules of clean/rules.ts, in order: ${ruleNames}`);
