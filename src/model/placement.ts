// Where a post goes: its URL and output file, remembered per post between dev's models.
import { zonedParts } from '../dates.js';
import type { Post } from '../types.js';
import { checkReservedOutput, checkUrlPath, outputKey, outputPathOf } from '../url-paths.js';
import type { ModelOptions } from './index.js';
import { expandPermalink } from './permalink.js';

/** Where a post goes, and the pattern that decided it. */
export interface Placement {
  pattern: string;
  url: string;
  unsafe?: string;
  outputPath: string;
  /** outputKey(outputPath), which two outputs must not share. */
  key: string;
  /** The year and month of the post in the site's zone, for the date archives. */
  year: number;
  month: number;
}

/** A post's URL, from the memo when its pattern is unchanged. */
export function placement(post: Post, options: ModelOptions, segment: (name: string) => string): Placement {
  const pattern = post.permalink ?? options.permalink;
  const kept = options.memo?.placements.get(post);
  if (kept && kept.pattern === pattern) return kept;
  const url = expandPermalink(pattern, post, options.timeZone, segment);
  const outputPath = outputPathOf(url);
  const { year, month } = zonedParts(post.date, options.timeZone);
  const placed = { pattern, url, unsafe: checkUrlPath(url) ?? checkReservedOutput(outputPath), outputPath, key: outputKey(outputPath), year, month };
  options.memo?.placements.set(post, placed);
  return placed;
}
