// What each page shows, as a short string: two renders with equal keys (and the same templates)
// give equal pages, so watch mode re-renders only the pages whose key changed.
// Keep in step with views.ts: a field a view gains must reach its key, or dev serves stale pages.
import { hash, randomBytes } from 'node:crypto';
import type { DateArchive, Listing, Pager, Post, PostEntry, Term } from '../types.js';

// A post from the build cache carries a content key: a digest of everything it was built from,
// the same in every build. Other posts (dev mode reads its own) are never mutated after the clean
// stage, so the object's identity stands for its contents: a re-read post is a new object with a
// new number. The numbers carry this process's nonce, so a key saved by one build can never match
// a number of another. Weak, so dropped posts cost nothing.
const postNumbers = new WeakMap<Post, string>();
const NONCE = randomBytes(6).toString('base64url');
let nextNumber = 1;

/** Changes whenever the post's contents may have changed. */
export function postIdentity(post: Post): string {
  if (post.contentKey) return post.contentKey;
  let n = postNumbers.get(post);
  if (n === undefined) postNumbers.set(post, (n = `${NONCE}.${nextNumber++}`));
  return n;
}

/** A page's input key across builds: its key, its template and the salt (templates, code, settings), digested. */
export function inputKey(salt: string, template: string | undefined, key: string): string {
  return hash('sha1', `${salt}\0${template ?? ''}\0${key}`, 'base64url');
}

const terms = (list: Term[]) => list.map((t) => `${t.name}\u0001${t.url}`).join('\u0002');
const neighbour = (entry: PostEntry | undefined) => (entry ? `${entry.post.title}\u0001${entry.url}` : '');

/** The article page: the post, its URL, its terms, its neighbours' titles (across the archive and in its newspaper) and its related posts. */
export function articleKey(entry: PostEntry, template: string): string {
  return [
    template,
    postIdentity(entry.post),
    entry.url,
    terms(entry.categoryTerms),
    terms(entry.tagTerms),
    neighbour(entry.newer),
    neighbour(entry.older),
    neighbour(entry.newerInCategory),
    neighbour(entry.olderInCategory),
    (entry.related ?? []).map(relatedKey).join('\u0002'),
  ].join('\u0000');
}

/** A related article as an article page lists it (views.ts relatedLink): a body edit does not reach it. */
export function relatedKey(entry: PostEntry): string {
  return `${entry.post.title}\u0001${entry.url}\u0001${entry.post.date.getTime()}\u0001${entry.categoryTerms[0]?.name ?? ''}`;
}

/** One post as a listing or a feed shows it. */
export function cardKey(entry: PostEntry): string {
  return `${postIdentity(entry.post)}\u0001${entry.url}\u0001${terms(entry.categoryTerms)}`;
}

/** One page of a listing: its heading, its place among the pages, and its posts. */
export function listingKey(listing: Listing, pager: Pager<PostEntry>): string {
  const head = [listing.kind, listing.title, listing.url, listing.total, listing.feedUrl, pager.pageNumber, pager.totalPages, pager.url, pager.prevUrl, pager.nextUrl].join('\u0001');
  return `${head}\u0000${pager.items.map(cardKey).join('\u0000')}`;
}

/** The categories or tags index: names, URLs and counts. */
export function termsKey(kind: string, list: Term[]): string {
  return `${kind}\u0000${list.map((t) => `${t.name}\u0001${t.url}\u0001${t.posts.length}`).join('\u0000')}`;
}

/** The archives index: years and months with counts. */
export function archivesKey(years: DateArchive[]): string {
  return years.map((y) => `${y.url}\u0001${y.posts.length}\u0001${(y.months ?? []).map((m) => `${m.url}\u0002${m.posts.length}`).join('\u0001')}`).join('\u0000');
}
