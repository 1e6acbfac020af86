// Committing a rebuild that changed few files: move just those into the live site, with a journal
// that lets the next build put the previous site back if this one is killed half way.
import fs from 'node:fs';
import path from 'node:path';
import { keepAsSpares } from './spares.js';
import { removeTree, stagedChangesFolder } from './staging.js';

/** What a journaled commit does, written down before it starts. */
interface Journal {
  /** Files taken from the staging folder (new or replacing the live copy). */
  changed: string[];
  /** Live files that the new site no longer has. */
  removed: string[];
  /** 2: files kept aside in one flat folder (see `asideOf`); absent: in a copy of the site's folders. */
  format?: 2;
}

function siblings(outDir: string, pid = process.pid) {
  return { journal: `${outDir}.journal-${pid}`, backup: `${outDir}.backup-${pid}` };
}

function move(from: string, to: string): boolean {
  try {
    fs.renameSync(from, to);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    fs.mkdirSync(path.dirname(to), { recursive: true });
    try {
      fs.renameSync(from, to);
      return true;
    } catch (again) {
      if ((again as NodeJS.ErrnoException).code === 'ENOENT' && !fs.existsSync(from)) return false;
      throw again;
    }
  }
}

/** Removes the now empty folders above `file`, up to (not including) `root`: a cold build would not have them. */
function pruneEmptyParents(root: string, file: string): void {
  for (let dir = path.dirname(file); dir.length > root.length && dir.startsWith(root + path.sep); dir = path.dirname(dir)) {
    try {
      fs.rmdirSync(dir);
    } catch {
      return;
    }
  }
}

/**
 * Where the live copy of the journal's `index`-th file is kept aside: one flat folder, numbered in
 * journal order. Mirroring the site's folders there made a folder per page (a listing page each),
 * and making and deleting them cost more than moving the files.
 */
const asideOf = (backup: string, index: number) => path.join(backup, String(index));

/** A changed file of a sparse build: where it goes in the output folder, and where it waits in the staging folder. */
export interface StagedFile {
  relative: string;
  staged: string;
}

/**
 * Moves the `changed` files from the staging folder into `outDir` and deletes the `removed` ones.
 * Every live file touched is first moved aside into a backup folder, after the journal naming them
 * is on disk. Then the files moved aside and the spares left unused become the next build's
 * `spares` (see spares.ts) as far as they can, and what is left of them goes, with `staging`.
 */
export function commitChanges(outDir: string, staging: string, changed: readonly StagedFile[], removed: string[], spares?: string): void {
  const { journal, backup } = siblings(outDir);
  const temporary = `${journal}.tmp`;
  fs.writeFileSync(temporary, JSON.stringify({ changed: changed.map((file) => file.relative), removed, format: 2 } satisfies Journal));
  fs.renameSync(temporary, journal);
  fs.mkdirSync(backup, { recursive: true });
  changed.forEach(({ relative, staged }, i) => {
    move(path.join(outDir, relative), asideOf(backup, i));
    if (!move(staged, path.join(outDir, relative))) throw new Error(`the staged ${relative} is missing`);
  });
  removed.forEach((file, i) => {
    if (move(path.join(outDir, file), asideOf(backup, changed.length + i))) pruneEmptyParents(outDir, path.join(outDir, file));
  });
  fs.rmSync(journal);
  if (spares) keepAsSpares(backup, stagedChangesFolder(staging), spares);
  for (const dir of [backup, staging]) if (fs.existsSync(dir)) removeTree(dir);
}

/**
 * Puts the previous site back after a journaled commit that was killed: files it moved in are
 * deleted, files it moved aside are returned. Runs before any new build touches `outDir`.
 */
export function recoverJournals(outDir: string): void {
  const parent = path.dirname(outDir);
  const base = path.basename(outDir);
  if (!fs.existsSync(parent)) return;
  for (const name of fs.readdirSync(parent)) {
    const m = new RegExp(`^${base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.journal-(\\d+)(\\.tmp)?$`).exec(name);
    if (!m) continue;
    const full = path.join(parent, name);
    const { backup } = siblings(outDir, Number(m[1]));
    if (!m[2]) {
      const journal = JSON.parse(fs.readFileSync(full, 'utf8')) as Journal;
      [...journal.changed, ...journal.removed].forEach((file, i) => {
        const aside = journal.format === 2 ? asideOf(backup, i) : path.join(backup, file);
        const live = path.join(outDir, file);
        if (fs.existsSync(aside)) move(aside, live);
        else if (i < journal.changed.length) {
          fs.rmSync(live, { force: true });
          pruneEmptyParents(outDir, live);
        }
      });
    }
    if (fs.existsSync(backup)) removeTree(backup);
    fs.rmSync(full, { force: true });
  }
}
