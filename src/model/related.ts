// Related posts and neighbours within a newspaper, found through the term lists, never by comparing all pairs.
import type { PostEntry, Term } from '../types.js';

/** How many related posts each article lists. */
export const RELATED_LIMIT = 5;

/**
 * How many posts on each side of a post are looked at in one term's list. A tag such as
 * 大众日报新闻 can carry every post of a newspaper; looking only at the posts nearest in date
 * keeps the work per post bounded (about terms × 2 × window), and those are the ones the date
 * tie-break would pick anyway. A post sharing two big terms but far off in date can be missed.
 */
export const RELATED_WINDOW = 20;

/** Sets `related` on every entry (entries newest first; each term's posts in the same order). */
export function linkRelated(entries: PostEntry[], limit = RELATED_LIMIT, window = RELATED_WINDOW): void {
  // Term lists keep archive order, so counting the members seen so far gives each post's place in them.
  const seen = new Map<Term, number>();
  for (const entry of entries) {
    const places = [...entry.tagTerms, ...entry.categoryTerms].map((term) => {
      const at = seen.get(term) ?? 0;
      seen.set(term, at + 1);
      return { term, at };
    });
    entry.related = relatedTo(entry, places, limit, window);
  }
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

interface Candidate {
  other: PostEntry;
  score: number;
  distance: number;
  /** Newer first between two equally near: the archive's own order. */
  time: number;
}

function relatedTo(entry: PostEntry, places: { term: Term; at: number }[], limit: number, window: number): PostEntry[] {
  const time = entry.post.date.getTime();
  const candidates = new Map<PostEntry, Candidate>();
  for (const { term, at } of places) {
    const end = Math.min(term.posts.length, at + window + 1);
    for (let i = Math.max(0, at - window); i < end; i++) {
      const other = term.posts[i];
      if (other === entry || candidates.has(other)) continue;
      const otherTime = other.post.date.getTime();
      candidates.set(other, { other, score: sharedScore(entry, other), distance: Math.abs(otherTime - time), time: otherTime });
    }
  }
  const ranked = [...candidates.values()].sort((a, b) => b.score - a.score || a.distance - b.distance || b.time - a.time);
  return ranked.slice(0, limit).map((c) => c.other);
}

/** Shared tags count twice as much as a shared category: a tag names a subject, a category only a paper. */
function sharedScore(entry: PostEntry, other: PostEntry): number {
  let score = 0;
  for (const tag of other.tagTerms) if (entry.tagTerms.includes(tag)) score += 2;
  for (const category of other.categoryTerms) if (entry.categoryTerms.includes(category)) score += 1;
  return score;
}
