// A worker thread of the load and clean stages: takes batches of post files, sends back their results.
import { parentPort, workerData } from 'node:worker_threads';
import { processBatch, type BatchSetup } from './batch.js';
import type { PostFile } from '../load/index.js';

const { setup, cachedKeys } = workerData as { setup: BatchSetup; cachedKeys: string[] };
const cached = new Set(cachedKeys);

// The pool queues the next batch before this one is done: batches run one after the other, so
// each result goes back as soon as it is ready instead of all queued ones finishing together.
let queue: Promise<void> = Promise.resolve();

parentPort!.on('message', ({ index, batch }: { index: number; batch: PostFile[] }) => {
  queue = queue.then(() =>
    processBatch(batch, setup, (key) => cached.has(key)).then(
      (output) => parentPort!.postMessage({ index, output }),
      (err: unknown) => parentPort!.postMessage({ index, error: (err as Error).stack ?? String(err) }),
    ),
  );
});
