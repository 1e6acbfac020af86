// The writer thread: places the files the main thread hands over, in order, with the same Placer.
import { parentPort, receiveMessageOnPort, workerData, type MessagePort } from 'node:worker_threads';
import { Placer } from './carry-over.js';
import type { StampList } from './output-stamps.js';
import { END, FAILED, IDLE, IN_MESSAGE, IN_RING, LINK_IN_RING, PLACED, PUBLISHED, fileOfJob, slotOf } from './off-thread.js';

/** One file to place: its text in the shared ring (`at`, `bytes`), its contents, or a link to its previous copy. */
export interface WriterJob {
  path: string;
  at?: number;
  bytes?: number;
  contents?: string | Uint8Array;
  /** The contents' memory goes to the writer with the message (it is not copied). */
  handOver?: true;
  link?: true;
}

/** The writer's last message: what it placed, or the first error (after which it placed nothing more). */
export type WriterReply = { written: number; changed: string[]; unchanged: string[]; stamped: StampList } | { error: { message: string; code?: string; stack?: string } };

const { staging, previous, sparse, counters, slots, ring, port } = workerData as {
  staging: string;
  previous?: string;
  sparse: boolean;
  counters: Int32Array;
  slots: Int32Array;
  ring: SharedArrayBuffer;
  port: MessagePort;
};
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

/** The job in `slot`: a page whose path and text lie in the ring, or the next message on the port. */
function jobIn(slot: number): WriterJob {
  const kind = slots[slot];
  if (kind === IN_RING || kind === LINK_IN_RING) {
    const at = slots[slot + 1];
    const path = text.toString('utf16le', at - slots[slot + 2] * 2, at);
    return kind === IN_RING ? { path, at, bytes: slots[slot + 3] } : { path, link: true };
  }
  // Posted before its slot was filled: it is there.
  return receiveMessageOnPort(port)!.message as WriterJob;
}

// A loop that blocks between jobs, not message events: the jobs come through shared memory.
for (let next = 0; ; next++) {
  while (Atomics.load(counters, PUBLISHED) === next) {
    // Said before waiting: a job announced after this is either seen by the wait or followed by a wake-up.
    Atomics.store(counters, IDLE, 1);
    Atomics.wait(counters, PUBLISHED, next, 1000);
    Atomics.store(counters, IDLE, 0);
  }
  const slot = slotOf(next);
  if (slots[slot] === END) break;
  if (!failure) {
    try {
      const job = jobIn(slot);
      placer.place(job.path, fileOfJob(job, text));
    } catch (err) {
      fail(err);
    }
  } else if (slots[slot] === IN_MESSAGE) {
    receiveMessageOnPort(port);
  }
  // Counted once placed: only then may the main thread reuse the job's part of the ring.
  Atomics.add(counters, PLACED, 1);
  Atomics.notify(counters, PLACED);
}
parentPort!.postMessage(failure ?? { written: placer.written, changed: placer.changed, unchanged: placer.unchanged, stamped: placer.stamped });
