// Placing files in the staging folder, carrying over what the previous build already wrote.
import fs from 'node:fs';
import path from 'node:path';
import type { KeptFile, OutputFile } from '../types.js';

/** Where files go into the staging folder: here (`Placer`) or from another thread (`OffThreadPlacer`). */
export interface FilePlacer {
  /** How many files' bytes were written; complete after `finish`. */
  readonly written: number;
  /** Files whose bytes were written, when there is a previous site (a cold build only counts them); complete after `finish`. */
  readonly changed: string[];
  /** Files equal to their previous copy; complete after `finish`. */
  readonly unchanged: string[];
  /** True when placing failed and the files still to come would be dropped (`finish` says why). */
  readonly failed: boolean;
  /** Places `file` at `relative` in the staging folder (a path not yet taken there). */
  place(relative: string, file: OutputFile | KeptFile): void;
  /** Waits until every file is placed; rejects when one could not be. */
  finish(): Promise<void>;
  /** Stops placing: once it resolves, nothing more is written to the staging folder. */
  abort(): Promise<void>;
  /** Links every unchanged file into the staging folder (after `finish`), which then holds the whole site. */
  completeStaging(): void;
}

// Enough folders to skip the mkdir of a listing's or a category's next files; past it, start over:
// every article has a folder of its own, and remembering all of them grew with the site.
const MADE_LIMIT = 1024;

/**
 * Puts files into a staging folder. Against a previous site, a kept file or one whose bytes equal
 * its previous copy is unchanged: in full mode it becomes a hard link to that copy (no bytes
 * written, its modification time kept, so deploy tools see it as unchanged); in sparse mode it is
 * only noted, and the staging folder receives just the changed files.
 */
export class Placer implements FilePlacer {
  written = 0;
  /** Files whose bytes were written, against a previous site: a cold build's list would only be counted. */
  readonly changed: string[] = [];
  /** Files equal to their previous copy. */
  readonly unchanged: string[] = [];
  readonly failed = false;
  /** Folders known to exist: the recent ones only (files come folder by folder), so it stays small. */
  private readonly made = new Set<string>();

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
    const target = path.join(this.staging, relative);
    if (old && this.isUnchanged(file, old)) {
      this.unchanged.push(relative);
      if (this.sparse) return;
      this.ensureDir(target);
      if (linkOrCopy(old, target)) return;
      this.unchanged.pop();
    }
    this.ensureDir(target);
    fs.writeFileSync(target, 'kept' in file ? file.render() : file.contents);
    this.written++;
    if (old) this.changed.push(relative);
  }

  async finish(): Promise<void> {}

  async abort(): Promise<void> {}

  /** Links every unchanged file into the staging folder, which then holds the whole site. */
  completeStaging(): void {
    for (const relative of this.unchanged) {
      const target = path.join(this.staging, relative);
      this.ensureDir(target);
      linkOrCopy(path.join(this.previous!, relative), target);
    }
  }

  private isUnchanged(file: OutputFile | KeptFile, old: string): boolean {
    if ('kept' in file) return this.sparse || fs.existsSync(old);
    return sameBytes(old, file.contents);
  }

  private ensureDir(target: string): void {
    const dir = path.dirname(target);
    if (this.made.has(dir)) return;
    fs.mkdirSync(dir, { recursive: true });
    if (this.made.size >= MADE_LIMIT) this.made.clear();
    this.made.add(dir);
  }
}

function sameBytes(file: string, contents: string | Buffer): boolean {
  let old: Buffer;
  try {
    old = fs.readFileSync(file);
  } catch {
    return false;
  }
  const bytes = typeof contents === 'string' ? Buffer.from(contents, 'utf8') : contents;
  return old.equals(bytes);
}

/** False when there is no previous copy; copies where the file system has no hard links. */
function linkOrCopy(from: string, to: string): boolean {
  try {
    fs.linkSync(from, to);
    return true;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return false;
    if (code === 'EXDEV' || code === 'EPERM' || code === 'EMLINK' || code === 'ENOTSUP') {
      fs.copyFileSync(from, to);
      return true;
    }
    throw err;
  }
}
