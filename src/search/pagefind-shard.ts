// One shard indexed by a Pagefind process of its own, in whichever thread calls it (see lanes.ts).
import child_process, { type ChildProcess } from 'node:child_process';
import type { SearchRecord } from './records.js';

/** A shard to index: its records, and the folder its files go to. */
export interface ShardJob {
  shard: number;
  dir: string;
  records: SearchRecord[];
}

// Progress is told every so many records: a word per record would cost more than it tells.
const PROGRESS_EVERY = 50;

/** The shard being indexed in this thread: the process Pagefind started for it, and how to give up on it. */
let watched: { process?: ChildProcess; stop: (err: Error) => void } | undefined;

let spawnsWatched = false;

/**
 * Pagefind's API never hears of its process dying (a panic, or killed for want of memory): the
 * answer it waits for never comes, and the build would wait forever (or, with nothing else keeping
 * the process alive, end unfinished). So this thread's `spawn` is wrapped, the first time a shard
 * is indexed here, to catch the Pagefind process started while a shard is watched (each thread has
 * its own modules, so its own wrapper; no other process is touched).
 */
function watchSpawns(): void {
  if (spawnsWatched) return;
  spawnsWatched = true;
  const spawn = child_process.spawn;
  child_process.spawn = ((...args: Parameters<typeof spawn>) => {
    const started = spawn(...args);
    const watch = watched;
    if (watch && !watch.process && isPagefindService(args)) {
      watch.process = started;
      started.once('exit', (code, signal) => {
        if (watched === watch) watch.stop(new Error(`Pagefind stopped (${signal ?? `exit code ${code}`})`));
      });
    }
    return started;
  }) as typeof spawn;
}

/**
 * Pagefind's API starts its binary with `--service`, whatever the binary is called (it may be
 * any file `PAGEFIND_BINARY_PATH` names: named otherwise, one that died went unheard of, and a
 * build with one lane ended at once, its exit code 0, nothing written).
 */
function isPagefindService(args: Parameters<typeof child_process.spawn>): boolean {
  return Array.isArray(args[1]) && args[1].includes('--service');
}

/** Indexes `job` with a fresh Pagefind process, closed at the end; `indexed` hears how many more records are in. */
export async function indexShard(job: ShardJob, language: string, indexed: (count: number) => void): Promise<void> {
  // Loaded when a shard is to be indexed: a build whose shards are all kept never needs it.
  const pagefind = await import('pagefind');
  watchSpawns();
  const stopped = new Promise<never>((_, reject) => (watched = { stop: reject }));
  // Only ever raced against Pagefind's answers: a stop after the shard is done is no failure.
  stopped.catch(() => {});
  const answer = <T>(call: Promise<T>) => Promise.race([call, stopped]);
  try {
    const { index, errors } = await answer(pagefind.createIndex({ forceLanguage: language.toLowerCase(), writePlayground: false }));
    if (!index) throw new Error(errors.join('; '));
    let untold = 0;
    for (const record of job.records) {
      const added = await answer(index.addHTMLFile(record));
      if (added.errors.length) throw new Error(`${record.url}: ${added.errors.join('; ')}`);
      if (++untold === PROGRESS_EVERY) {
        indexed(untold);
        untold = 0;
      }
    }
    if (untold) indexed(untold);
    const written = await answer(index.writeFiles({ outputPath: job.dir }));
    if (written.errors.length) throw new Error(written.errors.join('; '));
  } finally {
    watched = undefined;
    // A new process for each shard: Pagefind holds every record of an index until it closes, and
    // a fresh one starts with none.
    await pagefind.close();
  }
}
