// chokidar, the only file watcher: events on the site's inputs become change sets.
import path from 'node:path';
import { watch, type FSWatcher } from 'chokidar';
import { classifyChange, emptyChangeSet, type ChangeSet, type WatchedPaths } from './changes.js';
import { nearestExisting, watchPosts } from './watch-posts.js';

/** A running watcher. */
export interface SiteWatcher {
  close(): Promise<void>;
}

/**
 * Watches the posts, templates, public folder and config file; resolves once the initial scan is
 * done, so no change made after it is missed. Hidden files (editors' swap files) are ignored.
 */
export async function watchSite(where: WatchedPaths, onChange: (changes: ChangeSet) => void, onError: (err: Error) => void): Promise<SiteWatcher> {
  const emit = (file: string) => {
    const changes = emptyChangeSet();
    if (classifyChange(changes, file, where)) onChange(changes);
  };
  const posts = await watchPosts(where.postsDir, emit, onError);
  const targets = [where.templatesDir, where.publicDir, where.configFile];
  // chokidar 5 goes deaf when asked to watch a path that does not exist yet, so a missing
  // templates/ or config is watched through its nearest existing folder, filtered down to it.
  const roots = [...new Set(targets.map(nearestExisting))];
  const watcher: FSWatcher = watch(roots, {
    ignoreInitial: true,
    // Only the way to these targets: the posts folder has a watch of its own (watchPosts).
    ignored: (file) => !isOnTheWay(file, targets) || /(^|[/\\])\.[^/\\]/.test(file.slice(commonRoot(file, where).length)),
    // Our own quiet period (ChangeQueue) waits for writes to end; chokidar's awaitWriteFinish polls each file.
    awaitWriteFinish: false,
  });
  watcher.on('all', (_event, file) => emit(file));
  watcher.on('error', (err) => onError(err as Error));
  await new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
  return {
    close: async () => {
      await Promise.all([posts.close(), watcher.close()]);
    },
  };
}

/** True for a target, a path inside one, or a folder on the way to one. */
function isOnTheWay(file: string, targets: string[]): boolean {
  return targets.some((t) => file === t || file.startsWith(t + path.sep) || t.startsWith(file + path.sep));
}

/** The watched root a path is under, so dots in the site's own path (`/home/me/.sites/x`) do not count. */
function commonRoot(file: string, where: WatchedPaths): string {
  for (const dir of [where.templatesDir, where.publicDir]) if (file.startsWith(dir)) return dir;
  return file === where.configFile ? file : '';
}
