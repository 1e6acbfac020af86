// Committing a rebuild that changed few files: move just those into the live site, with a journal
// that lets the next build put the previous site back if this one is killed half way.
import fs from 'node:fs';
import path from 'node:path';
import { keepAsSpares } from './spares.js';
import { removeTree, stagedChangesFolder, stagingFolder } from './staging.js';

/** What a journaled commit does, written down before it starts. */
interface Journal {
  /** Files taken from the staging folder (new or replacing the live copy). */
  changed: string[];
  /**
   * Where each changed file waits, relative to the staging folder: still there, the commit had not
   * reached it when it stopped (format 3).
   */
  staged?: string[];
  /** Live files that the new site no longer has. */
  removed: string[];
  /** 2 and 3: files kept aside in one flat folder (see `asideOf`); absent: in a copy of the site's folders. */
  format?: 2 | 3;
}

/** How a killed commit is undone, file by file; written down before it starts, so that a recovery killed in turn is finished as planned. */
type RecoveryStep = ['restore', aside: string, file: string] | ['delete', file: string];

/** The steps, with the journal they undo: a plan left by a recovery killed as it ended is not another commit's (a process number comes again). */
interface RecoveryPlan {
  journal: string;
  steps: RecoveryStep[];
}

function siblings(outDir: string, pid = process.pid) {
  return { journal: `${outDir}.journal-${pid}`, backup: `${outDir}.backup-${pid}`, recovery: `${outDir}.recovery-${pid}`, staging: stagingFolder(outDir, pid) };
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
  const staged = changed.map((file) => path.relative(staging, file.staged));
  fs.writeFileSync(temporary, JSON.stringify({ changed: changed.map((file) => file.relative), staged, removed, format: 3 } satisfies Journal));
  fs.renameSync(temporary, journal);
  fs.mkdirSync(backup, { recursive: true });
  // The removed files first: a page that becomes a folder of the same name (`/a.x` to `/a.x/`), or
  // the other way round, finds the old one out of its way.
  removed.forEach((file, i) => {
    if (move(path.join(outDir, file), asideOf(backup, changed.length + i))) pruneEmptyParents(outDir, path.join(outDir, file));
  });
  changed.forEach(({ relative, staged }, i) => {
    move(path.join(outDir, relative), asideOf(backup, i));
    if (!move(staged, path.join(outDir, relative))) throw new Error(`the staged ${relative} is missing`);
  });
  fs.rmSync(journal);
  if (spares) keepAsSpares(backup, stagedChangesFolder(staging), spares);
  for (const dir of [backup, staging]) if (fs.existsSync(dir)) removeTree(dir);
}

/**
 * Puts the previous site back after a journaled commit that was killed or failed: files it moved
 * in are deleted, files it moved aside are returned, files it had not reached are left. Runs before
 * any new build touches `outDir`, and after a commit that failed part way, before its staging
 * folder goes (which tells the files not reached).
 */
export function recoverJournals(outDir: string): void {
  const parent = path.dirname(outDir);
  const base = path.basename(outDir);
  if (!fs.existsSync(parent)) return;
  for (const name of fs.readdirSync(parent)) {
    const m = new RegExp(`^${base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.journal-(\\d+)(\\.tmp)?$`).exec(name);
    if (!m) continue;
    const full = path.join(parent, name);
    const { backup, recovery } = siblings(outDir, Number(m[1]));
    if (!m[2]) {
      const text = fs.readFileSync(full, 'utf8');
      let plan = readPlan(recovery);
      if (plan?.journal !== text) {
        plan = { journal: text, steps: recoverySteps(JSON.parse(text) as Journal, outDir, Number(m[1])) };
        fs.writeFileSync(`${recovery}.tmp`, JSON.stringify(plan));
        fs.renameSync(`${recovery}.tmp`, recovery);
      }
      for (const step of plan.steps) {
        if (step[0] === 'restore') {
          if (fs.existsSync(step[1])) move(step[1], path.join(outDir, step[2]));
        } else {
          // Maybe done before: a restored page may now stand where its folder was, or a folder where it was.
          const live = path.join(outDir, step[1]);
          if (isFile(live)) fs.rmSync(live);
          pruneEmptyParents(outDir, live);
        }
      }
    }
    // The journal before its plan: a plan left without its journal is never carried out, and goes.
    if (fs.existsSync(backup)) removeTree(backup);
    fs.rmSync(full, { force: true });
    fs.rmSync(recovery, { force: true });
  }
  sweepRecoveryPlans(outDir);
}

function readPlan(file: string): RecoveryPlan | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as RecoveryPlan;
  } catch {
    return undefined;
  }
}

/** True when `file` is a file or a link (not a folder, not missing, not under a file). */
function isFile(file: string): boolean {
  try {
    return !fs.lstatSync(file).isDirectory();
  } catch {
    return false;
  }
}

/** Deletes the recovery plans left without their journal: by a recovery killed once the journal was gone. */
function sweepRecoveryPlans(outDir: string): void {
  const parent = path.dirname(outDir);
  const prefix = `${path.basename(outDir)}.recovery-`;
  for (const name of fs.readdirSync(parent)) {
    const pid = /^(\d+)(\.tmp)?$/.exec(name.startsWith(prefix) ? name.slice(prefix.length) : '')?.[1];
    if (pid !== undefined && !fs.existsSync(siblings(outDir, Number(pid)).journal)) fs.rmSync(path.join(parent, name), { force: true });
  }
}

/**
 * What undoes the commit of `journal` (by process `pid`), as the files stand: each file kept aside
 * goes back; a changed file with no copy aside was new, and is deleted once it was moved in (its
 * staged copy is gone); one still staged was not reached, and its live copy is the previous site's.
 * (A journal of an older version does not say where its files were staged: nothing of it is
 * deleted, and a new file may stay.) Changed files first: a restored page may need the folder a
 * new one made removed.
 */
function recoverySteps(journal: Journal, outDir: string, pid: number): RecoveryStep[] {
  const { backup, staging } = siblings(outDir, pid);
  const steps: RecoveryStep[] = [];
  [...journal.changed, ...journal.removed].forEach((file, i) => {
    const aside = journal.format === undefined ? path.join(backup, file) : asideOf(backup, i);
    if (fs.existsSync(aside)) steps.push(['restore', aside, file]);
    else if (i < journal.changed.length && journal.staged && !fs.existsSync(path.join(staging, journal.staged[i]))) steps.push(['delete', file]);
  });
  return steps;
}
