// Placing files from a second thread: the main thread renders the next pages while this one makes
// the folders and writes the bytes (most of a cold build's write time is spent in the kernel).
import fs from 'node:fs';
import path from 'node:path';
import { MessageChannel, type MessagePort, Worker } from 'node:worker_threads';
import type { KeptFile, OutputFile } from '../types.js';
import { Placer, type FilePlacer } from './carry-over.js';
import type { StampList } from './output-stamps.js';
import type { WriterJob, WriterReply } from './writer-thread.js';

// The writer holds a page at a time: a small young generation, collected often, keeps its memory
// low. Its old generation is not capped: the lists of every path placed grow with the site (a
// 32 MB cap killed the writer past 110,000 files).
const WRITER_LIMITS = { maxYoungGenerationSizeMb: 4 };
// While the main thread blocks in Atomics.wait it cannot hear the writer's 'error' or 'exit' (a
// worker killed for memory never reaches its own handlers): this long without one file placed is
// taken as the writer's death, and the build fails instead of waiting forever.
const STALL_MS = 60_000;
// Pages cross in a ring of shared memory, as UTF-16 (a copy, where UTF-8 would be an encoding):
// posting each page as a string cost the main thread more than rendering it. A file bigger than an
// eighth of the ring goes in its message instead. 4 MB hold a few hundred pages: the writer is never
// short of work, and a bigger ring only added to the peak memory (every byte of it gets touched).
const RING_BYTES = 4 << 20;
// Files handed over but not yet placed, at most: past it, the main thread waits for the writer.
const MAX_AHEAD = 512;
// Below this many files the placer does the work itself (a rebuild that changed little): not worth a thread's start and memory.
const START_FILES = 16;
// Jobs are announced in slots of shared memory, not posted: a message cost the main thread some
// 100 µs (serializing, waking the writer's event loop), more than the page it carried. A slot
// says where a page's path and text (or a link's path) lie in the ring; for anything else (bytes,
// a huge page) it says that the job is the next message on the writer's port, which the writer
// takes synchronously. Twice MAX_AHEAD slots: one is reused only long after its job was placed.
const SLOTS = 2 * MAX_AHEAD;
const SLOT_INTS = 4;
/** What a slot holds: a page in the ring, a link whose path is in the ring, the next message, or the end of the jobs. */
export const IN_RING = 1;
export const LINK_IN_RING = 2;
export const IN_MESSAGE = 3;
export const END = 4;

/** Where job `job`'s slot starts in the slots array. */
export const slotOf = (job: number): number => (job % SLOTS) * SLOT_INTS;

/** The file a job stands for: its text read back from the ring, its bytes, or a link to its previous copy. */
export function fileOfJob(job: WriterJob, ring: Buffer): OutputFile | KeptFile {
  if (job.link) return { path: job.path, inputKey: '', kept: true, render: () => vanished(job.path) };
  if (job.at !== undefined) return { path: job.path, contents: ring.toString('utf16le', job.at, job.at + job.bytes!) };
  // Bytes arrive from another thread as plain Uint8Arrays: the Placer wants Buffers.
  const contents = job.contents!;
  return { path: job.path, contents: typeof contents === 'string' ? contents : Buffer.from(contents.buffer, contents.byteOffset, contents.byteLength) };
}

function vanished(relative: string): never {
  throw new Error(`the previous copy of ${relative} vanished during the build`);
}

/** Counters shared with the writer: files placed, whether it failed, jobs announced, and whether it sleeps for want of one. */
export const PLACED = 0;
export const FAILED = 1;
export const PUBLISHED = 2;
export const IDLE = 3;
// A writer that ran out of jobs is woken once a few more wait, not for each page: a wake-up is a
// system call for this thread and a context switch for the writer, and it writes faster than pages come.
const WAKE_AFTER = 4;

/**
 * The same placing as `Placer`, done by a worker thread. `place` returns at once (or after a short
 * wait when the writer is far behind); `finish` waits for every file and gives back what changed.
 */
export class OffThreadPlacer implements FilePlacer {
  written = 0;
  changed: string[] = [];
  unchanged: string[] = [];
  stamped: StampList = { paths: [], numbers: [] };
  private worker?: Worker;
  /** Our end of the channel that carries the jobs which are not pages in the ring. */
  private port?: MessagePort;
  private readonly counters = new Int32Array(new SharedArrayBuffer(16));
  /** The last job announced with a wake-up. */
  private woken = -1;
  private readonly slots = new Int32Array(new SharedArrayBuffer(SLOTS * SLOT_INTS * 4));
  private readonly ring: Buffer;
  /** Where the next page goes in the ring. */
  private head = 0;
  /** The pages in the ring not yet known placed, oldest first: job number and bytes taken. */
  private inRing: { job: number; start: number; end: number }[] = [];
  private ended?: Promise<WriterReply>;
  /** The jobs made before the writer started (all of them, when it never does). */
  private early: WriterJob[] = [];
  /** Jobs made so far; each one's number is its place in this count. */
  private sent = 0;

  constructor(
    private readonly staging: string,
    private readonly previous: string | undefined,
    private readonly sparse: boolean,
    /** Bytes of shared memory for pages on their way; small ones let tests go round the ring. */
    ringBytes = RING_BYTES,
    /** How long without progress means the writer is dead (shorter in tests). */
    private readonly stallMs = STALL_MS,
  ) {
    this.ring = Buffer.from(new SharedArrayBuffer(ringBytes));
  }

  /** True once the writer failed: the files still to come would be dropped, `finish` says why. */
  get failed(): boolean {
    return Atomics.load(this.counters, FAILED) !== 0;
  }

  place(relative: string, file: OutputFile | KeptFile): void {
    if (this.failed) return;
    if ('kept' in file) {
      // A kept file of a sparse commit is only noted; otherwise it becomes a link to its previous copy.
      if (this.sparse) return void this.unchanged.push(relative);
      if (this.previous && fs.existsSync(path.join(this.previous, relative))) return this.send(this.linkJob(relative));
      return this.send(this.contentsJob(relative, file.render()));
    }
    this.send(this.contentsJob(relative, file.contents));
  }

  /** Waits until every file is placed; rejects with the writer's error, if any. */
  async finish(): Promise<void> {
    if (!this.worker) return this.placeHere();
    this.announce(this.sent, END);
    const reply = await this.ended!;
    await this.worker.terminate();
    this.port!.close();
    if ('error' in reply) throw Object.assign(new Error(reply.error.message), { code: reply.error.code, stack: reply.error.stack });
    this.written = reply.written;
    this.changed = reply.changed;
    this.unchanged = [...this.unchanged, ...reply.unchanged];
    this.stamped = reply.stamped;
  }

  private placeHere(): void {
    const here = new Placer(this.staging, this.previous, this.sparse);
    for (const job of this.early) here.place(job.path, fileOfJob(job, this.ring));
    this.early = [];
    this.written = here.written;
    this.changed = here.changed;
    this.unchanged = [...this.unchanged, ...here.unchanged];
    this.stamped = here.stamped;
  }

  /** Stops the writer without waiting for the files still queued: after it, nothing more is written. */
  async abort(): Promise<void> {
    await this.worker?.terminate();
    this.port?.close();
  }

  completeStaging(): void {
    // On this thread, after `finish`: the writer's lists are merged by then.
    const here = new Placer(this.staging, this.previous, this.sparse);
    // One by one: a spread call puts its arguments on the stack, which 200,000 paths overflow (120,000 did not).
    for (const relative of this.changed) here.changed.push(relative);
    for (const relative of this.unchanged) here.unchanged.push(relative);
    here.completeStaging();
  }

  /**
   * A page's text goes into the ring, after its path; other contents in a message: bytes as they
   * are, a huge page as UTF-8 bytes. Bytes that own their memory are handed over, not copied (the
   * largest files come so: see utf8Of); as a string, a huge page would be cloned into the writer's
   * heap, and sit there, twice the size, until its next full collection.
   */
  private contentsJob(relative: string, contents: string | Buffer): WriterJob {
    if (typeof contents === 'string' && contents.length * 2 <= this.ring.length >> 3) {
      const at = this.pathInRing(relative, contents.length * 2);
      this.ring.write(contents, at, 'utf16le');
      return { path: relative, at, bytes: contents.length * 2 };
    }
    const bytes = typeof contents === 'string' ? Buffer.from(contents, 'utf8') : contents;
    // Only a buffer that owns its whole memory can be handed over (small ones share a pool).
    const handOver = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
    return { path: relative, contents: bytes, handOver: handOver || undefined };
  }

  /** A link to the previous copy: only its path goes into the ring (a rebuild that stages a whole site has thousands). */
  private linkJob(relative: string): WriterJob {
    return { path: relative, link: true, at: this.pathInRing(relative, 0), bytes: 0 };
  }

  /** Writes `relative` into the ring with room for `bytes` after it, which start at the offset returned. */
  private pathInRing(relative: string, bytes: number): number {
    const pathBytes = relative.length * 2;
    const start = this.reserve(pathBytes + bytes);
    this.ring.write(relative, start, 'utf16le');
    this.head = start + pathBytes + bytes;
    this.inRing.push({ job: this.sent, start, end: this.head });
    return start + pathBytes;
  }

  /** Where `bytes` fit in the ring after the pages still in it, waiting for the writer if need be. */
  private reserve(bytes: number): number {
    for (;;) {
      const placed = Atomics.load(this.counters, PLACED);
      let done = 0;
      while (done < this.inRing.length && this.inRing[done].job < placed) done++;
      if (done) this.inRing = this.inRing.slice(done);
      if (!this.inRing.length) this.head = 0;
      const tail = this.inRing.length ? this.inRing[0].start : 0;
      if (!this.inRing.length || this.head > tail) {
        if (this.ring.length - this.head >= bytes) return this.head;
        if (tail > bytes) return 0;
      } else if (tail - this.head > bytes) {
        return this.head;
      }
      this.waitForWriter(placed);
    }
  }

  private send(job: WriterJob): void {
    const number = this.sent++;
    if (this.worker) this.publish(number, job);
    else {
      this.early.push(job);
      if (this.early.length >= START_FILES) this.start();
    }
    while (this.sent - Atomics.load(this.counters, PLACED) > MAX_AHEAD) this.waitForWriter(Atomics.load(this.counters, PLACED));
  }

  /** Tells the writer about job `number`: where it lies in the ring, or that it is the next message. */
  private publish(number: number, job: WriterJob): void {
    // After a failure the writer only counts the jobs: nothing need be sent.
    if (this.failed) return this.announce(number, IN_RING);
    if (job.at === undefined) {
      const contents = job.contents;
      const transfer = job.handOver && contents instanceof Uint8Array ? [contents.buffer as ArrayBuffer] : [];
      return this.announce(number, IN_MESSAGE, () => this.port!.postMessage(job, transfer));
    }
    const slot = slotOf(number);
    this.slots[slot + 1] = job.at;
    this.slots[slot + 2] = job.path.length;
    this.slots[slot + 3] = job.bytes!;
    this.announce(number, job.link ? LINK_IN_RING : IN_RING);
  }

  /** Fills job `number`'s slot (after `post`, which sends its message) and wakes the writer. */
  private announce(number: number, kind: number, post?: () => void): void {
    post?.();
    this.slots[slotOf(number)] = kind;
    // The store publishes the slot and the ring bytes written before it (Atomics are sequentially consistent).
    Atomics.store(this.counters, PUBLISHED, number + 1);
    if ((kind !== IN_RING && kind !== LINK_IN_RING) || number - this.woken >= WAKE_AFTER) this.wake();
  }

  /** Wakes the writer if it sleeps (it sets IDLE before it waits, and Atomics.wait rechecks the count). */
  private wake(): void {
    this.woken = Atomics.load(this.counters, PUBLISHED) - 1;
    if (Atomics.load(this.counters, IDLE)) Atomics.notify(this.counters, PUBLISHED);
  }

  /** Blocks until the writer has placed more than `placed` files (Atomics.wait is allowed on Node's main thread). */
  private waitForWriter(placed: number): void {
    if (!this.worker) this.start();
    // Jobs announced without a wake-up may be all it waits for.
    this.wake();
    // After a failure the writer still counts the files it skips, so this never waits for nothing.
    const since = performance.now();
    while (Atomics.wait(this.counters, PLACED, placed, 1000) === 'timed-out' && Atomics.load(this.counters, PLACED) === placed) {
      if (performance.now() - since > this.stallMs) throw new Error(`the writer thread placed no file for ${Math.round(this.stallMs / 1000)} s: it stopped (out of memory, or killed)`);
    }
  }

  /** Starts the writer and announces the jobs made so far. */
  private start(): void {
    const { port1, port2 } = new MessageChannel();
    const workerData = { staging: this.staging, previous: this.previous, sparse: this.sparse, counters: this.counters, slots: this.slots, ring: this.ring.buffer, port: port2 };
    const worker = new Worker(new URL('./writer-thread.js', import.meta.url), { workerData, transferList: [port2], resourceLimits: WRITER_LIMITS });
    this.ended = new Promise((resolve) => {
      worker.once('message', resolve);
      worker.once('error', (err) => resolve({ error: { message: err.message, stack: err.stack } }));
      worker.once('exit', (code) => resolve({ error: { message: `the writer thread stopped with exit code ${code}` } }));
    });
    this.worker = worker;
    this.port = port1;
    const early = this.early;
    this.early = [];
    early.forEach((job, i) => this.publish(this.sent - early.length + i, job));
  }
}
