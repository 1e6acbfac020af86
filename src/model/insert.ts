// How an archive grows, done in place: new posts, each newer than every post of the site, filed
// under categories and tags the site already has. They go on top of a kept model (dev mode's, or
// the last build's, modelled again from its record) instead of the model being built again; each
// step does to the model what buildSiteModel would make of it, or the function gives up before
// touching anything. test/dev-random.test.ts and test/cache-model-record.test.ts compare the two.
import type { DateArchive, Post, PostEntry, SiteModel, Term } from '../types.js';
import type { ModelOptions } from './index.js';
import { emptyChange, inWindow, listingKeys, mergeChange, modelKeys, relinkCategoryNeighbours, relinkRelated, relist, resortTags, type ChangedPages, type InPlaceChange } from './in-place.js';
import { jekyllCategorySegment } from './permalink.js';
import { placement } from './placement.js';
import { foldCase, NAME_SAMPLE, rememberedCategoryName, termOrder } from './terms.js';

/**
 * Puts the published `posts` on top of `model` one by one, oldest first (see insertNewest), when
 * each is newer than every post before it. Undefined: nothing was touched; build the model again.
 * 'spoiled': the model was changed before a post could not be put; build it again from the posts,
 * with a fresh memo.
 */
export function insertAllNewest(model: SiteModel, posts: Post[], options: ModelOptions): InPlaceChange | 'spoiled' | undefined {
  const inserted = emptyChange();
  for (const post of [...posts].sort((a, b) => (isNewer(a, b) ? 1 : -1))) {
    const one = insertNewest(model, post, options);
    if (!one || one === 'spoiled') return one ?? (inserted.entries.length ? 'spoiled' : undefined);
    inserted.entries.unshift(one.entry);
    mergeChange(inserted, one);
  }
  return inserted;
}

/**
 * Puts the published `post` on top of `model` (made with `options`, memo included, and without
 * problems) when it is newer than every post, its categories and tags are all in the site spelt
 * as their terms are, its category names stay, and its URL is free. Undefined: nothing was
 * touched; build the model again. 'spoiled': a listing's new page took a post's URL after the
 * model was changed; build it again from the posts, with a fresh memo.
 */
function insertNewest(model: SiteModel, post: Post, options: ModelOptions): (ChangedPages & { entry: PostEntry }) | 'spoiled' | undefined {
  const memo = options.memo;
  const first = model.entries[0];
  // The related lists are updated in place, their memo with them: dev mode's memo keeps them.
  if (!memo?.related || !first || !isNewer(post, first.post)) return undefined;
  const categories = knownTerms(post.categories, model.categories);
  const tags = knownTerms(post.tags, model.tags);
  if (!categories || !tags) return undefined;
  const placed = placement(post, options, (name) => {
    const term = categories.find((t) => foldCase(t.key) === foldCase(name))!;
    return jekyllCategorySegment(term.key, term.slug);
  });
  const monthKey = `${placed.year}/${String(placed.month).padStart(2, '0')}`;
  const year = model.years[0];
  if (placed.unsafe || (year && (year.year > placed.year || (year.year === placed.year && year.months![0].key > monthKey)))) return undefined;
  const keys = modelKeys(model, memo);
  if (keys.entries.has(placed.key) || keys.listed.has(placed.key)) return undefined;
  const entry: PostEntry = { post, url: placed.url, outputPath: placed.outputPath, categoryTerms: categories, tagTerms: [] };
  for (const term of categories) {
    const name = options.categoryNames[term.key] ?? rememberedCategoryName(term.key, [entry, ...term.posts.slice(0, NAME_SAMPLE)], memo.names);
    if (name !== term.name) return undefined;
  }

  // From here on the model changes.
  model.entries.unshift(entry);
  entry.older = first;
  first.newer = entry;
  const articles = new Set([entry, first]);
  for (const term of [...categories, ...tags]) term.posts.unshift(entry);
  model.categories.sort(termOrder);
  const { reordered, byOrder } = resortTags(model.tags);
  entry.tagTerms = [...tags].sort(byOrder);
  for (const e of reordered) articles.add(e);
  // Only the top two of a category can have a new neighbour in it.
  for (const term of categories) relinkCategoryNeighbours(term, [0, 1], articles);
  const archives = addToArchives(model.years, entry, placed.year, placed.month, monthKey);

  // Related lists: the posts whose windows (see linkRelated) now hold the new post, and those whose terms changed order.
  const redo = new Set([entry, ...reordered]);
  for (const term of [...tags, ...categories]) for (const e of inWindow(term, 0)) redo.add(e);
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

/** True when `a` sorts before `b` in the archive (newest first, then by source path). */
export function isNewer(a: Post, b: Post): boolean {
  const d = a.date.getTime() - b.date.getTime();
  return d > 0 || (d === 0 && a.sourcePath < b.sourcePath);
}

/** The terms `names` are in, in the post's order; undefined when one is new, spelt otherwise, or named twice. */
function knownTerms(names: string[], terms: Term[]): Term[] | undefined {
  const byFold = new Map(terms.map((t) => [foldCase(t.key), t]));
  const found: Term[] = [];
  for (const name of names) {
    const term = byFold.get(foldCase(name));
    if (!term || term.key !== name || found.includes(term)) return undefined;
    found.push(term);
  }
  return found;
}

/** Puts the entry on top of its year and month, made when new; returns both. */
function addToArchives(years: DateArchive[], entry: PostEntry, year: number, month: number, monthKey: string): DateArchive[] {
  let y = years[0]?.year === year ? years[0] : undefined;
  if (!y) years.unshift((y = { key: String(year), year, url: `/${year}/`, posts: [], months: [] }));
  let m = y.months![0]?.key === monthKey ? y.months![0] : undefined;
  if (!m) y.months!.unshift((m = { key: monthKey, year, month, url: `/${monthKey}/`, posts: [] }));
  y.posts.unshift(entry);
  m.posts.unshift(entry);
  return [y, m];
}
