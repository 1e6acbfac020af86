// The clean rules' names, in the order `rules.ts` runs them, importable without the rules and the
// DOM libraries they load (29 ms of every build's start): the build checks the config's `clean:`
// settings against them on its main thread, which seldom cleans a post. `rules.ts` refuses to load
// when its rules are named otherwise.

export const CLEAN_RULE_NAMES: readonly string[] = [
  'keep-stock-images',
  'remove-comments',
  'remove-hidden',
  'unwrap-keyword-links',
  'unwrap-legacy-markup',
  'split-br-paragraphs',
  'trim-whitespace',
  'drop-empty-paragraphs',
  'extract-summary',
  'extract-byline',
  'remove-site-navigation',
  'extract-original-url',
  'extract-source',
  'tidy-images',
  'make-figures',
  'promote-bold-headings',
  'merge-split-headings',
  'strip-unsafe',
];

/** Rules that always run, whatever the config says: switching them off would publish unsafe markup. */
export const REQUIRED_RULES: ReadonlySet<string> = new Set(['strip-unsafe']);
