// What changing a kept model in place (insert.ts puts posts in, remove.ts takes them out) shares:
// the pages a change touched, the model's output keys, and the steps that redo in place what
// buildSiteModel would make of the changed posts (tag order, related lists, listings).
import type { Listing, Post, PostEntry, SiteModel, Term } from '../types.js';
import { outputKey, outputPathOf } from '../url-paths.js';
import type { ModelMemo, ModelOptions } from './index.js';
import { buildListings } from './listings.js';
import { RELATED_LIMIT, RELATED_WINDOW, relatedTermId, relatedTo, type RelatedMemo } from './related.js';
import { uniqueSlugs } from './slug.js';
import { termOrder } from './terms.js';

/** The pages that may show something else after posts were put into a model, or taken out of it, in place. */
export interface ChangedPages {
  /** Entries whose article page may show something else now (new ones included). */
  articles: Set<PostEntry>;
  /** URLs of the listings the posts joined or left: every page of each may change. */
  listings: Set<string>;
  /** URLs of the feeds the posts joined or left. */
  feeds: Set<string>;
}

/** A change made in place: the pages it touched, the entries it put in and the posts it took out. */
export interface InPlaceChange extends ChangedPages {
  entries: PostEntry[];
  removed: Post[];
}

export function emptyChange(): InPlaceChange {
  return { entries: [], removed: [], articles: new Set(), listings: new Set(), feeds: new Set() };
}

/** Adds `one` to `all`. */
export function mergeChange(all: InPlaceChange, one: ChangedPages): void {
  for (const entry of one.articles) all.articles.add(entry);
  for (const url of one.listings) all.listings.add(url);
  for (const url of one.feeds) all.feeds.add(url);
}

/** The output keys of a model's posts and of its listing pages and feeds, kept with the model as it changes in place. */
export interface ModelKeys {
  entries: Set<string>;
  listed: Set<string>;
}

const keysOf = new WeakMap<SiteModel, ModelKeys>();

export function modelKeys(model: SiteModel, memo: ModelMemo): ModelKeys {
  let keys = keysOf.get(model);
  if (!keys) {
    const entries = new Set(model.entries.map((e) => entryKey(e, memo)));
    keysOf.set(model, (keys = { entries, listed: new Set(model.listings.flatMap(listingKeys)) }));
  }
  return keys;
}

/** The output key of an entry's article. */
export function entryKey(entry: PostEntry, memo: ModelMemo): string {
  return memo.placements.get(entry.post)?.key ?? outputKey(entry.outputPath);
}

/** The output keys of a listing's pages and feed. */
export function listingKeys(listing: Listing): string[] {
  const urls = listing.pages.map((p) => p.url);
  if (listing.feedUrl) urls.push(listing.feedUrl);
  return urls.map((url) => outputKey(outputPathOf(url)));
}

/**
 * Sorts the tags again after their post counts changed, and puts each entry's tags back in that
 * order (as collectTerms gives them); returns the entries whose tags changed order, and the order.
 */
export function resortTags(tags: Term[]): { reordered: PostEntry[]; byOrder: (a: Term, b: Term) => number } {
  const before = [...tags];
  tags.sort(termOrder);
  const index = new Map(tags.map((t, i) => [t, i]));
  const byOrder = (a: Term, b: Term) => index.get(a)! - index.get(b)!;
  const reordered = new Set<PostEntry>();
  for (let i = 0; i < tags.length; i++) {
    if (tags[i] === before[i]) continue;
    for (const e of tags[i].posts) {
      if (e.tagTerms.length < 2 || reordered.has(e)) continue;
      const sorted = [...e.tagTerms].sort(byOrder);
      if (sorted.some((t, j) => t !== e.tagTerms[j])) {
        e.tagTerms = sorted;
        reordered.add(e);
      }
    }
  }
  return { reordered: [...reordered], byOrder };
}

/**
 * Finds the related lists of `redo` again (as linkRelated would, the terms' lists as they are now),
 * adds the entries whose list changed to `articles`, and brings the related memo up to date,
 * `terms` being the terms whose lists changed.
 */
export function relinkRelated(redo: Iterable<PostEntry>, terms: Term[], memo: RelatedMemo, articles: Set<PostEntry>): void {
  for (const e of redo) {
    const places = [...e.tagTerms, ...e.categoryTerms].map((term) => ({ term, at: term.posts.indexOf(e) }));
    const related = relatedTo(e, places, RELATED_LIMIT, RELATED_WINDOW);
    const before = e.related ?? [];
    if (related.length !== before.length || related.some((r, i) => r !== before[i])) articles.add(e);
    e.related = related;
    memo.of.set(e.post, { terms: places.map(({ term }) => relatedTermId(term)), related: related.map((r) => r.post) });
  }
  for (const term of terms) memo.lists.set(relatedTermId(term), term.posts.map((e) => e.post));
}

/** The posts within the related window of `at` in `term`'s list (see linkRelated), `at` itself left out. */
export function inWindow(term: Term, at: number): PostEntry[] {
  const self = term.posts[at];
  return term.posts.slice(Math.max(0, at - RELATED_WINDOW), at + RELATED_WINDOW + 1).filter((e) => e !== self);
}

/**
 * Sets the category neighbours (see linkCategoryNeighbours) of the posts at `positions` in the
 * category's list, those whose newspaper it is, and adds those whose neighbours changed to `articles`.
 */
export function relinkCategoryNeighbours(term: Term, positions: number[], articles: Set<PostEntry>): void {
  for (const i of positions) {
    const e = term.posts[i];
    if (!e || e.categoryTerms[0] !== term) continue;
    const [newer, older] = [term.posts[i - 1], term.posts[i + 1]];
    if (e.newerInCategory !== newer || e.olderInCategory !== older) articles.add(e);
    e.newerInCategory = newer;
    e.olderInCategory = older;
  }
}

/**
 * The slugs of one kind's terms with `terms` as its terms (see uniqueSlugs), when every term that
 * has a slug keeps it: a term made or gone must not move another's URL. Undefined otherwise.
 */
export function slugsKept(terms: Term[]): Map<string, string> | undefined {
  const slugs = uniqueSlugs(terms.map((t) => t.key));
  return terms.every((t) => !t.slug || slugs.get(t.key) === t.slug) ? slugs : undefined;
}

/** Makes the listings at `urls` again from the model; the others hold the same posts under the same names and are kept whole. */
export function relist(model: SiteModel, options: ModelOptions, urls: Set<string>): void {
  const before = new Map(model.listings.map((l) => [l.url, l]));
  model.listings = buildListings(options.siteTitle, model.entries, model.categories, model.tags, model.years, options.pageSize, (url) => (urls.has(url) ? undefined : before.get(url)));
}
