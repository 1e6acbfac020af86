// The shape every clean rule has.
import type { Document } from 'domhandler';

/** What the rules learn about a post while they tidy it; starts empty. */
export interface Findings {
  authors: string[];
  source?: string;
  editor?: string;
  originalUrl?: string;
  summary?: string;
}

/** What a rule may know about the post it cleans. */
export interface CleanContext {
  sourcePath: string;
  /** Elements and attributes the config adds to the sanitizer's allowlist (`allowHtml`). */
  allowHtml?: Readonly<Record<string, readonly string[]>>;
}

/** One named step of the cleaning, run in order on the post's single parsed tree (its root, edited in place). */
export interface CleanRule {
  name: string;
  apply(root: Document, findings: Findings, ctx: CleanContext): void;
}
