// How an archive grows, done in place: new posts, each newer than every post of the site, filed
// under categories and tags the site already has. They go on top of a kept model (dev mode's, or
// the last build's, modelled again from its record) instead of the model being built again; each
// step does to the model what buildSiteModel would make of it, or the function gives up before
// touching anything. test/dev-random.test.ts and test/cache-model-record.test.ts compare the two.
import type { DateArchive, Listing, Post, PostEntry, SiteModel, Term } from '../types.js';
import { outputKey, outputPathOf } from '../url-paths.js';
import type { ModelOptions } from './index.js';
import { buildListings } from './listings.js';
import { jekyllCategorySegment } from './permalink.js';
import { placement } from './placement.js';
import { RELATED_LIMIT, RELATED_WINDOW, relatedTermId, relatedTo } from './related.js';
import { foldCase, rememberedCategoryName, termOrder } from './terms.js';

/** The pages that may show something else after posts were put into a model in place. */
export interface ChangedPages {
  /** Entries whose article page may show something else now (the new ones included). */
  articles: Set<PostEntry>;
  /** URLs of the listings the posts joined: every page of each may change. */
  listings: Set<string>;
  /** URLs of the feeds the posts joined. */
  feeds: Set<string>;
}

/** What new posts put on top of a model changed in it, for the pages to re-render, and their entries. */
export interface Inserted extends ChangedPages {
  entries: PostEntry[];
}

/**
 * Puts the published `posts` on top of `model` one by one, oldest first (see insertNewest), when
 * each is newer than every post before it. Undefined: nothing was touched; build the model again.
 * 'spoiled': the model was changed before a post could not be put; build it again from the posts,
 * with a fresh memo.
 */
export function insertAllNewest(model: SiteModel, posts: Post[], options: ModelOptions): Inserted | 'spoiled' | undefined {
  const inserted: Inserted = { entries: [], articles: new Set(), listings: new Set(), feeds: new Set() };
  for (const post of [...posts].sort((a, b) => (isNewer(a, b) ? 1 : -1))) {
    const one = insertNewest(model, post, options);
    if (!one || one === 'spoiled') return one ?? (inserted.entries.length ? 'spoiled' : undefined);
    inserted.entries.unshift(one.entry);
    for (const entry of one.articles) inserted.articles.add(entry);
    for (const url of one.listings) inserted.listings.add(url);
    for (const url of one.feeds) inserted.feeds.add(url);
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
    const name = options.categoryNames[term.key] ?? rememberedCategoryName(term.key, [entry, ...term.posts.slice(0, 200)], memo.names);
    if (name !== term.name) return undefined;
  }

  // From here on the model changes.
  model.entries.unshift(entry);
  entry.older = first;
  first.newer = entry;
  const articles = new Set([entry, first]);
  for (const term of [...categories, ...tags]) term.posts.unshift(entry);
  model.categories.sort(termOrder);
  const reordered = sortTags(model.tags, entry, tags);
  for (const e of reordered) articles.add(e);
  for (const term of categories) {
    // Only the top two of the category can have a new neighbour in it.
    for (const e of term.posts.slice(0, 2)) {
      if (e.categoryTerms[0] !== term) continue;
      const at = term.posts.indexOf(e);
      const [newer, older] = [term.posts[at - 1], term.posts[at + 1]];
      if (e.newerInCategory !== newer || e.olderInCategory !== older) articles.add(e);
      e.newerInCategory = newer;
      e.olderInCategory = older;
    }
  }
  const archives = addToArchives(model.years, entry, placed.year, placed.month, monthKey);

  // Related lists: the posts whose windows (see linkRelated) now hold the new post, and those whose terms changed order.
  const redo = new Set([entry, ...reordered]);
  for (const term of [...tags, ...categories]) for (const e of term.posts.slice(1, RELATED_WINDOW + 1)) redo.add(e);
  for (const e of redo) {
    const places = [...e.tagTerms, ...e.categoryTerms].map((term) => ({ term, at: term.posts.indexOf(e) }));
    const related = relatedTo(e, places, RELATED_LIMIT, RELATED_WINDOW);
    const before = e.related ?? [];
    if (related.length !== before.length || related.some((r, i) => r !== before[i])) articles.add(e);
    e.related = related;
    memo.related.of.set(e.post, { terms: places.map(({ term }) => relatedTermId(term)), related: related.map((r) => r.post) });
  }
  for (const term of [...tags, ...categories]) memo.related.lists.set(relatedTermId(term), term.posts.map((e) => e.post));

  const listings = new Set(['/', ...categories.map((t) => t.url), ...tags.map((t) => t.url), ...archives.map((a) => a.url)]);
  // The other listings hold the same posts under the same names: they are kept whole.
  const before = new Map(model.listings.map((l) => [l.url, l]));
  model.listings = buildListings(options.siteTitle, model.entries, model.categories, model.tags, model.years, options.pageSize, (url) => (listings.has(url) ? undefined : before.get(url)));
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

/** The output keys of a model's posts and of its listing pages and feeds, kept with the model as posts are put in. */
interface ModelKeys {
  entries: Set<string>;
  listed: Set<string>;
}

const keysOf = new WeakMap<SiteModel, ModelKeys>();

function modelKeys(model: SiteModel, memo: NonNullable<ModelOptions['memo']>): ModelKeys {
  let keys = keysOf.get(model);
  if (!keys) {
    const entries = new Set(model.entries.map((e) => memo.placements.get(e.post)?.key ?? outputKey(e.outputPath)));
    keysOf.set(model, (keys = { entries, listed: new Set(model.listings.flatMap(listingKeys)) }));
  }
  return keys;
}

function listingKeys(listing: Listing): string[] {
  const urls = listing.pages.map((p) => p.url);
  if (listing.feedUrl) urls.push(listing.feedUrl);
  return urls.map((url) => outputKey(outputPathOf(url)));
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

/**
 * Sorts the tags again now that the new entry's have one post more, gives the new entry its tags in
 * that order (as collectTerms does) and returns the entries whose tags changed order.
 */
function sortTags(tags: Term[], entry: PostEntry, own: Term[]): PostEntry[] {
  const before = [...tags];
  tags.sort(termOrder);
  const index = new Map(tags.map((t, i) => [t, i]));
  const byIndex = (a: Term, b: Term) => index.get(a)! - index.get(b)!;
  entry.tagTerms = [...own].sort(byIndex);
  const changed = new Set<PostEntry>();
  for (let i = 0; i < tags.length; i++) {
    if (tags[i] === before[i]) continue;
    for (const e of tags[i].posts) {
      if (e === entry || e.tagTerms.length < 2 || changed.has(e)) continue;
      const sorted = [...e.tagTerms].sort(byIndex);
      if (sorted.some((t, j) => t !== e.tagTerms[j])) {
        e.tagTerms = sorted;
        changed.add(e);
      }
    }
  }
  return [...changed];
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
