// Placing files in the staging folder, carrying over what the previous build already wrote.
import fs from 'node:fs';
import path from 'node:path';
import type { KeptFile, OutputFile } from '../types.js';
import { addStamp, statOf, type StampList } from './output-stamps.js';
import { spareFit, writeOverSpare, type SpareFit } from './spares.js';
import { stagedChange, stagedChangesFolder } from './staging.js';

/** Where files go into the staging folder: here (`Placer`) or from another thread (`OffThreadPlacer`). */
export interface FilePlacer {
  /** How many files' bytes were written; complete after `finish`. */
  readonly written: number;
  /** Files whose bytes were written, when there is a previous site (a cold build only counts them); complete after `finish`. */
  readonly changed: string[];
  /** Files equal to their previous copy; complete after `finish`. */
  readonly unchanged: string[];
  /** The stamp each placed file will have in the output folder, where known (a kept file of a sparse commit is not looked at); complete after `finish`. */
  readonly stamped: StampList;
  /** True when placing failed and the files still to come would be dropped (`finish` says why). */
  readonly failed: boolean;
  /** Places `file` at `relative` in the staging folder (a path not yet taken there). */
  place(relative: string, file: OutputFile | KeptFile): void;
  /** Waits until every file is placed; rejects when one could not be. */
  finish(): Promise<void>;
  /** Stops placing: once it resolves, nothing more is written to the staging folder. */
  abort(): Promise<void>;
  /** Makes the staging folder hold the whole site (after `finish`): every unchanged file linked in, a sparse build's changed ones moved to their places. */
  completeStaging(): void;
}

// Enough folders to skip the mkdir of a listing's or a category's next files; past it, start over:
// every article has a folder of its own, and remembering all of them grew with the site.
const MADE_LIMIT = 1024;

/** A kept file of a sparse commit: left as the output check found it at the build's start, not looked at again. */
const AS_RECORDED = 'as recorded';

/**
 * Puts files into a staging folder. Against a previous site, a kept file or one whose bytes equal
 * its previous copy is unchanged: in full mode it becomes a hard link to that copy (no bytes
 * written, its modification time kept, so deploy tools see it as unchanged); in sparse mode it is
 * only noted, and the staging folder receives just the changed files, in one flat folder
 * (`stagedChange`: the n-th of `changed` is the n-th file there).
 */
export class Placer implements FilePlacer {
  written = 0;
  /** Files whose bytes were written, against a previous site: a cold build's list would only be counted. */
  readonly changed: string[] = [];
  /** Files equal to their previous copy. */
  readonly unchanged: string[] = [];
  readonly stamped: StampList = { paths: [], numbers: [] };
  readonly failed = false;
  /** Folders known to exist: the recent ones only (files come folder by folder), so it stays small. */
  private readonly made = new Set<string>();
  private readonly bytes = new ByteScratch();
  /** What a spare must be to be written over (see spares.ts). */
  private spareFit?: SpareFit;

  constructor(
    private readonly staging: string,
    /** The previous site, when there is one. */
    private readonly previous: string | undefined,
    private readonly sparse: boolean,
  ) {
    this.made.add(staging);
  }

  /** Places `file` at `relative` in the staging folder (a path not yet taken there). */
  place(relative: string, file: OutputFile | KeptFile): void {
    const old = this.previous && path.join(this.previous, relative);
    const bytes = 'kept' in file ? undefined : this.bytes.of(file.contents);
    const same = old && this.sameCopy(old, bytes);
    if (same) {
      this.unchanged.push(relative);
      if (same !== AS_RECORDED) addStamp(this.stamped, relative, same);
      if (this.sparse) return;
      const target = path.join(this.staging, relative);
      this.ensureDir(target);
      const carried = linkOrCopy(old, target);
      if (carried === 'copied') addStamp(this.stamped, relative, fs.statSync(target));
      if (carried) return;
      this.unchanged.pop();
    }
    // A sparse build has a previous site: every file it writes is one of `changed`, written over a spare where there is one.
    const target = this.sparse ? stagedChange(this.staging, this.changed.length) : path.join(this.staging, relative);
    this.ensureDir(target);
    const contents = 'kept' in file ? file.render() : bytes!;
    const overSpare = this.sparse ? writeOverSpare(target, contents, (this.spareFit ??= spareFit(this.staging))) : undefined;
    addStamp(this.stamped, relative, overSpare ?? writeFile(target, contents));
    this.written++;
    if (old) this.changed.push(relative);
  }

  async finish(): Promise<void> {}

  async abort(): Promise<void> {}

  /** Makes the staging folder hold the whole site: the changed files moved to their places, the unchanged ones linked in. */
  completeStaging(): void {
    if (this.sparse) {
      this.changed.forEach((relative, n) => {
        const target = path.join(this.staging, relative);
        this.ensureDir(target);
        fs.renameSync(stagedChange(this.staging, n), target);
      });
      // Empty now; the staging folder becomes the site.
      fs.rmSync(stagedChangesFolder(this.staging), { recursive: true, force: true });
    }
    for (const relative of this.unchanged) {
      const target = path.join(this.staging, relative);
      this.ensureDir(target);
      linkOrCopy(path.join(this.previous!, relative), target);
    }
  }

  /**
   * The previous copy's stats when the file is unchanged: a page, when that copy holds its bytes; a
   * kept file, when that copy is there (in sparse mode taken as there, as the output check found it
   * at the build's start: `AS_RECORDED`). Undefined when the file must be written.
   */
  private sameCopy(old: string, bytes: Buffer | undefined): fs.Stats | typeof AS_RECORDED | undefined {
    if (bytes) return this.bytes.equalsFile(old, bytes);
    return this.sparse ? AS_RECORDED : statOf(old);
  }

  private ensureDir(target: string): void {
    const dir = path.dirname(target);
    if (this.made.has(dir)) return;
    fs.mkdirSync(dir, { recursive: true });
    if (this.made.size >= MADE_LIMIT) this.made.clear();
    this.made.add(dir);
  }
}

/** Pages that fit in this many UTF-8 bytes (at most three per UTF-16 unit) go through the reused buffers; a larger one gets its own, not kept. */
const SCRATCH_LIMIT = 1 << 20;

/**
 * A page's UTF-8 bytes, and its comparison with a file, in two buffers reused from file to file.
 * A buffer per page encoded and per file read (most of the bytes a rebuild handles) lived outside
 * the heap until a collection of the thread that made it, and the writer thread, which makes
 * little else, seldom runs one. A file of another size is not read at all.
 */
class ByteScratch {
  private encoded = Buffer.alloc(0);
  private read = Buffer.alloc(0);

  /** The bytes of `contents`: a string's in the scratch buffer, valid until the next call. */
  of(contents: string | Buffer): Buffer {
    if (typeof contents !== 'string') return contents;
    const most = contents.length * 3;
    if (most > SCRATCH_LIMIT) return Buffer.from(contents, 'utf8');
    if (this.encoded.length < most) this.encoded = Buffer.allocUnsafe(SCRATCH_LIMIT);
    return this.encoded.subarray(0, this.encoded.write(contents, 'utf8'));
  }

  /** The stats of `file` when it holds exactly `bytes`; undefined when it does not, is missing or unreadable. */
  equalsFile(file: string, bytes: Buffer): fs.Stats | undefined {
    let fd: number;
    try {
      fd = fs.openSync(file, 'r');
    } catch {
      return undefined;
    }
    try {
      const stats = fs.fstatSync(fd);
      if (stats.size !== bytes.length) return undefined;
      const into = this.readBufferFor(bytes.length);
      let got = 0;
      while (got < bytes.length) {
        const n = fs.readSync(fd, into, got, bytes.length - got, got);
        if (n === 0) return undefined;
        got += n;
      }
      return into.compare(bytes, 0, bytes.length, 0, bytes.length) === 0 ? stats : undefined;
    } catch {
      return undefined;
    } finally {
      fs.closeSync(fd);
    }
  }

  private readBufferFor(size: number): Buffer {
    if (size > SCRATCH_LIMIT) return Buffer.allocUnsafe(size);
    if (this.read.length < size) this.read = Buffer.allocUnsafe(SCRATCH_LIMIT);
    return this.read;
  }
}

/** Undefined when there is no previous copy; copies where the file system has no hard links. */
function linkOrCopy(from: string, to: string): 'linked' | 'copied' | undefined {
  try {
    fs.linkSync(from, to);
    return 'linked';
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    if (code === 'EXDEV' || code === 'EPERM' || code === 'EMLINK' || code === 'ENOTSUP') {
      fs.copyFileSync(from, to);
      return 'copied';
    }
    throw err;
  }
}

/** Writes `contents` to `file` and gives its stats as written (the modification time the next build's check compares). */
function writeFile(file: string, contents: string | Buffer): fs.Stats {
  const fd = fs.openSync(file, 'w');
  try {
    fs.writeFileSync(fd, contents);
    return fs.fstatSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}
