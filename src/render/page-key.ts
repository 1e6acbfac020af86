// A page's input key: equal keys (under the same salt: templates, settings, code) render equal files.
// Built from identifiers rather than from the whole view, because keying must cost far less than
// rendering: a post's content key stands for every field of the post. Keep in step with views.ts.
import { createHash } from 'node:crypto';
import type { Listing, Pager, PostEntry, Term } from '../types.js';

/** The keys of the previous build and the salt both builds' keys are made under. */
export interface PageKeys {
  /** Everything besides a page's view that shapes it: template files, render code, settings. */
  salt: string;
  /** Output path → key, for the files now in the output folder. */
  previous: ReadonlyMap<string, string>;
}

const hash = (salt: string, text: string) => createHash('sha1').update(salt).update('\0').update(text).digest('base64url');
// Counts are in the views (termLink), so they are in the keys.
const terms = (list: Term[]) => list.map((t) => `${t.name}\u0001${t.url}\u0001${t.posts.length}`).join('\u0002');
const neighbour = (entry: PostEntry | undefined) => (entry ? `${entry.post.title}\u0001${entry.url}` : '');

/** The article page; undefined when the post has no content key (it did not come through the cache). */
export function articleKey(salt: string, entry: PostEntry, template: string): string | undefined {
  if (!entry.post.contentKey) return undefined;
  return hash(salt, [template, entry.post.contentKey, entry.url, terms(entry.categoryTerms), terms(entry.tagTerms), neighbour(entry.newer), neighbour(entry.older)].join('\u0000'));
}

/** One page of a listing: its heading, its place among the pages, and each post as its card shows it. */
export function listingKey(salt: string, listing: Listing, pager: Pager<PostEntry>): string | undefined {
  const cards: string[] = [];
  for (const entry of pager.items) {
    if (!entry.post.contentKey) return undefined;
    cards.push(`${entry.post.contentKey}\u0001${entry.url}\u0001${terms(entry.categoryTerms)}`);
  }
  const head = [listing.kind, listing.title, listing.url, listing.total, listing.feedUrl, pager.pageNumber, pager.totalPages, pager.url, pager.prevUrl, pager.nextUrl].join('\u0001');
  return hash(salt, `list.njk\u0000${head}\u0000${cards.join('\u0000')}`);
}
