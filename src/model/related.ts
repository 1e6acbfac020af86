// Related posts and neighbours within a newspaper, found through the term lists, never by comparing all pairs.
import type { PostEntry, Term } from '../types.js';

/** How many related posts each article lists. */
export const RELATED_LIMIT = 5;

/**
 * How many posts on each side of a post are looked at in one term's list. A tag such as
 * 大众日报新闻 can carry every post of a newspaper; looking only at the posts nearest in date
 * keeps the work per post bounded, and those are the ones the date tie-break would pick anyway.
 */
export const RELATED_WINDOW = 30;

/** Sets `related` on every entry (entries newest first; each term's posts in the same order). */
export function linkRelated(entries: PostEntry[], limit = RELATED_LIMIT, window = RELATED_WINDOW): void {
  const rank = rankOf(entries);
  for (const entry of entries) entry.related = relatedTo(entry, rank, limit, window);
}

/** Sets `newerInCategory` and `olderInCategory` from each entry's first category. */
export function linkCategoryNeighbours(categories: Term[]): void {
  for (const term of categories) {
    term.posts.forEach((entry, i) => {
      if (entry.categoryTerms[0] !== term) return;
      entry.newerInCategory = term.posts[i - 1];
      entry.olderInCategory = term.posts[i + 1];
    });
  }
}

function relatedTo(entry: PostEntry, rank: Map<PostEntry, number>, limit: number, window: number): PostEntry[] {
  const own = rank.get(entry)!;
  const candidates = new Set<PostEntry>();
  for (const term of [...entry.tagTerms, ...entry.categoryTerms]) {
    const at = positionIn(term.posts, own, rank);
    const start = Math.max(0, at - window);
    for (const other of term.posts.slice(start, at + window + 1)) if (other !== entry) candidates.add(other);
  }
  const scored = [...candidates].map((other) => ({ other, score: sharedScore(entry, other), distance: Math.abs(other.post.date.getTime() - entry.post.date.getTime()) }));
  scored.sort((a, b) => b.score - a.score || a.distance - b.distance || rank.get(a.other)! - rank.get(b.other)!);
  return scored.slice(0, limit).map((s) => s.other);
}

/** Shared tags count twice as much as a shared category: a tag names a subject, a category only a paper. */
function sharedScore(a: PostEntry, b: PostEntry): number {
  const tags = new Set(a.tagTerms);
  const categories = new Set(a.categoryTerms);
  return b.tagTerms.filter((t) => tags.has(t)).length * 2 + b.categoryTerms.filter((t) => categories.has(t)).length;
}

/** Index of `entry` (by its rank in the whole archive) in a term's list, which keeps archive order. */
function positionIn(posts: PostEntry[], own: number, rank: Map<PostEntry, number>): number {
  let lo = 0;
  let hi = posts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (rank.get(posts[mid])! < own) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function rankOf(entries: PostEntry[]): Map<PostEntry, number> {
  return new Map(entries.map((entry, i) => [entry, i]));
}
