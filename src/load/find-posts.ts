// Which files under the posts folder are posts.
import fs from 'node:fs';
import path from 'node:path';
import type { Diagnostic } from '../diagnostics.js';
import { isPostFile } from './filename.js';

/** A post file found on disk. */
export interface PostFile {
  /** Absolute path. */
  absolutePath: string;
  /** Relative to the site root, forward slashes. */
  sourcePath: string;
  isInDraftsFolder: boolean;
}

/** Every `*.md` and `*.markdown` below `postsDir`, recursively, sorted; hidden entries are skipped. */
export function findPostFiles(root: string, postsDir: string, problems: Diagnostic[]): PostFile[] {
  const found: PostFile[] = [];
  const start = path.resolve(root, postsDir);
  if (!fs.existsSync(start)) {
    problems.push({ severity: 'error', file: toSitePath(root, start), message: 'the posts folder does not exist', hint: 'create it, or pass --posts DIR' });
    return found;
  }
  // Real paths of the folders entered so far: a symlink loop is entered once, then reported.
  const visited = new Set<string>();
  // Links may point anywhere in the site or the posts folder, but not out of both: a post from
  // many hands must not publish ~/.ssh or /etc through a symlink.
  const allowedRoots = [realOrSelf(root), realOrSelf(start)];
  // `siteDir`: `dir` as diagnostics print it, so each file's is one concatenation, not a path.relative.
  const walk = (dir: string, siteDir: string, isDrafts: boolean) => {
    let real: string;
    let entries: fs.Dirent[];
    try {
      real = fs.realpathSync(dir);
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (err) {
      problems.push({ severity: 'error', file: siteDir, message: `cannot read this folder: ${(err as NodeJS.ErrnoException).code ?? err}` });
      return;
    }
    if (visited.has(real)) {
      problems.push({ severity: 'warning', file: siteDir, message: 'skipped: this folder links back to one already read (a symlink loop)' });
      return;
    }
    visited.add(real);
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const full = childPath(dir, entry.name);
      const sitePath = siteDir ? `${siteDir}/${entry.name}` : entry.name;
      if (entry.isSymbolicLink() && !isInside(realOrSelf(full), allowedRoots)) {
        problems.push({ severity: 'warning', file: sitePath, message: 'skipped: a symbolic link to somewhere outside the site and the posts folder' });
        continue;
      }
      const kind = entryKind(full, entry);
      if (kind === 'dir') walk(full, sitePath, isDrafts || entry.name === '_drafts');
      else if (kind === 'file' && isPostFile(entry.name)) {
        found.push({ absolutePath: full, sourcePath: sitePath, isInDraftsFolder: isDrafts });
      } else if (kind === 'broken') {
        problems.push({ severity: 'warning', file: sitePath, message: 'skipped: a symbolic link to nothing' });
      }
    }
  };
  walk(start, toSitePath(root, start), false);
  return found.sort((a, b) => (a.sourcePath < b.sourcePath ? -1 : a.sourcePath > b.sourcePath ? 1 : 0));
}

// `dir` is already absolute and normalized, and a folder entry's name holds no separator: a
// concatenation gives what path.join would, without normalizing 20,000 paths again (0.05 s).
const childPath = (dir: string, name: string) => (dir.endsWith(path.sep) ? dir + name : dir + path.sep + name);

function realOrSelf(p: string): string {
  try {
    return fs.realpathSync(p);
  } catch {
    return p;
  }
}

function isInside(target: string, roots: string[]): boolean {
  return roots.some((r) => target === r || target.startsWith(r.endsWith(path.sep) ? r : r + path.sep));
}

function entryKind(full: string, entry: fs.Dirent): 'dir' | 'file' | 'broken' | 'other' {
  if (entry.isDirectory()) return 'dir';
  if (entry.isFile()) return 'file';
  if (!entry.isSymbolicLink()) return 'other';
  try {
    const stat = fs.statSync(full);
    return stat.isDirectory() ? 'dir' : stat.isFile() ? 'file' : 'other';
  } catch {
    return 'broken';
  }
}

/** A path relative to the site root with forward slashes, as diagnostics print it. */
export function toSitePath(root: string, absolutePath: string): string {
  return path.relative(root, absolutePath).split(path.sep).join('/');
}
