// A small pool of worker threads that takes batches in order and hands each result back as it comes.
import { Worker } from 'node:worker_threads';

// A worker holds one batch at a time: small heap limits make it collect garbage early instead of
// growing, which took a third off the peak memory of a 4,000-post build for a few % more CPU.
const WORKER_LIMITS = { maxOldGenerationSizeMb: 96, maxYoungGenerationSizeMb: 16 };

/**
 * Batches each worker holds at once: it starts the next as soon as it posts a result, without
 * waiting for the main thread to answer, so batches can be small (see `split` in index.ts).
 */
const IN_FLIGHT = 2;

/** Message from a worker: the output of one batch, or why it failed. */
export type WorkerReply<O> = { index: number; output: O } | { index: number; error: string };

/**
 * Worker threads started from `workerUrl` (each gets `workerData`). A worker can be started before
 * its work is known (`warmUp`): its start-up, mostly importing its modules, then runs on a free core
 * while this thread reads the build cache, instead of after it.
 */
export class WorkerPool {
  readonly #spare: Worker[] = [];

  constructor(
    readonly workerUrl: URL,
    readonly workerData: unknown,
  ) {}

  /** Starts one worker now. */
  warmUp(): this {
    this.#spare.push(this.#spawn());
    return this;
  }

  /** Stops the workers started ahead that no batch needed. */
  async close(): Promise<void> {
    await Promise.all(this.#spare.splice(0).map((w) => w.terminate()));
  }

  #spawn(): Worker {
    return new Worker(this.workerUrl, { workerData: this.workerData, resourceLimits: WORKER_LIMITS });
  }

  /**
   * Runs `batches` on `threads` workers (those started ahead first), a few batches queued per
   * worker, and calls `onResult` as each finishes. Each worker is sent `greeting` before its first
   * batch. Rejects on the first failure. The workers are stopped at the end.
   */
  run<I, O>(batches: I[], threads: number, greeting: unknown, onResult: (index: number, output: O) => void): Promise<void> {
    return new Promise((resolve, reject) => {
      const workers: Worker[] = [];
      let next = 0;
      let finished = 0;
      let failed = false;
      const stop = () => Promise.all(workers.map((w) => w.terminate()));
      const fail = (err: Error) => {
        if (failed) return;
        failed = true;
        void stop().then(() => reject(err), () => reject(err));
      };
      const feed = (worker: Worker) => {
        if (next < batches.length) {
          worker.postMessage({ index: next, batch: batches[next] });
          next++;
        }
      };
      for (let i = 0; i < Math.min(threads, batches.length); i++) {
        const worker = this.#spare.shift() ?? this.#spawn();
        workers.push(worker);
        worker.on('message', (reply: WorkerReply<O>) => {
          if (failed) return;
          if ('error' in reply) return fail(new Error(reply.error));
          try {
            onResult(reply.index, reply.output);
          } catch (err) {
            return fail(err as Error);
          }
          if (++finished === batches.length) void stop().then(() => resolve(), reject);
          else feed(worker);
        });
        worker.on('error', fail);
        worker.on('exit', (code) => {
          if (code !== 0 && finished < batches.length) fail(new Error(`a worker thread stopped with exit code ${code}`));
        });
        worker.postMessage(greeting);
        for (let k = 0; k < IN_FLIGHT; k++) feed(worker);
      }
      if (batches.length === 0) resolve();
    });
  }
}
