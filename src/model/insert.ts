// How an archive grows, done in place: new posts go into a kept model (dev mode's, or the last
// build's, modelled again from its record) instead of the model being built again; each step does
// to the model what buildSiteModel would make of it, or the function gives up before touching
// anything. test/dev-random.test.ts and test/cache-model-record.test.ts compare the two.
import type { DateArchive, Post, PostEntry, SiteModel, Term } from '../types.js';
import { monthArchive, newestFirst, yearArchive } from './archives.js';
import type { ModelOptions } from './index.js';
import { emptyChange, inWindow, listingKeys, mergeChange, modelKeys, relinkCategoryNeighbours, relinkRelated, relist, resortTags, slugsKept, type ChangedPages, type InPlaceChange } from './in-place.js';
import { jekyllCategorySegment } from './permalink.js';
import { placement } from './placement.js';
import { foldCase, NAME_SAMPLE, rememberedCategoryName, termOrder, termUrl } from './terms.js';

/**
 * Puts the published `posts` into `model` one by one, oldest first (see insertOne). Undefined:
 * nothing was touched; build the model again. 'spoiled': the model was changed before a post could
 * not be put; build it again from the posts, with a fresh memo.
 */
export function insertAll(model: SiteModel, posts: Post[], options: ModelOptions): InPlaceChange | 'spoiled' | undefined {
  const inserted = emptyChange();
  for (const post of [...posts].sort((a, b) => (isNewer(a, b) ? 1 : -1))) {
    const one = insertOne(model, post, options);
    if (!one || one === 'spoiled') return one ?? (inserted.entries.length ? 'spoiled' : undefined);
    inserted.entries.unshift(one.entry);
    mergeChange(inserted, one);
  }
  return inserted;
}

/**
 * Puts the published `post` into `model` (made with `options`, memo included, and without
 * problems) where buildSiteModel would place it, when its categories and tags are spelt as their
 * terms are (a new one gets a term of its own, if that moves no other term's URL), its categories'
 * names stay, and its URL is free. Undefined: nothing was touched; build the model again.
 * 'spoiled': a listing's new page took a post's URL after the model was changed; build it again
 * from the posts, with a fresh memo.
 */
function insertOne(model: SiteModel, post: Post, options: ModelOptions): (ChangedPages & { entry: PostEntry }) | 'spoiled' | undefined {
  const memo = options.memo;
  // The related lists are updated in place, their memo with them: dev mode's memo keeps them.
  if (!memo?.related || !model.entries.length) return undefined;
  const categoryTerms = termsOf(post.categories, 'category', model.categories);
  const tagTerms = termsOf(post.tags, 'tag', model.tags);
  if (!categoryTerms || !tagTerms) return undefined;
  const [categories, tags] = [categoryTerms.terms, tagTerms.terms];
  const placed = placement(post, options, (name) => {
    const term = categories.find((t) => foldCase(t.key) === foldCase(name))!;
    return jekyllCategorySegment(term.key, term.slug);
  });
  if (placed.unsafe) return undefined;
  const keys = modelKeys(model, memo);
  if (keys.entries.has(placed.key) || keys.listed.has(placed.key)) return undefined;
  const entry: PostEntry = { post, url: placed.url, outputPath: placed.outputPath, categoryTerms: categories, tagTerms: [] };
  for (const term of categoryTerms.made) term.name = options.categoryNames[term.key] ?? rememberedCategoryName(term.key, [entry], memo.names);
  for (const term of categories) {
    if (categoryTerms.made.includes(term) || options.categoryNames[term.key] !== undefined) continue;
    // Only the newest posts name a category: a post past them cannot change its name.
    const at = placeIn(term.posts, post);
    if (at >= NAME_SAMPLE) continue;
    const newest = term.posts.slice(0, NAME_SAMPLE);
    newest.splice(at, 0, entry);
    if (rememberedCategoryName(term.key, newest, memo.names) !== term.name) return undefined;
  }

  // From here on the model changes.
  model.categories.push(...categoryTerms.made);
  model.tags.push(...tagTerms.made);
  const at = placeIn(model.entries, post);
  model.entries.splice(at, 0, entry);
  const [newer, older] = [model.entries[at - 1], model.entries[at + 1]];
  entry.newer = newer;
  entry.older = older;
  if (newer) newer.older = entry;
  if (older) older.newer = entry;
  const articles = new Set([entry, newer, older].filter((e) => e !== undefined));
  // Related lists: the posts whose windows (see linkRelated) now hold the new post, and those whose terms changed order.
  const redo = new Set([entry]);
  for (const term of [...categories, ...tags]) {
    const place = placeIn(term.posts, post);
    term.posts.splice(place, 0, entry);
    for (const e of inWindow(term, place)) redo.add(e);
    // It and the posts on either side of it in a category have new neighbours in it.
    if (term.kind === 'category') relinkCategoryNeighbours(term, [place - 1, place, place + 1], articles);
  }
  model.categories.sort(termOrder);
  const { reordered, byOrder } = resortTags(model.tags);
  entry.tagTerms = [...tags].sort(byOrder);
  for (const e of reordered) {
    articles.add(e);
    redo.add(e);
  }
  const archives = addToArchives(model.years, entry, placed.year, placed.month);
  relinkRelated(redo, [...tags, ...categories], memo.related, articles);

  const listings = new Set(['/', ...categories.map((t) => t.url), ...tags.map((t) => t.url), ...archives.map((a) => a.url)]);
  relist(model, options, listings);
  keys.entries.add(placed.key);
  // A listing's new page (or a new month's listing) may take a post's URL: buildSiteModel would drop the post.
  for (const listing of model.listings) {
    if (!listings.has(listing.url)) continue;
    for (const key of listingKeys(listing)) {
      if (keys.listed.has(key)) continue;
      if (keys.entries.has(key)) return 'spoiled';
      keys.listed.add(key);
    }
  }
  const feeds = new Set(['/feed.xml', ...categories.map((t) => `${t.url}feed.xml`)]);
  return { entry, articles, listings, feeds };
}

/** Where `post` goes in `entries` (in archive order, see isNewer): the first place whose post it is newer than. */
function placeIn(entries: PostEntry[], post: Post): number {
  let [low, high] = [0, entries.length];
  while (low < high) {
    const middle = (low + high) >> 1;
    if (isNewer(entries[middle].post, post)) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** True when `a` sorts before `b` in the archive (newest first, then by source path). */
export function isNewer(a: Post, b: Post): boolean {
  const d = a.date.getTime() - b.date.getTime();
  return d > 0 || (d === 0 && a.sourcePath < b.sourcePath);
}

/**
 * The terms of `kind` that `names` are in, in the post's order, and those among them `made` for a
 * name the site did not have (no posts yet; a category's name is set by the caller). Undefined when
 * a name is spelt otherwise than its term or named twice, or when a new term would move another's
 * URL (see slugsKept).
 */
function termsOf(names: string[], kind: Term['kind'], terms: Term[]): { terms: Term[]; made: Term[] } | undefined {
  const byFold = new Map(terms.map((t) => [foldCase(t.key), t]));
  const found: Term[] = [];
  const made: Term[] = [];
  for (const name of names) {
    let term = byFold.get(foldCase(name));
    if (!term) {
      byFold.set(foldCase(name), (term = { kind, key: name, name, slug: '', url: '', posts: [] }));
      made.push(term);
    } else if (term.key !== name || found.includes(term)) return undefined;
    found.push(term);
  }
  if (!made.length) return { terms: found, made };
  const slugs = slugsKept([...terms, ...made]);
  if (!slugs) return undefined;
  for (const term of made) {
    term.slug = slugs.get(term.key)!;
    term.url = termUrl(kind, term.slug);
  }
  return { terms: found, made };
}

/** Puts the entry into its year and month, each made (in archive order, newest first) when new; returns both. */
function addToArchives(years: DateArchive[], entry: PostEntry, year: number, month: number): DateArchive[] {
  const y = archiveOf(years, yearArchive(year));
  const m = archiveOf(y.months!, monthArchive(year, month));
  for (const archive of [y, m]) archive.posts.splice(placeIn(archive.posts, entry.post), 0, entry);
  return [y, m];
}

/** The archive of `archives` (newest first, see newestFirst) with the key of `empty`, or `empty` put in its place when there is none. */
function archiveOf(archives: DateArchive[], empty: DateArchive): DateArchive {
  const at = archives.findIndex((a) => newestFirst(a, empty) >= 0);
  if (archives[at]?.key === empty.key) return archives[at];
  archives.splice(at < 0 ? archives.length : at, 0, empty);
  return empty;
}
