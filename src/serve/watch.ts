// chokidar, the only file watcher: events on the site's inputs become change sets.
import fs from 'node:fs';
import path from 'node:path';
import { watch, type FSWatcher } from 'chokidar';
import { classifyChange, emptyChangeSet, type ChangeSet, type WatchedPaths } from './changes.js';

/** A running watcher. */
export interface SiteWatcher {
  close(): Promise<void>;
}

/**
 * Watches the posts, templates, public folder and config file; resolves once the initial scan is
 * done, so no change made after it is missed. Hidden files (editors' swap files) are ignored.
 */
export async function watchSite(where: WatchedPaths, onChange: (changes: ChangeSet) => void, onError: (err: Error) => void): Promise<SiteWatcher> {
  const targets = [where.postsDir, where.templatesDir, where.publicDir, where.configFile];
  // chokidar 5 goes deaf when asked to watch a path that does not exist yet, so a missing
  // templates/ or config is watched through its nearest existing folder, filtered down to it.
  const roots = [...new Set(targets.map(nearestExisting))];
  const watcher: FSWatcher = watch(roots, {
    ignoreInitial: true,
    ignored: (file) => !isOnTheWay(file, targets) || /(^|[/\\])\.[^/\\]/.test(file.slice(commonRoot(file, where).length)),
    // Our own quiet period (ChangeQueue) waits for writes to end; chokidar's awaitWriteFinish polls each file.
    awaitWriteFinish: false,
  });
  const emit = (file: string) => {
    const changes = emptyChangeSet();
    if (classifyChange(changes, file, where)) onChange(changes);
  };
  watcher.on('all', (_event, file) => emit(file));
  watcher.on('error', (err) => onError(err as Error));
  await new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
  const fast = watchFolderItself(where.postsDir, emit);
  return {
    close: async () => {
      fast?.close();
      await watcher.close();
    },
  };
}

/**
 * chokidar learns of an added file by re-reading its whole folder: 0.5 s for a folder of 20,000
 * posts. The posts folder itself is also watched with fs.watch, which names the file at once;
 * the two reports of one change fold into one rebuild.
 */
function watchFolderItself(dir: string, emit: (file: string) => void): fs.FSWatcher | undefined {
  try {
    const watcher = fs.watch(dir, (_event, name) => {
      if (name && !name.startsWith('.')) emit(path.join(dir, name));
    });
    watcher.on('error', () => watcher.close());
    return watcher;
  } catch {
    return undefined;
  }
}

function nearestExisting(file: string): string {
  let current = file;
  while (!fs.existsSync(current) && path.dirname(current) !== current) current = path.dirname(current);
  return current;
}

/** True for a target, a path inside one, or a folder on the way to one. */
function isOnTheWay(file: string, targets: string[]): boolean {
  return targets.some((t) => file === t || file.startsWith(t + path.sep) || t.startsWith(file + path.sep));
}

/** The watched root a path is under, so dots in the site's own path (`/home/me/.sites/x`) do not count. */
function commonRoot(file: string, where: WatchedPaths): string {
  for (const dir of [where.postsDir, where.templatesDir, where.publicDir]) if (file.startsWith(dir)) return dir;
  return file === where.configFile ? file : '';
}
