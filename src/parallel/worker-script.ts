// Which file a load-and-clean worker runs (worker-entry.ts decides, on the worker's own thread): its
// modules, or the same code bundled into one file (bundle-worker.ts), when that bundle was made
// from the files as they are now.
//
// A fresh thread spends most of its start importing the stages: some 175 files (cheerio,
// htmlparser2, markdown-it, gray-matter and js-yaml with theirs, and ours), each resolved, read
// and compiled on its own. One file of the same code starts faster (see the README's "Build
// speed"), on every build that cleans posts and in dev mode.
import fs from 'node:fs';
import path from 'node:path';

/** The bundle's file name, beside the worker module. */
export const BUNDLE_FILE = 'worker.bundle.js';
/** What the bundle was made from, with each file's stamp (see `BundleRecord`). */
export const RECORD_FILE = 'worker.bundle.json';

/** A file's stamp: size, modification time and inode, as the output check and the post cache take them. */
export type FileStamp = [relative: string, size: number, mtimeMs: number, ino: number];

/**
 * The bundle and every file it was made from (the modules and the packages' files, paths relative
 * to `root`), stamped when it was made. A file recompiled, edited or reinstalled since gets another
 * stamp (reinstalled packages keep their files' sizes and times, not their inodes): then the
 * bundle is stale and the modules run instead.
 */
export interface BundleRecord {
  files: FileStamp[];
}

/** True when `dir` has a bundle whose record matches the stamp of every file it lists (the bundle's own among them). */
export function bundleHolds(dir: string): boolean {
  // A record that cannot be read, or not as a record, vouches for nothing: the modules run.
  try {
    const { files } = JSON.parse(fs.readFileSync(path.join(dir, RECORD_FILE), 'utf8')) as BundleRecord;
    const root = rootOf(dir);
    return files.some(([file]) => file === bundlePath(dir)) && files.every((stamp) => sameStamp(root, stamp));
  } catch {
    return false;
  }
}

/** The stamp of `relative` under `root` now; undefined when it is gone. */
export function stampOf(root: string, relative: string): FileStamp | undefined {
  const stats = fs.statSync(path.join(root, relative), { throwIfNoEntry: false });
  return stats && [relative, stats.size, stats.mtimeMs, stats.ino];
}

function sameStamp(root: string, [relative, size, mtimeMs, ino]: FileStamp): boolean {
  const now = stampOf(root, relative);
  return now !== undefined && now[1] === size && now[2] === mtimeMs && now[3] === ino;
}

/** Where the record's paths start: the package's root, two folders up from the worker's (`lib/parallel`). */
export const rootOf = (dir: string): string => path.resolve(dir, '..', '..');

/** The bundle's path as the record lists it. */
export const bundlePath = (dir: string): string => path.relative(rootOf(dir), path.join(dir, BUNDLE_FILE));
