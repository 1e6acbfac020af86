// One build of a site at a time. Two at once would each stage and commit their pages into the same
// output folder and replace each other's cache index and output record: the folder could end up
// with pages of both and a record matching neither, and later rebuilds, which write only what
// changed, would keep the mix. As with git's index.lock, a second build stops at once and says
// why; unlike git, it takes over a lock whose build has died.
import fs from 'node:fs';
import path from 'node:path';
import { BuildError } from '../diagnostics.js';
import { isAnotherProcess, isRunning } from './processes.js';

const LOCK = 'build.lock';

/** A lock being written (created, its pid not yet in it) is this young at most: an empty older one is a dead build's. */
const WRITING_MS = 5000;

/** The locks this process holds. One with this process's pid but not held here was left by a dead build whose pid this one got (a container's, say). */
const heldHere = new Set<string>();

/**
 * Takes the build lock in the cache folder `cacheDir` of the site at `root`, and returns its
 * release. Throws a BuildError naming the lock file when a running build holds it.
 */
export function lockBuild(cacheDir: string, root: string): () => void {
  const file = path.join(cacheDir, LOCK);
  fs.mkdirSync(cacheDir, { recursive: true });
  for (let attempt = 1; ; attempt++) {
    try {
      fs.writeFileSync(file, `${process.pid}\n`, { flag: 'wx' });
      heldHere.add(file);
      return () => {
        heldHere.delete(file);
        fs.rmSync(file, { force: true });
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const holder = holderOf(file);
    // A dead build's lock is taken over, once: a lock found again right after is another build's, just begun.
    if (holder === 'stale' && attempt === 1) {
      removeIfStale(file);
      continue;
    }
    const by = typeof holder === 'number' ? ` (process ${holder})` : '';
    throw new BuildError('another build of this site is running', [
      { severity: 'error', file: path.relative(root, file).split(path.sep).join('/'), message: `another build of this site is running${by}; this one stopped before writing anything`, hint: 'build again when it is done; if no build is running, delete this file' },
    ]);
  }
}

/**
 * Deletes the lock at `file` if it is still a dead build's. Two builds that found it dead at once
 * would otherwise both delete "it", the second deleting the lock the first had just taken, and both
 * run: deleting takes a claim first (`build.lock.takeover`, made with O_EXCL), and the lock is judged
 * again under it. No build makes a lock while a dead one is there, so the one judged is the one
 * deleted. A claim left by a build that died holding it (it holds it for a moment) goes once it is old.
 */
function removeIfStale(file: string): void {
  const claim = `${file}.takeover`;
  try {
    fs.writeFileSync(claim, `${process.pid}\n`, { flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    if (ageOf(claim) > WRITING_MS) fs.rmSync(claim, { force: true });
    // Another build is deleting it; the next attempt finds what it left.
    return;
  }
  try {
    if (holderOf(file) === 'stale') fs.rmSync(file, { force: true });
  } finally {
    fs.rmSync(claim, { force: true });
  }
}

function ageOf(file: string): number {
  try {
    return Date.now() - fs.statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}

/** The pid of the running build holding the lock ('held' while its pid is being written), or 'stale' when that build is gone. */
function holderOf(file: string): number | 'held' | 'stale' {
  let text: string;
  let age: number;
  try {
    text = fs.readFileSync(file, 'utf8');
    age = Date.now() - fs.statSync(file).mtimeMs;
  } catch {
    // Released meanwhile.
    return 'stale';
  }
  const pid = Number(text.trim());
  if (!text.trim() || !Number.isInteger(pid)) return age < WRITING_MS ? 'held' : 'stale';
  const running = pid === process.pid ? heldHere.has(file) : isAnotherProcess(pid) && isRunning(pid);
  return running ? pid : 'stale';
}
