// Where the search index is cut into shards: at points set by the articles themselves, so an
// edit or a new article changes one shard and the others can be reused from the previous build.

/** The most one shard may hold; Pagefind needs about 0.5 MB per article while writing one. */
export interface ShardLimits {
  posts: number;
  /** Characters of article text: its title's and its body's (see `charCount`), which is what Pagefind indexes. */
  chars: number;
}

/** What the cut needs to know of one article. */
export interface ShardItem {
  url: string;
  chars: number;
}

// The open end's pieces are a quarter of a full shard at most: an article added there is indexed
// with at most 249 others instead of up to 999 (in a simulation of 20,000-post archives growing
// one post at a time, 96 on average against 379), for some two more shards to fetch (36 against 34).
const OPEN_END_SPLIT = 4;

/**
 * Cuts `items` (oldest first) into consecutive shards. Cutting after every N articles would move
 * every boundary when an article is added or removed, and every shard would have to be indexed
 * again; instead a shard closes after an article whose URL hashes to a cut point (content-defined
 * chunking, as rsync and restic cut files), once it holds a fifth of the limit. A boundary then
 * depends only on the articles next to it. The limits still close a shard early, never splitting
 * an article; an article over the character budget gets a shard of its own. Going oldest first,
 * the early closes that an archive growing at its newest end causes stay at that end.
 *
 * The articles after the last close (the open end, where an archive grows) are cut the same way
 * into smaller pieces: a new article then changes the newest piece alone, not a shard of up to a
 * full limit. Once a cut point closes the open end, its pieces become one shard.
 */
export function cutShards<T extends ShardItem>(items: readonly T[], limits: ShardLimits): T[][] {
  const { closed, open } = cut(items, limits);
  const pieces = cut(open, { posts: Math.ceil(limits.posts / OPEN_END_SPLIT), chars: Math.ceil(limits.chars / OPEN_END_SPLIT) });
  return [...closed, ...pieces.closed, ...(pieces.open.length ? [pieces.open] : [])];
}

/** The shards `items` close at under `limits`, and the articles after the last close. */
function cut<T extends ShardItem>(items: readonly T[], limits: ShardLimits): { closed: T[][]; open: T[] } {
  const least = Math.max(1, Math.ceil(limits.posts / 5));
  const spread = Math.max(1, Math.round(limits.posts / 2));
  const closed: T[][] = [];
  let shard: T[] = [];
  let chars = 0;
  const close = () => {
    if (shard.length) closed.push(shard);
    shard = [];
    chars = 0;
  };
  for (const item of items) {
    if (shard.length && chars + item.chars > limits.chars) close();
    shard.push(item);
    chars += item.chars;
    if (shard.length >= limits.posts || (shard.length >= least && fnv1a(item.url) % spread === 0)) close();
  }
  return { closed, open: shard };
}

/** 32-bit FNV-1a: a quick, stable hash of a URL (not for security). */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}
