// The clean stage: one parse per post, every rule in order, one serialization.
import type { Document } from 'domhandler';
import { elementsNamed, flatTextOf, textOf } from './dom.js';
import type { Diagnostic } from '../diagnostics.js';
import type { LoadedPost, Post } from '../types.js';
import type { Findings } from './rule.js';
import { leavesOfHtml, limitDepth } from './depth.js';
import { MAX_PARSE_DEPTH, parseFragment, serializeFragment } from './parse.js';
import { REQUIRED_RULES } from './rule-names.js';
import { CLEAN_RULES } from './rules.js';
import { safeWebUrl } from './urls.js';
import { countCharacters, excerptOf, readingMinutes } from './text.js';

export { CLEAN_RULES } from './rules.js';
export { CLEAN_RULE_NAMES, REQUIRED_RULES } from './rule-names.js';
export { excerptOf, countCharacters } from './text.js';

/** Which rules run: all, except those the config switches off (never the sanitizer). */
export interface CleanOptions {
  disabledRules: ReadonlySet<string>;
  /** The config's additions to the sanitizer's allowlist. */
  allowHtml?: Readonly<Record<string, readonly string[]>>;
}

/** Makes a post's HTML safe and tidy and learns its byline, source and excerpt; what it had to give up goes to `problems`. */
export function cleanPost(post: LoadedPost, options: CleanOptions, problems: Diagnostic[]): Post {
  let root = parseFragment(post.html);
  if (!root) {
    problems.push({ severity: 'warning', file: post.sourcePath, line: post.bodyLine, message: `the body's HTML nests elements more than ${MAX_PARSE_DEPTH} deep (unclosed tags?); only its text, images and line breaks are kept`, hint: 'close the tags the body opens' });
    root = parseFragment(leavesOfHtml(post.html))!;
  }
  limitDepth(root); // before any rule walks the tree recursively
  const findings: Findings = { authors: [] };
  for (const rule of CLEAN_RULES) {
    if (options.disabledRules.has(rule.name) && !REQUIRED_RULES.has(rule.name)) continue;
    rule.apply(root, findings, { sourcePath: post.sourcePath, allowHtml: options.allowHtml });
  }
  // A plain walk: cheerio's .text() costs twenty times more, and this runs on every post.
  const bodyText = flatTextOf(root);
  // The lead is read too: it counts toward the length.
  const charCount = countCharacters(bodyText) + countCharacters(findings.summary ?? '');
  return {
    ...post,
    html: serializeFragment(root),
    authors: post.author ? [post.author] : findings.authors,
    source: post.source ?? findings.source,
    editor: findings.editor,
    // Templates print it in an href: only a web address may pass.
    originalUrl: safeWebUrl(findings.originalUrl),
    summary: findings.summary,
    excerpt: post.description ?? excerptOf(findings.summary ?? (openingText(root) || bodyText)),
    charCount,
    readingMinutes: readingMinutes(charCount),
  };
}

/** The article's first paragraphs (the byline is gone by now), enough for an excerpt; headings and captions left out. */
function openingText(root: Document): string {
  let text = '';
  for (const p of elementsNamed(root, 'p')) {
    if (text.length > 200) break;
    if (p.parent?.type === 'tag' && p.parent.name === 'figcaption') continue;
    text += textOf(p).trim();
  }
  return text;
}
