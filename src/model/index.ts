// The model stage: published posts to the site's structure. Pure: no I/O.
import type { Diagnostic } from '../diagnostics.js';
import type { Post, PostEntry, SiteModel, Term } from '../types.js';
import { buildDateArchives } from './archives.js';
import { buildListings } from './listings.js';
import { outputKey, outputPathOf } from '../url-paths.js';
import { jekyllCategorySegment } from './permalink.js';
import { placement, type Placement } from './placement.js';
import { linkCategoryNeighbours, linkRelated, RELATED_LIMIT, RELATED_WINDOW, restoreRelated, type KeptRelated, type RelatedMemo } from './related.js';
import { uniqueSlugs } from './slug.js';
import { collectTerms, foldCase, rememberedCategoryName, type NameMemo } from './terms.js';

export { selectPosts, type LeftOut, type SelectOptions } from './select.js';
export { slugify } from './slug.js';
export { changeAll, fitsInPlace, MOST_TAKEN_OUT } from './change.js';
export { isNewer } from './insert.js';
export { type ChangedPages, type InPlaceChange } from './in-place.js';
export { keptRelatedOf, type KeptRelated } from './related.js';
export { keptPlacementsOf, restorePlacements, type KeptPlacements } from './placement.js';

/** The settings the model reads. */
export interface ModelOptions {
  permalink: string;
  timeZone: string;
  categoryNames: Record<string, string>;
  pageSize: number;
  /** Heading of the home listing. */
  siteTitle: string;
  /** Placements kept from an earlier model of the same site (dev mode's rebuilds, or the last build's model record). */
  memo?: ModelMemo;
  /** The related lists of the last build's model, when its posts were placed exactly as these are (see `keptRelatedOf`). */
  keptRelated?: KeptRelated;
}

/**
 * Per-post results a caller may keep from one model to the next; safe because posts are never
 * mutated. Dev mode keeps all of it in memory; a build restores the placements from the model
 * record (see `restorePlacements`).
 */
export interface ModelMemo {
  placements: WeakMap<Post, Placement>;
  /** The zone and category segments the placements were made with; when they change, all are dropped. */
  inputs: string;
  /** The related lists of the last model, and what they were made from. */
  related?: RelatedMemo;
  /** Derived category names, and the posts they were derived from. */
  names?: NameMemo;
}

export function createModelMemo(): Required<ModelMemo> {
  return { placements: new WeakMap(), inputs: '', related: { lists: new Map(), of: new Map() }, names: new Map() };
}

/**
 * Places every post at its URL and builds categories, tags and date archives. A post whose URL is
 * one of the site's listing pages or feeds (`permalink: /category/x/`) is an error and left out,
 * and the model is built again without it, so `--skip-invalid` can still publish the rest.
 */
export function buildSiteModel(posts: Post[], options: ModelOptions, problems: Diagnostic[]): SiteModel {
  const clashes: Diagnostic[] = [];
  for (let current = posts; ; ) {
    const passProblems: Diagnostic[] = [];
    const model = modelOnce(current, options, passProblems);
    const listed = new Map<string, string>();
    for (const listing of model.listings) {
      for (const url of [...listing.pages.map((p) => p.url), ...(listing.feedUrl ? [listing.feedUrl] : [])]) listed.set(outputKey(outputPathOf(url)), url);
    }
    const clashing = model.entries.filter((e) => listed.has(options.memo?.placements.get(e.post)?.key ?? outputKey(e.outputPath)));
    if (!clashing.length) {
      problems.push(...passProblems, ...clashes);
      return model;
    }
    for (const { post, url } of clashing) {
      clashes.push({ severity: 'error', file: post.sourcePath, line: urlLine(post), message: `the URL ${url} is the site's own page ${listed.get(outputKey(outputPathOf(url)))}`, hint: 'change the permalink or slug' });
    }
    const dropped = new Set(clashing.map((e) => e.post));
    current = current.filter((p) => !dropped.has(p));
  }
}

function modelOnce(posts: Post[], options: ModelOptions, problems: Diagnostic[]): SiteModel {
  const sorted = [...posts].sort((a, b) => b.date.getTime() - a.date.getTime() || (a.sourcePath < b.sourcePath ? -1 : 1));
  const entries = placePosts(sorted, options, problems);
  entries.forEach((entry, i) => {
    entry.newer = entries[i - 1];
    entry.older = entries[i + 1];
  });
  const categoryName = (key: string, members: PostEntry[]) => options.categoryNames[key] ?? rememberedCategoryName(key, members, options.memo?.names);
  const categories = collectTerms(entries, 'category', (e) => e.post.categories, categoryName);
  const tags = collectTerms(entries, 'tag', (e) => e.post.tags, (key) => key);
  for (const term of [...categories, ...tags]) {
    for (const entry of term.posts) (term.kind === 'category' ? entry.categoryTerms : entry.tagTerms).push(term);
  }
  // Keep each post's categories in the order it lists them: the first names its newspaper.
  for (const entry of entries) entry.categoryTerms.sort((a, b) => categoryOrder(entry, a) - categoryOrder(entry, b));
  linkCategoryNeighbours(categories);
  // Kept lists are restored only for as many entries as they were made for (see restoreRelated).
  if (!(options.keptRelated && restoreRelated(entries, options.keptRelated))) linkRelated(entries, RELATED_LIMIT, RELATED_WINDOW, options.memo?.related);
  const memo = options.memo;
  const years = memo ? buildDateArchives(entries, options.timeZone, (e) => memo.placements.get(e.post)!) : buildDateArchives(entries, options.timeZone);
  return { entries, categories, tags, years, listings: buildListings(options.siteTitle, entries, categories, tags, years, options.pageSize) };
}

/** The model's pages: its articles and every page of its listings. */
export function pageCount(model: SiteModel): number {
  return model.entries.length + model.listings.reduce((sum, listing) => sum + listing.pages.length, 0);
}

/** The line of the front matter key that made the post's URL, for a diagnostic (read only then: see SHOWN_FIELDS). */
function urlLine(post: Post): number | undefined {
  return post.permalink ? post.keyLines.permalink : post.keyLines.slug;
}

export function categoryOrder(entry: PostEntry, term: Term): number {
  return entry.post.categories.findIndex((name) => name.toLowerCase() === term.key.toLowerCase());
}

function placePosts(posts: Post[], options: ModelOptions, problems: Diagnostic[]): PostEntry[] {
  // Names that differ only in case are one category (see collectTerms): one slug, from the first spelling.
  const spelling = new Map<string, string>();
  for (const post of posts) for (const name of post.categories) if (!spelling.has(foldCase(name))) spelling.set(foldCase(name), name);
  const categorySlugs = uniqueSlugs(spelling.values());
  const segments = new Map<string, string>();
  for (const [folded, name] of spelling) segments.set(folded, jekyllCategorySegment(name, categorySlugs.get(name)!));
  const segment = (name: string) => segments.get(foldCase(name))!;
  if (options.memo) {
    // Sorted: a new newest post puts its category first in `segments` without changing any segment.
    const inputs = `${options.timeZone}\u0000${[...segments].map(([folded, segment]) => `${folded}\u0001${segment}`).sort().join('\u0000')}`;
    if (inputs !== options.memo.inputs) Object.assign(options.memo, { placements: new WeakMap(), inputs });
  }
  const byOutput = new Map<string, PostEntry>();
  const entries: PostEntry[] = [];
  for (const post of posts) {
    const { url, unsafe, outputPath, key } = placement(post, options, segment);
    const line = unsafe || byOutput.has(key) ? urlLine(post) : undefined;
    if (unsafe) {
      problems.push({ severity: 'error', file: post.sourcePath, line, message: `the URL ${url} is not allowed: ${unsafe}`, hint: 'change the permalink or slug' });
      continue;
    }
    const taken = byOutput.get(key);
    if (taken) {
      const message = `two posts have the URL ${url}: ${taken.post.sourcePath} and ${post.sourcePath}`;
      problems.push({ severity: 'error', file: post.sourcePath, line, message, hint: 'give one of them another slug or permalink' });
      continue;
    }
    const entry: PostEntry = { post, url, outputPath, categoryTerms: [], tagTerms: [] };
    byOutput.set(key, entry);
    entries.push(entry);
  }
  return entries;
}
