// Telling whether each file of the output folder is still as the last build left it, by `stat`
// alone: a file deleted or changed by hand since is made again, as a cold build would make it.
// (The worker bundle's record stamps the files it was made from the same way: see
// parallel/worker-script.ts.)
import fs from 'node:fs';

/**
 * Numbers per stamp: size, modification time, inode. Not the change time: carrying an unchanged
 * file over as a hard link moves it. A file changed by hand keeps its stamp only if it keeps its
 * size and is changed within the clock tick of the build's write (git's "racy clean" case).
 */
export const STAMP_NUMBERS = 3;

/** Stamps of files by path: each path's numbers at `STAMP_NUMBERS * i` of `numbers`. */
export interface StampList {
  paths: string[];
  numbers: number[];
}

/** Adds `relative`'s stamp, read from `stats`, to `list`. */
export function addStamp(list: StampList, relative: string, stats: fs.Stats): void {
  list.paths.push(relative);
  list.numbers.push(stats.size, stats.mtimeMs, stats.ino);
}

/** True when `stats` (undefined: the file is gone) match the stamp at `numbers[at]`. */
export function sameStamp(stats: fs.Stats | undefined, numbers: ArrayLike<number>, at: number): boolean {
  return stats !== undefined && stats.size === numbers[at] && stats.mtimeMs === numbers[at + 1] && stats.ino === numbers[at + 2];
}

/** The file's own stats (a link's, not its target's); undefined when it is gone, or a folder on its path is no longer one. */
export function statOf(file: string): fs.Stats | undefined {
  try {
    // Gone is the usual answer for a file deleted by hand: no error made and thrown for it.
    return fs.lstatSync(file, { throwIfNoEntry: false });
  } catch {
    return undefined;
  }
}

/** The files of a previous build and their stamps, in the same order. */
export interface StampedFiles {
  files: ReadonlySet<string>;
  stamps: Float64Array;
}

/** Where each path's stamp starts in stamps laid out in the order of `paths`. */
export function stampOffsets(paths: Iterable<string>): Map<string, number> {
  const at = new Map<string, number>();
  let offset = 0;
  for (const relative of paths) {
    at.set(relative, offset);
    offset += STAMP_NUMBERS;
  }
  return at;
}

/**
 * The stamps of `paths`, in their order: a file placed this build has the stamp the placer took,
 * any other the one `previous` recorded (the placer left it as it was). NaN where neither is
 * known: the next build takes such a file as changed.
 */
export function stampsOf(paths: readonly string[], placed: StampList, previous: StampedFiles | undefined): Float64Array {
  const stamps = new Float64Array(paths.length * STAMP_NUMBERS).fill(NaN);
  const at = stampOffsets(paths);
  const copy = (relative: string, from: ArrayLike<number>, start: number) => {
    const to = at.get(relative);
    if (to !== undefined) for (let k = 0; k < STAMP_NUMBERS; k++) stamps[to + k] = from[start + k];
  };
  if (previous) {
    let start = 0;
    for (const relative of previous.files) {
      copy(relative, previous.stamps, start);
      start += STAMP_NUMBERS;
    }
  }
  for (let i = 0; i < placed.paths.length; i++) copy(placed.paths[i], placed.numbers, i * STAMP_NUMBERS);
  return stamps;
}
