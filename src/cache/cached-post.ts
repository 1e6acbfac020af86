// A post as the build cache gives it: the entry's own fields, with its HTML, content key and shown
// fields read when first asked for (builds and dev share it).
import type { Post } from '../types.js';
import { SHOWN_FIELDS, type CachedPost, type PostCache } from './posts.js';

/** Where a cached post's HTML, content key and shown fields are found: beside the post, so the post keeps its shape. */
const cachedParts = new WeakMap<object, { key: string; entry: CachedPost; cache: PostCache }>();

// The post whose shown fields were decoded last. A page reads one post's fields together; keeping
// every post's would hold again what the index left out (a rebuild that adds a post shows every
// post on the listing pages it shifts: 25–30 MiB more at 20,000 posts).
let lastShown: { post: object; fields: Record<string, unknown> } | undefined;

/** A field of the post's SHOWN_FIELDS, decoded with the others. */
function shownField(post: object, name: string): unknown {
  if (lastShown?.post !== post) {
    const { entry, cache } = cachedParts.get(post)!;
    lastShown = { post, fields: entry.shown === undefined ? {} : cache.readShown(entry.html!, entry.shown) };
  }
  return lastShown.fields[name];
}

// `html`, `contentKey` and the shown fields of a cached post, as getters on its prototype: defining
// them on each post (Object.defineProperty) turned every post into a slow dictionary object, a third
// of a build's heap. A post cleaned by this build has its shown fields as its own, which hide the getters.
const CACHED_POST = Object.create(Object.prototype, {
  html: { get: function (this: object) { const parts = cachedParts.get(this)!; return parts.cache.readHtml(parts.entry.html!); } },
  contentKey: { get: function (this: object) { return cachedParts.get(this)!.key; } },
  ...Object.fromEntries([...SHOWN_FIELDS].map((name) => [name, { get: function (this: object) { return shownField(this, name); } }])),
}) as object;

/**
 * The cached post itself, its HTML read back only when something asks for it: nothing holds every
 * post's HTML. Neither is an own property, so the cache index never stores them.
 */
export function cachedPost(entry: CachedPost, key: string, cache: PostCache): Post {
  cachedParts.set(entry.post!, { key, entry, cache });
  return Object.setPrototypeOf(entry.post!, CACHED_POST) as Post;
}
