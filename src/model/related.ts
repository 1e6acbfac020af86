// Related posts and neighbours within a newspaper, found through the term lists, never by comparing all pairs.
import type { Post, PostEntry, Term } from '../types.js';

/** How many related posts each article lists. */
export const RELATED_LIMIT = 5;

/**
 * How many posts on each side of a post are looked at in one term's list. A tag such as
 * 大众日报新闻 can carry every post of a newspaper; looking only at the posts nearest in date
 * keeps the work per post bounded (about terms × 2 × window), and those are the ones the date
 * tie-break would pick anyway. A post sharing two big terms but far off in date can be missed.
 */
export const RELATED_WINDOW = 20;

/**
 * What one model's related lists were made from, kept for the next model of the same site (dev
 * mode's rebuilds): each term's posts in order, and each post's terms and related posts.
 */
export interface RelatedMemo {
  lists: Map<string, Post[]>;
  of: Map<Post, { terms: string[]; related: Post[] }>;
}

/**
 * Sets `related` on every entry (entries newest first; each term's posts in the same order).
 * With `memo`, an entry whose post, terms and term windows are as in the previous model takes
 * its previous list: a post's related list is decided by those alone (and the same limit and window).
 */
export function linkRelated(entries: PostEntry[], limit = RELATED_LIMIT, window = RELATED_WINDOW, memo?: RelatedMemo): void {
  const ids = new Map<Term, string>();
  const termId = (term: Term) => {
    let id = ids.get(term);
    if (id === undefined) ids.set(term, (id = relatedTermId(term)));
    return id;
  };
  const reuse = memo && windowCheck(memo, window, termId);
  const entryOf = memo && new Map(entries.map((e) => [e.post, e]));
  const next: RelatedMemo | undefined = memo && { lists: new Map(), of: new Map() };
  // Term lists keep archive order, so counting the members seen so far gives each post's place in them.
  const seen = new Map<Term, number>();
  const scratch = new RelatedScratch(limit);
  for (const entry of entries) {
    const places = [...entry.tagTerms, ...entry.categoryTerms].map((term) => {
      const at = seen.get(term) ?? 0;
      seen.set(term, at + 1);
      return { term, at };
    });
    // A term is the same across models when its kind and folded name are (as collectTerms groups them).
    const terms = memo ? places.map(({ term }) => termId(term)) : [];
    const before = memo?.of.get(entry.post);
    const kept = before && sameList(before.terms, terms) && reuse!(places) ? before.related.map((p) => entryOf!.get(p)) : undefined;
    if (kept && kept.every((e) => e !== undefined)) {
      entry.related = kept as PostEntry[];
      next?.of.set(entry.post, before!);
    } else {
      entry.related = relatedTo(entry, places, limit, window, scratch);
      next?.of.set(entry.post, { terms, related: entry.related.map((e) => e.post) });
    }
  }
  if (memo && next) {
    for (const term of seen.keys()) next.lists.set(termId(term), term.posts.map((e) => e.post));
    Object.assign(memo, next);
  }
}


/**
 * Every entry's related posts as positions in the model's entries, RELATED_LIMIT per entry (-1
 * where a list is shorter): a model's related lists, kept for the next build with the same posts
 * placed the same way, where finding them again took over a third of an edited-post rebuild's
 * model (0.17 of 0.45 s at 20,000 posts).
 */
export type KeptRelated = Int32Array;

/** The related lists of `entries` (a model's, newest first), to keep (see `KeptRelated`). */
export function keptRelatedOf(entries: PostEntry[]): KeptRelated {
  const position = new Map(entries.map((entry, i) => [entry, i]));
  const kept = new Int32Array(entries.length * RELATED_LIMIT).fill(-1);
  entries.forEach((entry, i) => (entry.related ?? []).forEach((other, j) => (kept[i * RELATED_LIMIT + j] = position.get(other)!)));
  return kept;
}

/**
 * Sets `related` on every entry from `kept`, when it was made for as many entries; false when not
 * (a model pass that drops clashing posts has other entries than the kept lists were made for).
 */
export function restoreRelated(entries: PostEntry[], kept: KeptRelated): boolean {
  if (kept.length !== entries.length * RELATED_LIMIT) return false;
  entries.forEach((entry, i) => {
    const related: PostEntry[] = [];
    for (let j = i * RELATED_LIMIT; j < (i + 1) * RELATED_LIMIT && kept[j] >= 0; j++) related.push(entries[kept[j]]);
    entry.related = related;
  });
  return true;
}

/** A term as the memo names it: the same across models when its kind and folded name are (as collectTerms groups them). */
export const relatedTermId = (term: Term) => `${term.kind}\u0001${term.key.toLowerCase()}`;

const sameList = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * A test of whether a post's windows hold the same posts, in the same order, as in the previous
 * model: true when, in each of its terms, the window lies wholly in the part of the list before
 * the first difference from the previous list, or wholly in the part after the last.
 */
function windowCheck(memo: RelatedMemo, window: number, termId: (term: Term) => string): (places: { term: Term; at: number }[]) => boolean {
  const unchanged = new Map<Term, { prefix: number; suffixFrom: number; same: boolean }>();
  const spanOf = (term: Term) => {
    let span = unchanged.get(term);
    if (span) return span;
    const now = term.posts;
    const old = memo.lists.get(termId(term)) ?? [];
    let prefix = 0;
    while (prefix < now.length && prefix < old.length && now[prefix].post === old[prefix]) prefix++;
    let suffix = 0;
    while (suffix < now.length - prefix && suffix < old.length - prefix && now[now.length - 1 - suffix].post === old[old.length - 1 - suffix]) suffix++;
    span = { prefix, suffixFrom: now.length - suffix, same: prefix === now.length && now.length === old.length };
    unchanged.set(term, span);
    return span;
  };
  return (places) =>
    places.every(({ term, at }) => {
      const span = spanOf(term);
      return span.same || at + window + 1 <= span.prefix || at - window >= span.suffixFrom;
    });
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

/**
 * What `relatedTo` reuses from one post to the next: marks of the candidates looked at, and the
 * best few so far in parallel arrays shifted by hand. A set and three arrays per post were most of
 * a model's garbage (70 MB at 20,000 posts), and splicing arrays of objects most of its time.
 */
export class RelatedScratch {
  readonly scores: Int32Array;
  readonly distances: Float64Array;
  readonly times: Float64Array;
  /** A number for each post met as a candidate, and which round (post) last looked at it. */
  readonly #numberOf = new Map<PostEntry, number>();
  #lastSeen = new Int32Array(1024);
  #round = 0;

  constructor(limit: number) {
    this.scores = new Int32Array(limit);
    this.distances = new Float64Array(limit);
    this.times = new Float64Array(limit);
  }

  /** Starts the candidates of another post. */
  nextRound(): void {
    this.#round++;
  }

  /** True the first time this round that `entry` is looked at. */
  firstLook(entry: PostEntry): boolean {
    let n = this.#numberOf.get(entry);
    if (n === undefined) {
      this.#numberOf.set(entry, (n = this.#numberOf.size));
      if (n === this.#lastSeen.length) {
        const grown = new Int32Array(n * 2);
        grown.set(this.#lastSeen);
        this.#lastSeen = grown;
      }
    }
    if (this.#lastSeen[n] === this.#round) return false;
    this.#lastSeen[n] = this.#round;
    return true;
  }
}

/**
 * The related posts of `entry`, from its terms and its place in each (`at`: its index in the term's
 * posts): more shared terms first, then nearer in date, then newer (the archive's own order), and
 * a candidate that ties with one already kept goes after it, as in a stable sort.
 */
export function relatedTo(entry: PostEntry, places: { term: Term; at: number }[], limit: number, window: number, scratch = new RelatedScratch(limit)): PostEntry[] {
  const time = entry.post.date.getTime();
  const { scores, distances, times } = scratch;
  scratch.nextRound();
  scratch.firstLook(entry);
  const kept: PostEntry[] = [];
  for (const { term, at } of places) {
    const posts = term.posts;
    const end = Math.min(posts.length, at + window + 1);
    for (let i = Math.max(0, at - window); i < end; i++) {
      const other = posts[i];
      if (!scratch.firstLook(other)) continue;
      const otherTime = other.post.date.getTime();
      const score = sharedScore(entry, other);
      const distance = Math.abs(otherTime - time);
      let place = kept.length;
      while (place > 0 && ranksBefore(score, distance, otherTime, scores[place - 1], distances[place - 1], times[place - 1])) place--;
      if (place >= limit) continue;
      if (kept.length < limit) kept.push(other);
      for (let j = kept.length - 1; j > place; j--) {
        kept[j] = kept[j - 1];
        scores[j] = scores[j - 1];
        distances[j] = distances[j - 1];
        times[j] = times[j - 1];
      }
      kept[place] = other;
      scores[place] = score;
      distances[place] = distance;
      times[place] = otherTime;
    }
  }
  return kept;
}

/** True when a candidate ranks before another: more shared terms, then nearer in date, then newer. */
function ranksBefore(score: number, distance: number, time: number, otherScore: number, otherDistance: number, otherTime: number): boolean {
  return score !== otherScore ? score > otherScore : distance !== otherDistance ? distance < otherDistance : time > otherTime;
}

/** Shared tags count twice as much as a shared category: a tag names a subject, a category only a paper. */
function sharedScore(entry: PostEntry, other: PostEntry): number {
  let score = 0;
  for (const tag of other.tagTerms) if (entry.tagTerms.includes(tag)) score += 2;
  for (const category of other.categoryTerms) if (entry.categoryTerms.includes(category)) score += 1;
  return score;
}
