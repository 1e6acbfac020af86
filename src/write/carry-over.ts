// Placing one file in the staging folder: unchanged files are hard links to the previous build's copy.
import fs from 'node:fs';
import type { KeptFile, OutputFile } from '../types.js';

/** How a file got into the staging folder. */
export type Placed = 'linked' | 'written';

/**
 * Puts `file` at `target` (a path not yet taken in the staging folder). A kept file, or one whose
 * bytes equal the previous copy at `previous`, becomes a hard link to that copy: no bytes are
 * written and the copy keeps its modification time, so deploy tools see it as unchanged.
 */
export function placeFile(file: OutputFile | KeptFile, target: string, previous: string | undefined): Placed {
  if ('kept' in file) {
    if (previous && linkOrCopy(previous, target)) return 'linked';
    fs.writeFileSync(target, file.render());
    return 'written';
  }
  if (previous && sameBytes(previous, file.contents) && linkOrCopy(previous, target)) return 'linked';
  fs.writeFileSync(target, file.contents);
  return 'written';
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
