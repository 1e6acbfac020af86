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
import { sameStamp, STAMP_NUMBERS, statOf, type StampList } from '../write/output-stamps.js';

/** The bundle's file name, beside the worker module. */
export const BUNDLE_FILE = 'worker.bundle.js';
/** What the bundle was made from, with each file's stamp (see `BundleRecord`). */
export const RECORD_FILE = 'worker.bundle.json';

/**
 * The record: the bundle and every file it was made from (the modules and the packages' files,
 * paths relative to the package's root), each with its stamp when it was made, as the output
 * folder's files are stamped (size, modification time, inode: see output-stamps.ts). A file
 * recompiled, edited or reinstalled since has another stamp (reinstalled packages keep their files'
 * sizes and times, not their inodes): then the bundle is stale and the modules run instead.
 */
export type BundleRecord = StampList;

/** True when `dir` has a bundle whose record matches the stamp of every file it lists (the bundle's own among them). */
export function bundleHolds(dir: string): boolean {
  // A record that cannot be read, or not as a record, vouches for nothing: the modules run.
  try {
    const { paths, numbers } = JSON.parse(fs.readFileSync(path.join(dir, RECORD_FILE), 'utf8')) as BundleRecord;
    const root = rootOf(dir);
    return paths.includes(bundlePath(dir)) && paths.every((file, i) => sameStamp(statOf(path.join(root, file)), numbers, i * STAMP_NUMBERS));
  } catch {
    return false;
  }
}

/** Where the record's paths start: the package's root, two folders up from the worker's (`lib/parallel`). */
export const rootOf = (dir: string): string => path.resolve(dir, '..', '..');

/** The bundle's path as the record lists it. */
export const bundlePath = (dir: string): string => path.relative(rootOf(dir), path.join(dir, BUNDLE_FILE));
