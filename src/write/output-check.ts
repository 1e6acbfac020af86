// Which files of the output folder are no longer as the last build left them (see output-stamps.ts).
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { sameStamp, STAMP_NUMBERS, statOf, type StampedFiles } from './output-stamps.js';

// Below this many files no worker is started: its start (some 70 ms) would cost more than their
// `stat` calls, and a small site's whole rebuild takes less.
const THREAD_FILES = 4000;
// Files per claim: few enough that the two threads finish together, enough that claiming costs nothing.
const CHUNK = 256;

/**
 * The files of the last build gone from `outDir` or changed since, checked by their stamps. On a
 * large site a worker thread starts checking as the build starts (some 0.25 s of `stat` calls at
 * 20,000 posts), while this thread stamps and reads the posts; when this thread asks for the
 * answer, it checks the files the worker has not yet reached itself.
 */
export class OutputCheck {
  /** The next chunk of files to check, claimed by either thread. */
  private readonly next = new Int32Array(new SharedArrayBuffer(4));
  /** The files to check, in the order of their stamps. */
  private readonly files: string[];
  private readonly worker?: Worker;
  private readonly fromWorker?: Promise<string[] | undefined>;
  private answer?: Promise<Set<string> | undefined>;

  constructor(
    private readonly outDir: string,
    private readonly previous: StampedFiles,
  ) {
    this.files = [...previous.files];
    if (this.files.length < THREAD_FILES) return;
    // The paths cross as one string: handing over the set of 25,000 paths cost this thread some
    // 50 ms (`Worker` and `serialize` in a profile).
    const workerData: CheckerData = { outDir, paths: this.files.join('\0'), stamps: previous.stamps, next: this.next };
    const worker = new Worker(new URL('./output-check-thread.js', import.meta.url), { workerData });
    this.worker = worker;
    this.fromWorker = new Promise((resolve) => {
      worker.once('message', resolve);
      worker.once('error', () => resolve(undefined));
      worker.once('exit', () => resolve(undefined));
    });
  }

  /** The files gone or changed; undefined when the check failed, and nothing of the output folder can be trusted. */
  touched(): Promise<Set<string> | undefined> {
    return (this.answer ??= this.finish());
  }

  private async finish(): Promise<Set<string> | undefined> {
    const here = checkClaimed(this.outDir, this.files, this.previous.stamps, this.next);
    // Every chunk checked here: the worker has none to answer for.
    if (here.chunks === chunkCount(this.files.length)) {
      await this.worker?.terminate();
      return new Set(here.touched);
    }
    const there = await this.fromWorker;
    return there && new Set([...here.touched, ...there]);
  }
}

const chunkCount = (files: number) => Math.ceil(files / CHUNK);

/** What the worker is given: the files' paths joined by NUL (which no path holds), their stamps, and the chunk counter. */
export interface CheckerData {
  outDir: string;
  paths: string;
  stamps: Float64Array;
  next: Int32Array;
}

/**
 * Checks chunks of `files` as this thread claims them from `next` (shared with the other thread),
 * until none is left: the files gone or changed, and how many chunks this thread checked.
 */
export function checkClaimed(outDir: string, files: readonly string[], stamps: Float64Array, next: Int32Array): { touched: string[]; chunks: number } {
  const touched: string[] = [];
  // The record's paths are relative and normalized (the output guard admitted each): a
  // concatenation gives what path.join would, without normalizing 25,000 paths again (in a
  // fresh thread, some 60 ms of CPU at 20,000 posts).
  const inside = outDir + path.sep;
  let chunks = 0;
  for (let chunk = Atomics.add(next, 0, 1); chunk < chunkCount(files.length); chunk = Atomics.add(next, 0, 1)) {
    chunks++;
    const end = Math.min(files.length, (chunk + 1) * CHUNK);
    for (let i = chunk * CHUNK; i < end; i++) {
      if (!sameStamp(statOf(inside + files[i]), stamps, i * STAMP_NUMBERS)) touched.push(files[i]);
    }
  }
  return { touched, chunks };
}
