// The files of a folder tree, named as the site names them: the one walk the write stage, the
// search index and the dev server share.
import fs from 'node:fs';
import path from 'node:path';

/** A file found under a folder: its path relative to that folder, with `/` between names, and its full path. */
export interface FileUnder {
  relative: string;
  full: string;
}

/** Every entry under `root` that is not a folder (a symlink counts as a file here); none when `root` does not exist. */
export function filesUnder(root: string): FileUnder[] {
  if (!fs.existsSync(root)) return [];
  const files: FileUnder[] = [];
  for (const entry of fs.readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (entry.isDirectory()) continue;
    const full = path.join(entry.parentPath, entry.name);
    files.push({ relative: path.relative(root, full).split(path.sep).join('/'), full });
  }
  return files;
}
