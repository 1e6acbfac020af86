// Where a post goes: its URL and output file, remembered per post between dev's models, and kept
// between builds in the model record.
import { zonedParts } from '../dates.js';
import type { Post, SiteModel } from '../types.js';
import { checkOutputPath, checkUrlPath, outputKey, outputPathOf } from '../url-paths.js';
import type { ModelMemo, ModelOptions } from './index.js';
import { expandPermalink } from './permalink.js';
import { slugify } from './slug.js';

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
  const placed = { pattern, url, unsafe: checkUrlPath(url) ?? checkOutputPath(outputPath), outputPath, key: outputKey(outputPath), year, month };
  options.memo?.placements.set(post, placed);
  return placed;
}

/**
 * Where a model put its posts, kept for the next build of the same site (in the model record):
 * under which page salt, from which category segments (`ModelMemo.inputs`), each term name's slug,
 * and each post's URL and month, in the order of the record's post identities (null: not placed).
 * A post keeps its contents' identity only while every field that places it is the same, so the
 * next build takes these for its unchanged posts, whichever others were edited or added: placing
 * the posts and slugging the terms' names took 0.1 s of an edited post's 0.28 s model at 20,000.
 */
export interface KeptPlacements {
  salt: string;
  inputs: string;
  slugs: [name: string, slug: string][];
  urls: (string | null)[];
  /** year × 100 + month. */
  months: Int32Array;
}

/** What `model` (made from `posts` with `memo`) placed, to keep, in the order of `posts`. */
export function keptPlacementsOf(model: SiteModel, posts: Post[], memo: ModelMemo, salt: string): KeptPlacements {
  const placed = new Set(model.entries.map((entry) => entry.post));
  const months = new Int32Array(posts.length);
  const urls = posts.map((post, i) => {
    const kept = placed.has(post) ? memo.placements.get(post) : undefined;
    if (!kept) return null;
    months[i] = kept.year * 100 + kept.month;
    return kept.url;
  });
  const slugs = [...model.categories, ...model.tags].map((term): [string, string] => [term.key, slugify(term.key)]);
  return { salt, inputs: memo.inputs, slugs, urls, months };
}

/**
 * A memo of placements for `posts`, taken from `kept` for each post whose identity it holds, when it
 * was made under `salt` (the page salt: settings, model code, pinyin-pro); empty otherwise. The
 * model drops them all when the category segments are no longer `kept.inputs`.
 */
export function restorePlacements(kept: { placements?: KeptPlacements; postKeys: string[] } | undefined, salt: string, posts: Post[], identities: string[], permalink: string): ModelMemo {
  const memo: ModelMemo = { placements: new WeakMap(), inputs: '' };
  const placements = kept?.placements;
  if (!placements || placements.salt !== salt) return memo;
  for (const [name, slug] of placements.slugs) slugify.learn(name, slug);
  // Mostly the posts are where they were in the record's list; the others are looked up.
  let at: Map<string, number> | undefined;
  const indexOf = (identity: string, i: number) => (kept.postKeys[i] === identity ? i : (at ??= new Map(kept.postKeys.map((key, k) => [key, k]))).get(identity));
  posts.forEach((post, i) => {
    const j = indexOf(identities[i], i);
    const url = j === undefined ? null : placements.urls[j];
    if (url === null) return;
    const outputPath = outputPathOf(url);
    const month = placements.months[j!];
    memo.placements.set(post, { pattern: post.permalink ?? permalink, url, outputPath, key: outputKey(outputPath), year: Math.floor(month / 100), month: month % 100 });
  });
  memo.inputs = placements.inputs;
  return memo;
}
