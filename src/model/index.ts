// The model stage: published posts to the site's structure. Pure: no I/O.
import type { Diagnostic } from '../diagnostics.js';
import type { Post, PostEntry, SiteModel } from '../types.js';
import { buildDateArchives } from './archives.js';
import { buildListings } from './listings.js';
import { checkUrlPath, outputPathOf } from '../url-paths.js';
import { expandPermalink, jekyllCategorySegment } from './permalink.js';
import { uniqueSlugs } from './slug.js';
import { collectTerms, derivedCategoryName } from './terms.js';

export { selectPosts, type LeftOut, type SelectOptions } from './select.js';
export { slugify } from './slug.js';

/** The settings the model reads. */
export interface ModelOptions {
  permalink: string;
  timeZone: string;
  categoryNames: Record<string, string>;
  pageSize: number;
  /** Heading of the home listing. */
  siteTitle: string;
  /** Placements kept from an earlier model of the same site (dev mode's rebuilds). */
  memo?: ModelMemo;
}

/** Per-post results a caller may keep from one model to the next; safe because posts are never mutated. */
export interface ModelMemo {
  placements: WeakMap<Post, Placement>;
  /** The zone and category segments the placements were made with; when they change, all are dropped. */
  inputs: string;
}

/** Where a post goes, and the pattern that decided it. */
interface Placement {
  pattern: string;
  url: string;
  unsafe?: string;
  outputPath: string;
}

export function createModelMemo(): ModelMemo {
  return { placements: new WeakMap(), inputs: '' };
}

/** Places every post at its URL and builds categories, tags and date archives. */
export function buildSiteModel(posts: Post[], options: ModelOptions, problems: Diagnostic[]): SiteModel {
  const sorted = [...posts].sort((a, b) => b.date.getTime() - a.date.getTime() || (a.sourcePath < b.sourcePath ? -1 : 1));
  const entries = placePosts(sorted, options, problems);
  entries.forEach((entry, i) => {
    entry.newer = entries[i - 1];
    entry.older = entries[i + 1];
  });
  const categoryName = (key: string, members: PostEntry[]) => options.categoryNames[key] ?? derivedCategoryName(key, members);
  const categories = collectTerms(entries, 'category', (e) => e.post.categories, categoryName);
  const tags = collectTerms(entries, 'tag', (e) => e.post.tags, (key) => key);
  for (const term of [...categories, ...tags]) {
    for (const entry of term.posts) (term.kind === 'category' ? entry.categoryTerms : entry.tagTerms).push(term);
  }
  const years = buildDateArchives(entries, options.timeZone);
  return { entries, categories, tags, years, listings: buildListings(options.siteTitle, entries, categories, tags, years, options.pageSize) };
}

/** A post's URL, from the memo when its pattern is unchanged. */
function placement(post: Post, options: ModelOptions, segment: (name: string) => string): Placement {
  const pattern = post.permalink ?? options.permalink;
  const kept = options.memo?.placements.get(post);
  if (kept && kept.pattern === pattern) return kept;
  const url = expandPermalink(pattern, post, options.timeZone, segment);
  const placed = { pattern, url, unsafe: checkUrlPath(url), outputPath: outputPathOf(url) };
  options.memo?.placements.set(post, placed);
  return placed;
}

function placePosts(posts: Post[], options: ModelOptions, problems: Diagnostic[]): PostEntry[] {
  const categorySlugs = uniqueSlugs(new Set(posts.flatMap((p) => p.categories)));
  const segments = new Map<string, string>();
  for (const [name, slug] of categorySlugs) segments.set(name, jekyllCategorySegment(name, slug));
  const segment = (name: string) => segments.get(name)!;
  if (options.memo) {
    const inputs = `${options.timeZone}\u0000${[...segments].join('\u0000')}`;
    if (inputs !== options.memo.inputs) Object.assign(options.memo, { placements: new WeakMap(), inputs });
  }
  const byOutput = new Map<string, PostEntry>();
  const entries: PostEntry[] = [];
  for (const post of posts) {
    const { url, unsafe, outputPath } = placement(post, options, segment);
    const line = post.permalink ? post.keyLines.permalink : post.keyLines.slug;
    if (unsafe) {
      problems.push({ severity: 'error', file: post.sourcePath, line, message: `the URL ${url} is not allowed: ${unsafe}`, hint: 'change the permalink or slug' });
      continue;
    }
    const taken = byOutput.get(outputPath);
    if (taken) {
      const message = `two posts have the URL ${url}: ${taken.post.sourcePath} and ${post.sourcePath}`;
      problems.push({ severity: 'error', file: post.sourcePath, line, message, hint: 'give one of them another slug or permalink' });
      continue;
    }
    const entry: PostEntry = { post, url, outputPath, categoryTerms: [], tagTerms: [] };
    byOutput.set(outputPath, entry);
    entries.push(entry);
  }
  return entries;
}
