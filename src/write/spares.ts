// Spare files: the files a sparse commit replaced, kept for the next sparse build to write its
// changed files into. Making a file costs a file system more than writing over one: on the disk of
// the thirty-seventh round's machine (ext4), making 1,222 files took 1.0 s of kernel time where
// writing over as many took 0.1 s, and a post added to a 20,000-post site changes that many (every
// home page shifts). A commit moves each replaced file aside before it moves the new one in (see
// journal.ts); once the commit is done those files are spares.
//
// A spare was a page of the site until that commit, and a reader may still hold it open: a server
// that caches open files (nginx's `open_file_cache` checks its files' names again every 60 s by
// default), a copy under way. Written over, it would show that reader another page's bytes. So a
// spare is written over only once it has rested since it was set aside (the rename that set it
// aside is its last change time); a fresher one is deleted, which leaves any reader its bytes.
import fs from 'node:fs';
import path from 'node:path';
import { stagedChangesFolder } from './staging.js';

/**
 * Moves the spares into the staging folder, to the place of the changed files (see stagedChange):
 * the n-th changed file is written over the n-th spare, if there is one (see writeOverSpare).
 * Spares that cannot be moved there (another file system) are dropped.
 */
export function adoptSpares(spares: string, staging: string): void {
  try {
    if (fs.lstatSync(spares).isDirectory()) return void fs.renameSync(spares, stagedChangesFolder(staging));
  } catch {
    // None, or on another file system: dropped below.
  }
  fs.rmSync(spares, { recursive: true, force: true });
}

/**
 * Keeps the files a commit moved aside (`aside`, numbered from 0 as the staging folder's changed
 * files are) and the spares it did not use (`unused`, where the used ones are gone) as the next
 * build's spares. The larger set stays where it is and takes in the other's files at the numbers
 * it lacks: an edit between two added posts leaves the second add as many spares as the first had,
 * for a few renames (a file renamed so rests again: the rename is its last change). What is not
 * kept stays where it was, for the caller to delete. So the spares are at most as many as the
 * files of the largest commit of few changes: a quarter of the site's.
 */
export function keepAsSpares(aside: string, unused: string, spares: string): void {
  try {
    const [asideNames, unusedNames] = [namesIn(aside), namesIn(unused)];
    const [into, from, fromNames, intoNames] = asideNames.length >= unusedNames.length ? [aside, unused, unusedNames, asideNames] : [unused, aside, asideNames, unusedNames];
    const taken = new Set(intoNames);
    for (const name of fromNames) if (!taken.has(name)) fs.renameSync(path.join(from, name), path.join(into, name));
    fs.rmSync(spares, { recursive: true, force: true });
    fs.renameSync(into, spares);
  } catch {
    // Not kept (another file system): the caller deletes them.
  }
}

const namesIn = (folder: string): string[] => (fs.existsSync(folder) ? fs.readdirSync(folder) : []);

/** How long a spare rests after it was set aside before it is written over: twice nginx's check. */
const REST_MS = 120_000;

/** `NEWSARCHIVE_SPARE_REST_MS` overrides the rest: internal, so tests can write over the spares they just made. */
export function spareRestMs(env: NodeJS.ProcessEnv = process.env): number {
  const ms = Number(env.NEWSARCHIVE_SPARE_REST_MS);
  return env.NEWSARCHIVE_SPARE_REST_MS && Number.isFinite(ms) && ms >= 0 ? ms : REST_MS;
}

/**
 * What a spare must be to be written over: what a file made in the staging folder would be
 * besides its bytes (its owner, group and permissions), and set aside no later than `setAsideBy`
 * (ms since the epoch).
 */
export interface SpareFit {
  uid: number;
  gid: number;
  mode: number;
  setAsideBy: number;
}

/**
 * The fit for spares in `folder`, a folder this process has just made with the default mode: the
 * umask cut that mode as it cuts a new file's, and a file takes its folder's group where the
 * folder's parent passes its own on.
 */
export function spareFit(folder: string, now = Date.now()): SpareFit {
  const stats = fs.statSync(folder);
  return { uid: stats.uid, gid: stats.gid, mode: stats.mode & 0o666, setAsideBy: now - spareRestMs() };
}

/**
 * Writes `contents` over the spare at `file` and gives its stats as written, when the spare has
 * rested (see above) and is, but for its bytes and times, what a new file would be: a regular file
 * with no other name (a file of the site linked elsewhere by hand, or by a deploy tool, is never
 * written into) and a new file's owner, group and mode. Otherwise undefined, and nothing is at
 * `file` any more: the caller makes a new file there.
 */
export function writeOverSpare(file: string, contents: string | Buffer, fit: SpareFit): fs.Stats | undefined {
  let fd: number;
  try {
    fd = fs.openSync(file, fs.constants.O_WRONLY | fs.constants.O_NOFOLLOW);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') fs.rmSync(file, { recursive: true, force: true });
    return undefined;
  }
  try {
    const spare = fs.fstatSync(fd);
    if (spare.isFile() && spare.nlink === 1 && spare.ctimeMs <= fit.setAsideBy && spare.uid === fit.uid && spare.gid === fit.gid && (spare.mode & 0o7777) === fit.mode) {
      fs.ftruncateSync(fd, 0);
      fs.writeFileSync(fd, contents);
      return fs.fstatSync(fd);
    }
  } finally {
    fs.closeSync(fd);
  }
  fs.rmSync(file, { force: true });
  return undefined;
}
