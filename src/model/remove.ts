// How an archive shrinks, done in place: posts taken out of a kept model (dev mode's, or the last
// build's, modelled again from its record: a post deleted, or one edited to another place, taken
// out before it is put back) instead of the model being built again, which at 100,000 posts took
// some 3 s of a removal's rebuild. Each step does to the model what buildSiteModel would make of
// the posts left, or the function gives up before touching anything. test/dev-random.test.ts and
// test/cache-model-record.test.ts compare the two.
import type { DateArchive, PostEntry, SiteModel, Term } from '../types.js';
import type { ModelOptions } from './index.js';
import { emptyChange, entryKey, inWindow, mergeChange, modelKeys, relinkCategoryNeighbours, relinkRelated, relist, resortTags, slugsKept, type ChangedPages, type InPlaceChange } from './in-place.js';
import { foldCase, NAME_SAMPLE, rememberedCategoryName, termOrder, type NameMemo } from './terms.js';

/**
 * Takes the `entries` out of `model` (made with `options`, memo included, and without problems)
 * one by one (see removeOne). Undefined: nothing was touched; build the model again. 'spoiled': the
 * model was changed before an entry could not be taken out; build it again from the posts, with a
 * fresh memo.
 */
export function removeAll(model: SiteModel, entries: PostEntry[], options: ModelOptions): InPlaceChange | 'spoiled' | undefined {
  const removed = emptyChange();
  for (const entry of entries) {
    const one = removeOne(model, entry, options);
    if (!one) return removed.removed.length ? 'spoiled' : undefined;
    removed.removed.push(entry.post);
    mergeChange(removed, one);
  }
  return removed;
}

/**
 * Takes `entry` out of `model` when every category and tag it is in keeps its spelling and name,
 * or goes with it without moving another term's URL. Undefined: nothing was touched.
 */
function removeOne(model: SiteModel, entry: PostEntry, options: ModelOptions): ChangedPages | undefined {
  const memo = options.memo;
  if (!memo?.related) return undefined;
  const terms = [...entry.tagTerms, ...entry.categoryTerms];
  const archives = archivesOf(model.years, entry);
  // A term left without posts goes, as collectTerms would not make it.
  const gone = terms.filter((term) => term.posts.length === 1);
  const left = (list: Term[]) => list.filter((term) => !gone.includes(term));
  if (!archives || terms.some((term) => !keepsItself(term, entry, options, memo.names))) return undefined;
  if (gone.length && !(slugsKept(left(model.categories)) && slugsKept(left(model.tags)))) return undefined;

  // From here on the model changes.
  const keys = modelKeys(model, memo);
  const articles = new Set<PostEntry>();
  const at = model.entries.indexOf(entry);
  model.entries.splice(at, 1);
  const [newer, older] = [model.entries[at - 1], model.entries[at]];
  if (newer) newer.older = older;
  if (older) older.newer = newer;
  for (const e of [newer, older]) if (e) articles.add(e);

  // The posts whose related windows held it: in each term, those within a window of its place.
  const redo = new Set<PostEntry>();
  for (const term of terms) {
    const place = term.posts.indexOf(entry);
    for (const e of inWindow(term, place)) redo.add(e);
    term.posts.splice(place, 1);
    // The posts around it in a category have new neighbours in it.
    if (term.kind === 'category') relinkCategoryNeighbours(term, [place - 1, place], articles);
  }
  model.categories = left(model.categories).sort(termOrder);
  model.tags = left(model.tags);
  const { reordered } = resortTags(model.tags);
  for (const e of reordered) {
    articles.add(e);
    redo.add(e);
  }
  relinkRelated(redo, terms, memo.related, articles);
  memo.related.of.delete(entry.post);
  for (const archive of archives) archive.posts.splice(archive.posts.indexOf(entry), 1);
  // A month or year left empty goes, as buildDateArchives would not make it.
  const [year, month] = archives;
  if (!month.posts.length) year.months!.splice(year.months!.indexOf(month), 1);
  if (!year.posts.length) model.years.splice(model.years.indexOf(year), 1);

  const listings = new Set(['/', ...terms.map((t) => t.url), ...archives.map((a) => a.url)]);
  relist(model, options, listings);
  // Its URL is free for a post put in later. A listing page it took away keeps its key in
  // `keys.listed`: a post wanting that URL has the model built again, which tells a clash exactly.
  keys.entries.delete(entryKey(entry, memo));
  const feeds = new Set(['/feed.xml', ...entry.categoryTerms.map((t) => `${t.url}feed.xml`)]);
  return { articles, listings, feeds };
}

/**
 * True when `term` keeps its key and name without `entry`, or has no other post: `entry` names it
 * once; the spelling of its newest post, which is its key, stays; and so does a category's name
 * when derived from its newest posts.
 */
function keepsItself(term: Term, entry: PostEntry, options: ModelOptions, names: NameMemo | undefined): boolean {
  if (spellings(entry, term).length !== 1) return false;
  if (term.posts.length === 1) return true;
  const at = term.posts.indexOf(entry);
  if (at === 0 && !spellings(term.posts[1], term).includes(term.key)) return false;
  if (term.kind !== 'category' || options.categoryNames[term.key] !== undefined || at >= NAME_SAMPLE) return true;
  const newest = term.posts.slice(0, NAME_SAMPLE + 1);
  newest.splice(at, 1);
  return rememberedCategoryName(term.key, newest, names) === term.name;
}

/** The names `entry` gives for `term`, as its front matter spells them. */
function spellings(entry: PostEntry, term: Term): string[] {
  const names = term.kind === 'category' ? entry.post.categories : entry.post.tags;
  return names.filter((name) => foldCase(name) === foldCase(term.key));
}

/** The year and month archives holding `entry`, or undefined when it is in none. */
function archivesOf(years: DateArchive[], entry: PostEntry): DateArchive[] | undefined {
  for (const year of years) {
    if (!year.posts.includes(entry)) continue;
    const month = year.months?.find((m) => m.posts.includes(entry));
    return month ? [year, month] : undefined;
  }
  return undefined;
}
