// Paths as the watchers see them: where to watch from, what is on the way, what is hidden.
import fs from 'node:fs';
import path from 'node:path';

/** `file`, or its nearest folder that exists: chokidar 5 goes deaf on a path that does not exist yet. */
export function nearestExisting(file: string): string {
  let current = file;
  while (!fs.existsSync(current) && path.dirname(current) !== current) current = path.dirname(current);
  return current;
}

/** True for a target, a path inside one, or a folder on the way to one. */
export function isOnTheWay(file: string, targets: string[]): boolean {
  return targets.some((t) => file === t || file.startsWith(t + path.sep) || t.startsWith(file + path.sep));
}

/**
 * True when `file` lies inside `root` under a name starting with a dot (an editor's swap file,
 * `.git`). Only names below `root` count, so a site in `/home/me/.sites/x` is not hidden.
 */
export function isHiddenBelow(root: string, file: string): boolean {
  const relative = path.relative(root, file);
  return !relative.startsWith('..') && !path.isAbsolute(relative) && /(^|[/\\])\.[^/\\]/.test(relative);
}
