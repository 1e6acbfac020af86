// Load and clean every post file on all free cores, through the build cache.
import { cachedPost, fileStamp, type CachedPost, type PostCache } from '../cache/index.js';
import type { CleanOptions } from '../clean/index.js';
import type { Diagnostic } from '../diagnostics.js';
import type { PostFile } from '../load/index.js';
import type { Post } from '../types.js';
import { processBatch, type BatchSetup, type FileResult } from './batch.js';
import { availableCores, threadsFromEnv } from './cores.js';
import { WorkerPool } from './pool.js';

/** How the posts are read. */
export interface LoadCleanOptions {
  timeZone: string;
  /** The clean stage's options, as the config sets them. */
  clean: CleanOptions;
  /** Threads to use; by default one per available core (see `availableCores`), or one for small sites, or `NEWSARCHIVE_THREADS`. */
  threads?: number;
  onProgress?: (stage: string, done: number, total: number) => void;
  /** Workers started ahead (see `startCleanWorkers`); more are started as needed. */
  workers?: WorkerPool;
  /** The files' stamps (see `fileStamp`), if taken already; else this thread takes them. */
  stamps?: (string | undefined)[];
  /** Work for this thread while workers load and clean posts (not called when there is no wait to fill; see `WAIT_TO_FILL`). */
  meanwhile?: () => void;
}

const WORKER_URL = new URL('./worker-entry.js', import.meta.url);

// How many posts to clean make a wait worth filling. A worker started ahead has booted while this
// thread read the cache index, and cleans a few posts before this thread is done taking the others:
// after one post edited at 20,000 posts, this thread never waited, and the work meant for the wait
// (loading pinyin-pro and Nunjucks, 0.06 s) only delayed the model, which may need neither.
const WAIT_TO_FILL = 64;

/** What every batch needs to know, under the cache's `salt`. */
export function batchSetup(salt: string, options: Pick<LoadCleanOptions, 'timeZone' | 'clean'>): BatchSetup {
  // Plain data only: the setup is copied to each worker.
  return { salt, timeZone: options.timeZone, disabledRules: [...options.clean.disabledRules], allowHtml: options.clean.allowHtml };
}

/**
 * Starts one load-and-clean worker now, for a build that will use workers: it boots and imports the
 * stages on the other core while this thread stamps the posts and reads the cache index, instead of
 * after. A rebuild that needs no worker has spent that core's time for nothing (`close` stops it).
 */
export function startCleanWorkers(setup: BatchSetup): WorkerPool {
  return new WorkerPool(WORKER_URL, { setup }).warmUp();
}

// Below this many files, more load-and-clean threads cost more than they save: each imports the
// stages and runs them slowly until V8 has optimized them (some 2,000 posts), so two threads do
// twice that warm-up. Cold builds on this 2-core machine, the writer thread on in both (medians of
// 3–4 interleaved runs): 1,000 posts 2.9 s on one thread against 3.2 s on two, 2,000 posts 4.2
// against 4.3 s, with a fifth less CPU on one (and 11 MiB more memory at 1,000 posts, 3 less at
// 2,000); 3,000 posts 6.0 against 5.0 s.
const WORKER_THRESHOLD = 2000;

/** How many threads load and clean `fileCount` files. */
export function threadCount(fileCount: number, requested?: number): number {
  const wanted = requested ?? threadsFromEnv();
  if (wanted !== undefined) return wanted;
  return fileCount < WORKER_THRESHOLD ? 1 : Math.min(availableCores(), 8);
}

// Below this many posts, a writer thread costs more than it saves: 500 posts took 2.60 s with it
// against 2.53 s without, for 17 MiB more (medians of 5 interleaved cold builds, one
// load-and-clean thread); 1,000 posts 2.88 against 3.26 s.
const WRITER_THRESHOLD = 1000;

/**
 * Whether a thread of its own writes the files while the main thread renders: from 1,000 posts,
 * whenever a second core is there, however many threads clean. It overlaps the kernel's time
 * making folders and files with the render; with one load-and-clean thread, cold builds took 12 %
 * less time at 1,000 posts and 15 % less at 2,000 (4.2 against 4.9 s), for about 16 MiB more
 * memory. `NEWSARCHIVE_THREADS` decides when set (1: every step on one thread).
 */
export function writerThreadWanted(postCount: number): boolean {
  const wanted = threadsFromEnv();
  if (wanted !== undefined) return wanted > 1;
  return postCount >= WRITER_THRESHOLD && availableCores() > 1;
}

/**
 * The posts of `files`, in file order: reused from the cache when their bytes and everything else
 * that shapes them are unchanged, else loaded and cleaned (in worker threads when more than one is
 * used). Problems are replayed from the cache, so every build reports the same ones.
 */
export async function loadAndCleanPosts(files: PostFile[], cache: PostCache, options: LoadCleanOptions, problems: Diagnostic[]): Promise<Post[]> {
  const setup = batchSetup(cache.salt, options);
  const entries: (CachedPost | undefined)[] = new Array(files.length);
  const keys: (string | undefined)[] = new Array(files.length);
  // Files whose stamp the last build saw are taken from the cache unread; only the rest are hashed.
  const stamps = options.stamps ?? files.map((file) => fileStamp(file.absolutePath));
  const unknown: number[] = [];
  files.forEach((file, i) => {
    const key = stamps[i] && cache.keyByStamp(file.sourcePath, stamps[i]!);
    if (key) settleFile(i, key, cache.take(key));
    else unknown.push(i);
  });
  function settleFile(i: number, key: string | undefined, entry: CachedPost | undefined) {
    keys[i] = key;
    entries[i] = entry;
    if (key && stamps[i]) cache.stamp(key, files[i].sourcePath, stamps[i]!);
  }
  let done = files.length - unknown.length;
  if (done) options.onProgress?.('clean', done, files.length);
  const threads = threadCount(unknown.length, options.threads);
  const batches = split(unknown, threads);
  // Results go into the cache as they arrive (and into its next index, while this thread waits for
  // the workers), so at most a few batches of HTML are held at once.
  const settle = (index: number, results: FileResult[]) => {
    results.forEach((r, j) => settleFile(batches[index][j], r.key, r.hit ? cache.take(r.key) : r.key ? cache.put(r.key, r.post, r.problems) : { post: null, problems: r.problems }));
    cache.writeFresh();
    done += results.length;
    options.onProgress?.('clean', done, files.length);
  };
  const batchFiles = batches.map((batch) => batch.map((i) => files[i]));
  if (threads <= 1) {
    for (let i = 0; i < batches.length; i++) settle(i, await processBatch(batchFiles[i], setup, (key) => cache.has(key)));
  } else {
    const running = (options.workers ?? new WorkerPool(WORKER_URL, { setup })).run(batchFiles, threads, { cachedKeys: cache.keys() }, settle);
    if (unknown.length >= WAIT_TO_FILL) options.meanwhile?.();
    await running;
  }
  const posts: Post[] = [];
  entries.forEach((entry, i) => {
    if (!entry) throw new Error(`the build cache lost ${files[i].sourcePath}`);
    problems.push(...entry.problems.map((p) => ({ ...p })));
    if (entry.post) posts.push(cachedPost(entry, keys[i]!, cache));
  });
  return posts;
}

/**
 * Loads and cleans `files` on `threads` worker threads without the build cache, which dev mode only
 * reads: each file's result, in file order.
 */
export async function cleanOnWorkers(files: PostFile[], setup: BatchSetup, threads: number): Promise<FileResult[]> {
  const batches = split(files.map((_, i) => i), threads);
  const results: FileResult[] = new Array(files.length);
  const store = (index: number, output: FileResult[]) => output.forEach((result, j) => (results[batches[index][j]] = result));
  await new WorkerPool(WORKER_URL, { setup }).run(batches.map((batch) => batch.map((i) => files[i])), threads, { cachedKeys: [] }, store);
  return results;
}

function split<T>(items: T[], threads: number): T[][] {
  // Small batches: a worker queues the next one while it works (pool.ts), so messaging stays cheap,
  // and each batch's results leave the worker young. Four hundred posts held until their batch was
  // done outlived a few young collections each and were copied into the old generation.
  const size = Math.max(8, Math.min(BATCH_SIZE, Math.ceil(items.length / (threads * 8))));
  const batches: T[][] = [];
  for (let i = 0; i < items.length; i += size) batches.push(items.slice(i, i + size));
  return batches;
}

/** Posts per batch, at most. */
const BATCH_SIZE = 32;
