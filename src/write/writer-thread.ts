// The writer thread: places the files the main thread hands over, in order, with the same Placer.
import { parentPort, workerData } from 'node:worker_threads';
import { Placer } from './carry-over.js';
import { FAILED, PLACED, fileOfJob } from './off-thread.js';

/** One file to place: its text in the shared ring (`at`, `bytes`), its contents, or a link to its previous copy. */
export interface WriterJob {
  path: string;
  at?: number;
  bytes?: number;
  contents?: string | Uint8Array;
  link?: true;
}

/** The writer's last message: what it placed, or the first error (after which it placed nothing more). */
export type WriterReply = { written: number; changed: string[]; unchanged: string[] } | { error: { message: string; code?: string; stack?: string } };

const { staging, previous, sparse, counters, ring } = workerData as { staging: string; previous?: string; sparse: boolean; counters: Int32Array; ring: SharedArrayBuffer };
const text = Buffer.from(ring);
const placer = new Placer(staging, previous, sparse);
let failure: WriterReply | undefined;

const fail = (err: unknown) => {
  const { message, code, stack } = err as NodeJS.ErrnoException;
  failure ??= { error: { message, code, stack } };
  Atomics.store(counters, FAILED, 1);
  Atomics.notify(counters, PLACED);
};
// The main thread may be waiting on the counters, deaf to this thread's events: a crash must show there.
process.on('uncaughtException', (err) => {
  fail(err);
  parentPort!.postMessage(failure);
});

parentPort!.on('message', (message: WriterJob[] | 'end') => {
  if (message === 'end') return parentPort!.postMessage(failure ?? { written: placer.written, changed: placer.changed, unchanged: placer.unchanged });
  for (const job of message) {
    if (!failure) {
      try {
        placer.place(job.path, fileOfJob(job, text));
      } catch (err) {
        fail(err);
      }
    }
    // Counted once placed: only then may the main thread reuse the job's part of the ring.
    Atomics.add(counters, PLACED, 1);
    Atomics.notify(counters, PLACED);
  }
});
