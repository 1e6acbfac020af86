// Indexing shards side by side: one Pagefind process per lane, each on a thread of its own.
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { availableCores, threadsFromEnv } from '../parallel/cores.js';
import { indexShard, type ShardJob } from './pagefind-shard.js';
import type { SearchRecord } from './records.js';

const LANE_URL = new URL('./indexer-thread.js', import.meta.url);

/** A shard to index into `dir`; its records are made when a lane takes it, so only the shards in hand are held. */
export interface LaneShard {
  shard: number;
  dir: string;
  records: () => SearchRecord[];
}

/** What a lane answers: records indexed since its last word, the shard written, or why it failed. */
export type LaneReply = { shard: number; indexed: number } | { shard: number; written: true } | { shard: number; error: string };

// Pagefind needs some 0.5 MB per article of a shard while it writes it (575 MB for a shard of
// 1,000 articles): a lane is allowed per 2 GB the machine has, so two lanes fit in 4 GB beside the build.
const MEMORY_PER_LANE = 2 * 1024 ** 3;

/**
 * How many shards are indexed at once: one per core (one process indexes on one core), at most one
 * per 2 GB of memory, at least one; `NEWSARCHIVE_THREADS` sets it, as it sets the build's threads.
 */
export function laneCount(): number {
  const wanted = threadsFromEnv();
  if (wanted !== undefined) return wanted;
  // Node gives 2^64 when no limit is set on the process.
  const limit = process.constrainedMemory?.() ?? 0;
  const memory = limit > 0 ? Math.min(limit, os.totalmem()) : os.totalmem();
  return Math.max(1, Math.min(availableCores(), Math.floor(memory / MEMORY_PER_LANE)));
}

export interface LaneEvents {
  /** More records indexed (of any shard). */
  indexed(count: number): void;
  /** A shard's files are complete in its folder. */
  written(shard: LaneShard): void;
}

/**
 * Indexes `shards` on up to `lanes` threads, each taking the next shard as it finishes one; with
 * one lane, in this thread, one shard after the other (no thread to start). Resolves once every
 * shard is written; rejects with the first failure, after which no lane is given another shard.
 * The threads are stopped either way.
 */
export async function indexOnLanes(shards: readonly LaneShard[], lanes: number, language: string, events: LaneEvents): Promise<void> {
  if (Math.min(lanes, shards.length) <= 1) {
    for (const shard of shards) {
      await indexShard({ shard: shard.shard, dir: shard.dir, records: shard.records() }, language, events.indexed);
      events.written(shard);
    }
    return;
  }
  const waiting = [...shards];
  const workers: Worker[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      let busy = 0;
      const startLane = () => {
        const worker = new Worker(LANE_URL, { workerData: { language } });
        workers.push(worker);
        let current: LaneShard | undefined;
        const takeNext = () => {
          current = waiting.shift();
          if (current) worker.postMessage({ shard: current.shard, dir: current.dir, records: current.records() } satisfies ShardJob);
          else if (--busy === 0) resolve();
        };
        worker.on('message', (reply: LaneReply) => {
          try {
            if ('indexed' in reply) return events.indexed(reply.indexed);
            if ('error' in reply) return reject(new Error(reply.error));
            events.written(current!);
            takeNext();
          } catch (err) {
            reject(err);
          }
        });
        worker.once('error', reject);
        worker.once('exit', (code) => reject(new Error(`a search thread stopped with exit code ${code}`)));
        busy++;
        takeNext();
      };
      for (let i = 0; i < Math.min(lanes, shards.length); i++) startLane();
    });
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}
