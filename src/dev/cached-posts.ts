// Dev mode's reading of every post at once (its start, a new config): from the build cache where a
// build left the post cleaned, else loaded and cleaned here.
import { cachedPost, openPostCache, postKey, type PostCache } from '../cache/index.js';
import type { ResolvedConfig } from '../config.js';
import type { Diagnostic } from '../diagnostics.js';
import { whileReadingIndex } from '../heap.js';
import { readPostBytes, type PostFile } from '../load/read.js';
import { readPost } from '../read-post.js';
import type { Post } from '../types.js';

/**
 * Reads post files through the build cache of the site (`.cache/`). A post comes from it when a
 * build under the same settings, code and versions (the cache's salt) saw the file with the same
 * stamp or the same bytes: the cleaned post is then what reading it here would give, as every build
 * that reuses it relies on. At 20,000 posts, dev's start took 9.9–10.4 s loading and cleaning every
 * post on its one thread, 6.9–7.5 s taking them from a build's cache (some 1 s of it reading them).
 * With no cache, nothing is hashed: every file is read as before.
 *
 * Read only: the session never writes the cache. A post taken from it is the build's (see
 * cachedPost), its HTML read from its pack when a page shows it: the packs are held open from the
 * start (a build may delete one meanwhile; its open file stays readable), and stay open for the
 * session, since posts read through them may be shown until the session ends.
 */
export class CachedPostReader {
  private readonly cache: PostCache;
  /** How many posts came from the cache. */
  fromCache = 0;

  constructor(private readonly config: ResolvedConfig) {
    this.cache = openPostCache(config);
    whileReadingIndex(() => this.cache.holdPacks());
  }

  /** The post of `file` (stamped `stamp` before it was read); undefined, with problems, when it cannot be built. */
  read(file: PostFile, stamp: string | undefined, problems: Diagnostic[]): Post | undefined {
    if (!this.cache.size) return readPost(file, this.config, problems);
    let key = stamp === undefined ? undefined : this.cache.keyByStamp(file.sourcePath, stamp);
    let bytes: Buffer | undefined;
    if (!key) {
      bytes = readPostBytes(file, problems);
      if (!bytes) return undefined;
      key = postKey(this.cache.salt, file.sourcePath, file.isInDraftsFolder, bytes);
      if (!this.cache.has(key)) return readPost(file, this.config, problems, bytes);
    }
    const entry = this.cache.take(key)!;
    this.fromCache++;
    problems.push(...entry.problems.map((p) => ({ ...p })));
    // Its content key is its cache key, as in a build: the pages showing it have the keys that build gave them (see LastBuild).
    return entry.post ? cachedPost(entry, key, this.cache) : undefined;
  }

  /** Every post is read: the index is dropped, the packs stay open for the posts' HTML. */
  finish(): void {
    this.cache.forgetIndex();
  }
}
