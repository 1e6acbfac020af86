// Dev mode's reading of every post at once (its start, a new config): from the build cache where a
// build left the post cleaned, else loaded and cleaned here (on worker threads first, when many are).
import { cleanOptionsOf } from '../build.js';
import { cachedPost, openPostCache, postKey, type PostCache } from '../cache/index.js';
import type { ResolvedConfig } from '../config.js';
import type { Diagnostic } from '../diagnostics.js';
import { whileReadingIndex } from '../heap.js';
import { readPostBytes, type PostFile } from '../load/read.js';
import { batchSetup, cleanOnWorkers, threadCount } from '../parallel/index.js';
import { readPost } from '../read-post.js';
import type { Post } from '../types.js';

/** A file settled ahead of its read: the cache holds its bytes' key, or its post was built on a worker thread. */
type Settled = { stamp?: string; key: string; hit: true } | { stamp?: string; key?: string; hit: false; post: Post | null; problems: Diagnostic[] };

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
  /** How many posts came from the cache, and how many were cleaned ahead on worker threads. */
  fromCache = 0;
  onWorkers = 0;
  /** What cleanAhead settled, by absolute path, with the file's stamp before it was read. */
  private readonly ahead = new Map<string, Settled>();

  constructor(private readonly config: ResolvedConfig) {
    this.cache = openPostCache(config);
    whileReadingIndex(() => this.cache.holdPacks());
  }

  /**
   * Settles ahead of their `read` the `files` the cache does not know by their `stamps`: those it
   * holds by their bytes' key (a copied or cloned site, whose files were too fresh for a build to
   * stamp), and then the others, loaded and cleaned on worker threads when there are enough of them
   * for threads to pay (see threadCount). With no build cache, dev's start read and cleaned every
   * post on its own thread, 12.5–13.3 s at 20,000 posts. `read` takes what was settled while the
   * file keeps its stamp, or (with none to trust) its bytes their key.
   */
  async cleanAhead(files: PostFile[], stamps: (string | undefined)[]): Promise<void> {
    const unknown: number[] = [];
    files.forEach((file, i) => {
      const stamp = stamps[i];
      if (stamp !== undefined && this.cache.keyByStamp(file.sourcePath, stamp)) return;
      const bytes = this.cache.size ? readPostBytes(file, []) : undefined;
      const key = bytes && postKey(this.cache.salt, file.sourcePath, file.isInDraftsFolder, bytes);
      if (key && this.cache.has(key)) this.ahead.set(file.absolutePath, { stamp, key, hit: true });
      else unknown.push(i);
    });
    const threads = threadCount(unknown.length);
    if (threads <= 1) return;
    const setup = batchSetup(this.cache.salt, { timeZone: this.config.timeZone, clean: cleanOptionsOf(this.config) });
    const results = await cleanOnWorkers(unknown.map((i) => files[i]), setup, threads);
    results.forEach((result, j) => {
      const i = unknown[j];
      if (!result.hit) this.ahead.set(files[i].absolutePath, { stamp: stamps[i], key: result.key, hit: false, post: result.post, problems: result.problems });
    });
  }

  /** The post of `file` (stamped `stamp` before it was read); undefined, with problems, when it cannot be built. */
  read(file: PostFile, stamp: string | undefined, problems: Diagnostic[]): Post | undefined {
    const early = this.ahead.get(file.absolutePath);
    const trusted = early && stamp !== undefined && early.stamp === stamp ? early : undefined;
    if (trusted && !trusted.hit) return this.takeEarly(trusted, problems);
    if (!this.cache.size && !early) return readPost(file, this.config, problems);
    let key = trusted?.key ?? (stamp === undefined ? undefined : this.cache.keyByStamp(file.sourcePath, stamp));
    let bytes: Buffer | undefined;
    if (!key) {
      bytes = readPostBytes(file, problems);
      if (!bytes) return undefined;
      key = postKey(this.cache.salt, file.sourcePath, file.isInDraftsFolder, bytes);
      if (early && !early.hit && early.key === key) return this.takeEarly(early, problems);
      if (!this.cache.has(key)) return readPost(file, this.config, problems, bytes);
    }
    const entry = this.cache.take(key)!;
    this.fromCache++;
    problems.push(...entry.problems.map((p) => ({ ...p })));
    // Its content key is its cache key, as in a build: the pages showing it have the keys that build gave them (see LastBuild).
    return entry.post ? cachedPost(entry, key, this.cache) : undefined;
  }

  private takeEarly(early: { post: Post | null; problems: Diagnostic[] }, problems: Diagnostic[]): Post | undefined {
    this.onWorkers++;
    problems.push(...early.problems);
    return early.post ?? undefined;
  }

  /** Every post is read: the index is dropped, the packs stay open for the posts' HTML. */
  finish(): void {
    this.ahead.clear();
    this.cache.forgetIndex();
  }
}
