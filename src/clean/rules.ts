// The clean rules, in the order they run. The sanitizer is last, so no rule can bring back unsafe markup.
import type { CleanRule } from './rule.js';
import { dropEmptyParagraphs } from './rules/drop-empty-paragraphs.js';
import { stripUnsafe } from './rules/strip-unsafe.js';

export const CLEAN_RULES: readonly CleanRule[] = [dropEmptyParagraphs, stripUnsafe];

/** Rules that always run, whatever the config says: switching them off would publish unsafe markup. */
export const REQUIRED_RULES: ReadonlySet<string> = new Set([stripUnsafe.name]);
