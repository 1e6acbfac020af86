// chokidar, the only file watcher: events on the site's inputs become change sets.
import { watch, type FSWatcher } from 'chokidar';
import { classifyChange, emptyChangeSet, type ChangeSet, type WatchedPaths } from './changes.js';
import { isHiddenBelow, isOnTheWay, nearestExisting } from './watch-paths.js';
import { watchPosts } from './watch-posts.js';

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
    ignored: (file) => !isOnTheWay(file, targets) || isHiddenBelow(where.templatesDir, file) || isHiddenBelow(where.publicDir, file),
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
