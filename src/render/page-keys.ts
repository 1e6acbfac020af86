// What each page shows, as a short string: two renders with equal keys (and the same templates)
// give equal pages, so watch mode re-renders only the pages whose key changed.
// Keep in step with views.ts: a field a view gains must reach its key, or dev serves stale pages.
import { createHash, hash, randomBytes } from 'node:crypto';
import type { ChangedPages } from '../model/index.js';
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
  // Read once: on a cached post it is a getter with a weak map behind it.
  const key = post.contentKey;
  if (key) return key;
  let n = postNumbers.get(post);
  if (n === undefined) postNumbers.set(post, (n = `${NONCE}.${nextNumber++}`));
  return n;
}

/** A page's input key across builds: its key, its template and the salt (templates, code, settings), digested. */
export function inputKey(salt: string, template: string | undefined, key: string): string {
  return hash('sha1', `${salt}\0${template ?? ''}\0${key}`, 'base64url');
}

/**
 * The whole site's input key: every published post's contents (their identities, see postIdentity),
 * in the order given, under the page salt (templates, code, settings). The model and every page are
 * functions of these alone, so equal keys give equal sites. A post without a content key has this
 * process's own number: no match.
 */
export function siteKey(salt: string, identities: readonly string[]): string {
  const digest = createHash('sha1').update(salt);
  for (const identity of identities) digest.update(`\0${identity}`);
  return digest.digest('base64url');
}

/**
 * The key of where the published posts go and how the site's pages present them, apart from each
 * post's own contents: every field that decides the model (file, slug, title, date, names, layout,
 * permalink, source; key lines only number its diagnostics), in the order given, under the page
 * salt. With an equal key, the model is the same but for the posts themselves, and a page's key
 * can change only through the contents of a post it shows (`postIdentity` in articleKey and
 * cardKey; related and neighbouring posts enter keys by these fields only).
 */
export function placingKey(salt: string, published: Post[]): string {
  const digest = createHash('sha1').update(salt);
  for (const p of published) {
    digest.update(`\0${p.sourcePath}\u0001${p.slug}\u0001${p.title}\u0001${p.date.getTime()}\u0001${p.categories.join('\u0002')}\u0001${p.tags.join('\u0002')}\u0001${p.layout}\u0001${p.permalink ?? ''}\u0001${p.source ?? ''}\u0001${p.isDraft}`);
  }
  return digest.digest('base64url');
}

// Article keys are made of short digests: each post's link, and each term, are digested once per
// model and stand for their fields in every page that shows them. Joining the fields themselves
// made some 660 characters of two-byte text (Chinese titles and names) per article on the bench
// corpus, all of it encoded again to be hashed. (A card's key is short without one: its post's
// identity, its URL and its terms' digests; see cardKey.)
const digest = (text: string) => hash('sha1', text, 'base64url');
const termDigests = new WeakMap<Term, string>();
const termKey = (term: Term) => {
  let key = termDigests.get(term);
  if (key === undefined) termDigests.set(term, (key = digest(`${term.name}\u0001${term.url}`)));
  return key;
};
const terms = (list: Term[]) => list.map(termKey).join('\u0002');
const neighbour = (entry: PostEntry | undefined) => (entry ? linkKey(entry) : '');

/** The article page: the post, its URL, its terms, its neighbours (across the archive and in its newspaper) and its related posts. */
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
    (entry.related ?? []).map(linkKey).join('\u0002'),
  ].join('\u0000');
}

/**
 * A post as an article page links to it, as a neighbour or a related post (views.ts neighbour and
 * relatedLink): headline, URL, date and newspaper. A body edit does not reach it.
 */
export function linkKey(entry: PostEntry): string {
  return rememberedLink(entry, () => digest(`${entry.post.title}\u0001${entry.url}\u0001${entry.post.date.getTime()}\u0001${entry.categoryTerms[0]?.name ?? ''}`));
}

/**
 * One post as a listing or a feed shows it. Its fields as they are, not digested: a card is on
 * five or so listings of a cold build, but a rebuild that adds a post keys the card of nearly
 * every post once (every home page shifts), and a digest of each cost more there than hashing the
 * listing keys' longer text does (thirty-second round, at 20,000 posts: adds 2.08 s against 2.17 s).
 */
export function cardKey(entry: PostEntry): string {
  return `${postIdentity(entry.post)}\u0001${entry.url}\u0001${terms(entry.categoryTerms)}`;
}

// A post is in a dozen article pages' links: its link key is made once per model, and kept on the
// entry itself (as dates.ts keeps a date's texts on the Date): some ten lookups per article in a
// weak map were 2 % of a rebuild that adds a post. An entry's URL and terms are fixed for its
// model; its post may be swapped in place (dev mode), which the remembered post catches.
const LINK = Symbol('link key');
type KeyedEntry = PostEntry & { [LINK]?: { post: Post; key: string } };

function rememberedLink(entry: KeyedEntry, make: () => string): string {
  const kept = entry[LINK];
  if (kept?.post === entry.post) return kept.key;
  const key = make();
  entry[LINK] = { post: entry.post, key };
  return key;
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

/** A feed: its heading and its latest posts. */
export function feedKey(title: string, subtitle: string | undefined, feedUrl: string, pageUrl: string, latest: PostEntry[]): string {
  return `${title}\u0000${subtitle ?? ''}\u0000${feedUrl}\u0000${pageUrl}\u0000${latest.map(cardKey).join('\u0000')}`;
}

/**
 * What dev mode follows of a page across rebuilds: the posts its key mentions, its key made
 * again from the model as it is now (dev swaps edited posts into the model in place), and a test
 * by identity, cheaper than both keys, that the same page of an earlier model shows the same.
 */
export interface PageTrack {
  shows(): PostEntry[];
  key(): string;
  /** True only when `previous`'s key (made now) equals this one's. */
  sameAs(previous: PageTrack): boolean;
}

// The sameAs tests compare exactly the fields their keys are made of: keep each pair in step.
const sameTerms = (a: Term[], b: Term[]) => a.length === b.length && a.every((t, i) => t.name === b[i].name && t.url === b[i].url);
const sameLink = (a: PostEntry, b: PostEntry) =>
  a === b || (a.post.title === b.post.title && a.url === b.url && a.post.date.getTime() === b.post.date.getTime() && (a.categoryTerms[0]?.name ?? '') === (b.categoryTerms[0]?.name ?? ''));
const sameNeighbour = (a: PostEntry | undefined, b: PostEntry | undefined) => a === b || (!!a && !!b && sameLink(a, b));
const samePost = (a: Post, b: Post) => a === b || postIdentity(a) === postIdentity(b);
const sameCard = (a: PostEntry, b: PostEntry) => samePost(a.post, b.post) && a.url === b.url && sameTerms(a.categoryTerms, b.categoryTerms);
const sameCards = (a: PostEntry[], b: PostEntry[]) => a.length === b.length && a.every((e, i) => sameCard(e, b[i]));

export class ArticleTrack implements PageTrack {
  constructor(
    readonly entry: PostEntry,
    readonly template: string,
  ) {}
  shows(): PostEntry[] {
    const { entry } = this;
    return [entry, entry.newer, entry.older, entry.newerInCategory, entry.olderInCategory, ...(entry.related ?? [])].filter((e) => e !== undefined);
  }
  key(): string {
    return articleKey(this.entry, this.template);
  }
  sameAs(previous: PageTrack): boolean {
    if (!(previous instanceof ArticleTrack) || previous.template !== this.template) return false;
    const a = this.entry;
    const b = previous.entry;
    const related = a.related ?? [];
    const before = b.related ?? [];
    return (
      samePost(a.post, b.post) &&
      a.url === b.url &&
      sameTerms(a.categoryTerms, b.categoryTerms) &&
      sameTerms(a.tagTerms, b.tagTerms) &&
      sameNeighbour(a.newer, b.newer) &&
      sameNeighbour(a.older, b.older) &&
      sameNeighbour(a.newerInCategory, b.newerInCategory) &&
      sameNeighbour(a.olderInCategory, b.olderInCategory) &&
      related.length === before.length &&
      related.every((e, i) => sameLink(e, before[i]))
    );
  }
}

export class ListingTrack implements PageTrack {
  constructor(
    readonly listing: Listing,
    readonly pager: Pager<PostEntry>,
  ) {}
  shows(): PostEntry[] {
    return this.pager.items;
  }
  key(): string {
    return listingKey(this.listing, this.pager);
  }
  sameAs(previous: PageTrack): boolean {
    if (!(previous instanceof ListingTrack)) return false;
    const [l, p] = [this.listing, this.pager];
    const [m, q] = [previous.listing, previous.pager];
    return (
      l.kind === m.kind && l.title === m.title && l.url === m.url && l.total === m.total && l.feedUrl === m.feedUrl &&
      p.pageNumber === q.pageNumber && p.totalPages === q.totalPages && p.url === q.url && p.prevUrl === q.prevUrl && p.nextUrl === q.nextUrl &&
      sameCards(p.items, q.items)
    );
  }
}

export class FeedTrack implements PageTrack {
  constructor(
    readonly head: { title: string; subtitle?: string; feedUrl: string; pageUrl: string },
    readonly latest: PostEntry[],
  ) {}
  shows(): PostEntry[] {
    return this.latest;
  }
  key(): string {
    const { title, subtitle, feedUrl, pageUrl } = this.head;
    return feedKey(title, subtitle, feedUrl, pageUrl, this.latest);
  }
  sameAs(previous: PageTrack): boolean {
    if (!(previous instanceof FeedTrack)) return false;
    const [a, b] = [this.head, previous.head];
    return a.title === b.title && a.subtitle === b.subtitle && a.feedUrl === b.feedUrl && a.pageUrl === b.pageUrl && sameCards(this.latest, previous.latest);
  }
}

/** False when the page followed by `track` shows nothing that posts put into its model, or taken out of it, in place changed (see insertAll, removeAll). */
export function mayShowChanged(track: PageTrack, changed: ChangedPages): boolean {
  if (track instanceof ArticleTrack) return changed.articles.has(track.entry);
  if (track instanceof ListingTrack) return changed.listings.has(track.listing.url);
  if (track instanceof FeedTrack) return changed.feeds.has(track.head.feedUrl);
  return true;
}
