// The posts folder watched without anything reading it whole: it may hold 100,000 files.
import fs from 'node:fs';
import path from 'node:path';
import { watch, type FSWatcher } from 'chokidar';
import { isHiddenBelow, nearestExisting } from './watch-paths.js';

/** A running watch of the posts folder. */
export interface PostsWatch {
  close(): Promise<void>;
}

/**
 * Reports each path added, changed or removed in or below the posts folder, and the folder itself
 * when it comes or goes, to `emit`. Hidden files and folders are left out.
 *
 * chokidar, given the folder, re-reads it whole on every change in it, with an `lstat` of each
 * entry: 0.2-0.4 s of the main thread for each saved post at 20,000 posts, 1.3 s at 100,000. It also
 * gives each file an inotify watch of its own (a per-user limit: 8,192 by default before Linux
 * 5.11). So the folder is watched in three parts:
 * - the files in it by `fs.watch`, which names each one as it changes;
 * - the folders in it by chokidar, which follows their trees; `fs.watch` names each folder made
 *   or removed, which is then watched or dropped;
 * - its own coming and going by chokidar, watching the way to it and stopping short of it.
 * Resolves once all three watch, so no change made after it is missed.
 */
export async function watchPosts(postsDir: string, emit: (file: string) => void, onError: (err: Error) => void): Promise<PostsWatch> {
  const subfolders = new Set<string>();
  // `atomic` off: chokidar would hold each deletion back 100 ms (to tell an editor's save by rename
  // from a deletion), so a post moved out of a subfolder (a draft published) was seen at its new
  // path first, both copies at once, with a false "two posts have the URL" error. Our own quiet
  // period (ChangeQueue) takes a save's deletion and re-creation together.
  const below = watch([], { ignoreInitial: true, ignored: (file) => isHiddenBelow(postsDir, file), awaitWriteFinish: false, atomic: false });
  below.on('all', (_event, file) => emit(file));
  below.on('error', (err) => onError(err as Error));

  /** Watches a folder made in the posts folder, drops one removed; one `stat` per reported name. */
  const follow = (entry: string) => {
    const isFolder = fs.statSync(entry, { throwIfNoEntry: false })?.isDirectory() === true;
    if (isFolder && !subfolders.has(entry)) {
      subfolders.add(entry);
      below.add(entry);
    } else if (!isFolder && subfolders.delete(entry)) {
      below.unwatch(entry);
    }
  };
  const folder = new FolderWatch(
    postsDir,
    (entry) => {
      emit(entry);
      follow(entry);
    },
    (err) => {
      // Reported, and the folder handed to chokidar, with the cost above.
      onError(err);
      below.add(postsDir);
    },
  );
  const watchFolder = () => {
    folder.start();
    for (const entry of foldersIn(postsDir)) follow(entry);
  };
  const dropFolder = () => {
    folder.stop();
    below.unwatch([...subfolders]);
    subfolders.clear();
  };

  // The folder's own watch ends with it; when it is made again, all three start over (the folder
  // itself is reported, so its posts are all read again and none put there meanwhile is missed).
  const way = watchTheWayTo(postsDir, (event) => {
    if (event === 'addDir') watchFolder();
    if (event === 'unlinkDir') dropFolder();
    emit(postsDir);
  }, onError);

  watchFolder();
  // chokidar is ready once what it was given is read: with nothing given yet, it never says so.
  await Promise.all([ready(way), subfolders.size ? ready(below) : undefined]);
  return {
    close: async () => {
      folder.stop();
      await Promise.all([below.close(), way.close()]);
    },
  };
}

/** The non-hidden folders (and links to folders) directly in `dir`; none when it is missing. */
function foldersIn(dir: string): string[] {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.filter((e) => !e.name.startsWith('.') && (e.isDirectory() || e.isSymbolicLink())).map((e) => path.join(dir, e.name));
}

/**
 * chokidar on the nearest existing folder above `target`, reading no deeper than the folder that
 * holds it: `target` made or removed is reported, what is in it is never read.
 */
function watchTheWayTo(target: string, onTarget: (event: string) => void, onError: (err: Error) => void): FSWatcher {
  const root = nearestExisting(path.dirname(target));
  const levelsDown = path.relative(root, target).split(path.sep).length;
  const watcher = watch(root, {
    ignoreInitial: true,
    depth: levelsDown - 1,
    ignored: (file) => file !== root && file !== target && !target.startsWith(file + path.sep),
  });
  watcher.on('all', (event, file) => {
    if (file === target) onTarget(event);
  });
  watcher.on('error', (err) => onError(err as Error));
  return watcher;
}

function ready(watcher: FSWatcher): Promise<void> {
  return new Promise((resolve) => watcher.once('ready', () => resolve()));
}

/** `fs.watch` on one folder: each file added, changed or removed in it (not below it), by name. */
class FolderWatch {
  private watcher?: fs.FSWatcher;

  constructor(
    private readonly dir: string,
    private readonly onEntry: (entry: string) => void,
    private readonly onError: (err: Error) => void,
  ) {}

  start(): void {
    this.stop();
    try {
      const watcher = fs.watch(this.dir, (_event, name) => {
        if (name && !name.startsWith('.')) this.onEntry(path.join(this.dir, name));
      });
      watcher.on('error', (err) => {
        this.stop();
        this.onError(err);
      });
      this.watcher = watcher;
    } catch {
      // No folder yet: the watch of the way to it starts this one when it comes.
    }
  }

  stop(): void {
    this.watcher?.close();
    this.watcher = undefined;
  }
}
