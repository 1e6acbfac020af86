// A worker thread of the load and clean stages: takes batches of post files, sends back their results.
import { parentPort, workerData } from 'node:worker_threads';
import { processBatch, type BatchSetup } from './batch.js';
import type { PostFile } from '../load/index.js';

const { setup } = workerData as { setup: BatchSetup };

// A worker may be started before the build cache is read (see startCleanWorkers): it imports the
// stages meanwhile, and learns which keys the cache holds from its first batch's greeting.
void Promise.all([import('../load/index.js'), import('../clean/index.js')]);
let cached = new Set<string>();

// The pool queues the next batch before this one is done: batches run one after the other, so
// each result goes back as soon as it is ready instead of all queued ones finishing together.
let queue: Promise<void> = Promise.resolve();

parentPort!.on('message', (message: { cachedKeys: string[] } | { index: number; batch: PostFile[] }) => {
  if ('cachedKeys' in message) {
    cached = new Set(message.cachedKeys);
    return;
  }
  const { index, batch } = message;
  queue = queue.then(() =>
    processBatch(batch, setup, (key) => cached.has(key)).then(
      (output) => parentPort!.postMessage({ index, output }),
      (err: unknown) => parentPort!.postMessage({ index, error: (err as Error).stack ?? String(err) }),
    ),
  );
});
