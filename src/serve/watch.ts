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
  const emit = (file: string) => {
    const changes = emptyChangeSet();
    if (classifyChange(changes, file, where)) onChange(changes);
  };
  // Started first: while it watches, chokidar leaves it the files directly in the posts folder.
  const postsFolder = new FolderWatch(where.postsDir, emit, onError);
  const watcher: FSWatcher = watch(roots, {
    ignoreInitial: true,
    ignored: (file, stats) =>
      !isOnTheWay(file, targets) ||
      /(^|[/\\])\.[^/\\]/.test(file.slice(commonRoot(file, where).length)) ||
      (stats?.isFile() === true && postsFolder.watching && path.dirname(file) === where.postsDir),
    // Our own quiet period (ChangeQueue) waits for writes to end; chokidar's awaitWriteFinish polls each file.
    awaitWriteFinish: false,
  });
  watcher.on('all', (event, file) => {
    // The posts folder gone, or made again: its own watch stops with it, and starts again (the
    // change to the folder has its posts read again, so none put there meanwhile is missed).
    if (file === where.postsDir && event === 'unlinkDir') postsFolder.stop();
    if (file === where.postsDir && event === 'addDir') postsFolder.start();
    emit(file);
  });
  watcher.on('error', (err) => onError(err as Error));
  await new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
  return {
    close: async () => {
      postsFolder.stop();
      await watcher.close();
    },
  };
}

/**
 * The posts folder watched with fs.watch, which names each file added, changed or removed in it
 * (not below it) at once. chokidar learns of an added file by re-reading its whole folder (0.5 s
 * for a folder of 20,000 posts), and watches each file with a watch of its own: 1.7 s of dev's start
 * at 20,000 posts, and one of the user's inotify watches per post (a per-user limit: 8,192 by
 * default before Linux 5.11). A watch that fails is reported and dropped: chokidar takes the files back.
 */
class FolderWatch {
  private watcher?: fs.FSWatcher;

  constructor(
    private readonly dir: string,
    private readonly emit: (file: string) => void,
    private readonly onError: (err: Error) => void,
  ) {
    this.start();
  }

  get watching(): boolean {
    return this.watcher !== undefined;
  }

  start(): void {
    this.stop();
    try {
      const watcher = fs.watch(this.dir, (_event, name) => {
        if (name && !name.startsWith('.')) this.emit(path.join(this.dir, name));
      });
      watcher.on('error', (err) => {
        this.stop();
        this.onError(err);
      });
      this.watcher = watcher;
    } catch {
      // No folder yet: chokidar watches its files when it comes.
    }
  }

  stop(): void {
    this.watcher?.close();
    this.watcher = undefined;
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
