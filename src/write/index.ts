// The write stage: the only code that writes the site.
import fs from 'node:fs';
import path from 'node:path';
import { BuildError, type Diagnostic } from '../diagnostics.js';
import { filesUnder } from '../files-under.js';
import type { KeptFile, OutputFile } from '../types.js';
import { Placer, type FilePlacer } from './carry-over.js';
import { commitChanges, recoverJournals } from './journal.js';
import { OutputGuard } from './guard.js';
import { OffThreadPlacer } from './off-thread.js';
import { adoptSpares } from './spares.js';
import { addStamp, stampsOf, type StampedFiles, type StampList } from './output-stamps.js';
import { abandonStaging, commitStaging, openStaging, stagedChange } from './staging.js';

export { OutputGuard } from './guard.js';
export { OutputCheck } from './output-check.js';
export { sameStamp, stampOffsets, type StampedFiles } from './output-stamps.js';

/** What was written. */
export interface WriteResult {
  pages: number;
  files: number;
  /** Files whose bytes were written; the others are the previous build's copies, carried over. */
  written: number;
  /** Every file of the site now in the output folder, relative. */
  paths: string[];
  /** The static files among them. */
  statics: string[];
  /** Each file's stamp in the output folder, in the order of `paths` (see output-stamps.ts). */
  stamps: Float64Array;
  /** The finishing step's files (written and kept), with their keys. */
  finished: Map<string, string>;
}

/**
 * Files made after the pages by a step of their own (a search index), straight into the staging
 * folder. `write` writes the files that changed there, and names the ones the output folder holds
 * as they are to be (`kept`: the previous build wrote them under the same keys), which are placed
 * as kept pages are. Both, with their keys, are files of the site. Files already in the staging
 * folder may be hard links to the live site's: add files, never write into one. Static files in its
 * folder are placed after it, so it finds only its own files there; one of them replaces the step's
 * file of the same name, as a static file replaces a page.
 */
export interface FinishingStep {
  /** The folder it writes into, relative to the output folder (not one whose name starts with a dot: see stagedChange). */
  folder: string;
  write(stagingDir: string): Promise<{ written: ReadonlyMap<string, string>; kept: ReadonlyMap<string, string> }>;
}

/** How the site is written besides its files. */
export interface WriteOptions {
  finishing?: FinishingStep;
  /**
   * Every file the previous build wrote and its stamp, when known and found as it left them (see
   * `OutputCheck`): lets a rebuild commit only what changed, and carry the stamps of the files it
   * does not touch.
   */
  previousFiles?: StampedFiles;
  /** Make folders and write bytes on a second thread while this one renders the next pages. */
  offThread?: boolean;
  /**
   * The static files of the build that wrote the output folder, when the files now given have the
   * paths it wrote there (a site kept whole, or placed as it was): with the same static files, the
   * output guard would admit every path as it did then, so it is not asked again.
   */
  admittedWith?: readonly string[];
  /**
   * A folder on the output folder's file system (or none) where a commit of few changed files keeps
   * the files it replaced, for the next such build to write into (see spares.ts).
   */
  spares?: string;
  /**
   * Folders of the output folder where an earlier build may have left files this one does not make
   * and its record does not list (a search index, when this build makes none or an older version
   * made it): they go, as a cold build would not write them. A static file there stays.
   */
  dropFolders?: readonly string[];
}

/**
 * Writes `files`, the static folders and the finishing step's files into a staging folder, then
 * swaps it in for `outDir`. Files equal to their copy in `outDir` are not written again. When
 * `previousFiles` (every file the previous build wrote) is known and few files changed, only those
 * are staged and then moved in under a journal (see journal.ts); otherwise the staging folder gets
 * the whole site, unchanged files as hard links, and replaces `outDir` by a rename. On any error
 * before the commit the staging folder is dropped and `outDir` stays exactly as it was; a build
 * killed during the commit is rolled back by the next one.
 */
export async function writeSite(outDir: string, files: Iterable<OutputFile | KeptFile>, staticDirs: string[], problems: Diagnostic[], options: WriteOptions = {}): Promise<WriteResult> {
  const { finishing, previousFiles } = options;
  const staging = openStaging(outDir);
  let placer: FilePlacer | undefined;
  let committing = false;
  try {
    const refused: Diagnostic[] = [];
    const guard = new OutputGuard(staging, refused);
    const hasPrevious = fs.existsSync(outDir);
    const sparse = hasPrevious && previousFiles !== undefined;
    if (sparse && options.spares) adoptSpares(options.spares, staging);
    placer = new (options.offThread ? OffThreadPlacer : Placer)(staging, hasPrevious ? outDir : undefined, sparse);
    const staticFiles = staticFilesOf(staticDirs);
    const placeStatic = (relative: string, from: string) => placer!.place(relative, { path: relative, contents: fs.readFileSync(from) });
    const afterStep = (relative: string) => finishing !== undefined && relative.startsWith(`${finishing.folder}/`);
    for (const [relative, from] of staticFiles) {
      if (guard.claimStatic(relative, `public/${relative}`) && !afterStep(relative)) placeStatic(relative, from);
    }
    const paths = [...staticFiles.keys()];
    const admittedBefore = hasPrevious && options.admittedWith !== undefined && sameList(options.admittedWith, paths);
    let pages = 0;
    for (const file of files) {
      if (placer.failed) break;
      if (staticFiles.has(file.path)) {
        problems.push({ severity: 'warning', file: '', message: `public/${file.path} replaces the generated ${file.path}` });
        continue;
      }
      if (!admittedBefore && !guard.admit(file.path, file.source)) continue;
      placer.place(file.path, file);
      paths.push(file.path);
      if (file.path.endsWith('.html')) pages++;
    }
    problems.push(...refused);
    if (refused.length) throw new BuildError('the site was not written', refused);
    // The writer thread may still be placing pages meanwhile; once it failed, nothing is to be made.
    const finished = placer.failed ? undefined : await finishing?.write(staging);
    for (const [relative, from] of staticFiles) {
      if (!afterStep(relative)) continue;
      if (finished?.written.has(relative)) fs.rmSync(path.join(staging, relative));
      if (finished?.written.has(relative) || finished?.kept.has(relative)) problems.push({ severity: 'warning', file: '', message: `public/${relative} replaces the generated ${relative}` });
      placeStatic(relative, from);
    }
    for (const [relative, inputKey] of finished?.kept ?? []) {
      if (staticFiles.has(relative)) continue;
      placer.place(relative, { path: relative, inputKey, kept: true, render: () => gone(relative) });
      paths.push(relative);
    }
    // A static file of the same name replaced it (and the kept ones).
    const made = [...(finished?.written.keys() ?? [])].filter((relative) => !staticFiles.has(relative));
    paths.push(...made);
    await placer.finish();
    const removed = sparse ? removedFiles(outDir, staging, previousFiles!.files, options.dropFolders ?? [], paths) : [];
    const changed = placer.changed.length + made.length;
    // Past a quarter of the site, one rename of a complete tree beats moving files one by one.
    if (sparse && (changed + removed.length) * 4 <= paths.length) {
      // The placer staged its n-th changed file in the flat folder; the finishing step's files are at their paths.
      const staged = [...placer.changed.map((relative, n) => ({ relative, staged: stagedChange(staging, n) })), ...made.map((relative) => ({ relative, staged: path.join(staging, relative) }))];
      committing = true;
      commitChanges(outDir, staging, staged, removed, options.spares);
    } else {
      if (sparse) placer.completeStaging();
      commitStaging(outDir, staging);
    }
    const stamps = stampsOf(paths, withStamps(placer.stamped, outDir, made), hasPrevious ? previousFiles : undefined);
    const finishedKeys = new Map([...(finished?.written ?? []), ...(finished?.kept ?? [])].filter(([relative]) => !staticFiles.has(relative)));
    return { pages, files: paths.length, written: placer.written, paths, statics: [...staticFiles.keys()], stamps, finished: finishedKeys };
  } catch (err) {
    await placer?.abort();
    // A commit that failed part way (a folder it may not write to, say) is undone now, as the next
    // build would undo a killed one: the site stays as it was. Should that fail too, the journal and
    // the staging folder (which tells the files the commit had not reached) stay for the next build.
    if (committing) {
      try {
        recoverJournals(outDir);
      } catch {
        throw err;
      }
    }
    abandonStaging(staging);
    throw err;
  }
}

/**
 * The folder a build writes: `outDir`, or the folder it links to (through links to links). A site
 * is often published from a link to the web server's folder; building beside the link would
 * replace it by a folder. The folder need not exist: a build killed while it swapped the site in
 * left it aside, for the next build to put back.
 */
export function outputFolderOf(outDir: string): string {
  let folder = outDir;
  for (let links = 0; links < 40 && fs.lstatSync(folder, { throwIfNoEntry: false })?.isSymbolicLink(); links++) {
    folder = path.resolve(path.dirname(folder), fs.readlinkSync(folder));
  }
  return folder;
}

function gone(relative: string): never {
  throw new Error(`${relative} is gone from the output folder since the build began; build again`);
}

/** `placed`, and the stamps that `made` (files the placer did not write) have in `outDir`. */
function withStamps(placed: StampList, outDir: string, made: readonly string[]): StampList {
  if (!made.length) return placed;
  const list: StampList = { paths: [...placed.paths], numbers: [...placed.numbers] };
  for (const relative of made) addStamp(list, relative, fs.lstatSync(path.join(outDir, relative)));
  return list;
}

/** A site as the last build wrote it (see `OutputRecord` in cache/index.ts). */
export interface WrittenSite {
  files: ReadonlySet<string>;
  statics?: readonly string[];
  /** The generated files, keyed or not. */
  keys: ReadonlyMap<string, string>;
  unkeyed: readonly string[];
}

/**
 * How many pages and files `site` has, when writing it again would change nothing: the static
 * folders hold the static files it has, with the same bytes, and none of them stands in for a
 * generated file (writing one warns). Its other files are to be the same, and found as it left
 * them (see OutputCheck). Undefined when the site is to be written.
 */
export function unchangedSite(outDir: string, staticDirs: string[], site: WrittenSite): { pages: number; files: number } | undefined {
  const staticFiles = staticFilesOf(staticDirs);
  if (!site.statics || !sameList(site.statics, [...staticFiles.keys()])) return undefined;
  for (const [relative, from] of staticFiles) {
    if (site.keys.has(relative) || site.unkeyed.includes(relative) || !sameBytes(from, path.join(outDir, relative))) return undefined;
  }
  let pages = 0;
  for (const file of site.files) if (file.endsWith('.html') && !staticFiles.has(file)) pages++;
  return { pages, files: site.files.size };
}

/** The key a build records for a generated file that a static file stood in for (see `standInsKept`). */
export const standInKey = (relative: string): string => `public/${relative}`;

// Every file's key is looked at: a digest never starts so, and no text is made for it.
const isStandIn = (relative: string, key: string) => key.startsWith('public/') && key === standInKey(relative);

/**
 * `keys` without the generated files a static file stood in for: their key is no page's, so each
 * is rendered again (and left out again while the static file is there), never kept as it is.
 */
export function withoutStandIns(keys: ReadonlyMap<string, string>): ReadonlyMap<string, string> {
  let found = false;
  for (const [relative, key] of keys) if (isStandIn(relative, key)) found = true;
  return found ? new Map([...keys].filter(([relative, key]) => !isStandIn(relative, key))) : keys;
}

/**
 * True when every generated file a static file stood in for at the last build (recorded under
 * `standInKey`) still has one: kept as it is, the output folder holds the static file's bytes there.
 */
export function standInsKept(staticDirs: string[], keys: ReadonlyMap<string, string>): boolean {
  for (const [relative, key] of keys) {
    if (isStandIn(relative, key) && !staticDirs.some((dir) => fs.existsSync(path.join(dir, relative)))) return false;
  }
  return true;
}

function sameBytes(a: string, b: string): boolean {
  try {
    return fs.readFileSync(a).equals(fs.readFileSync(b));
  } catch {
    return false;
  }
}

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * The files of the output folder the new site no longer has: the previous build's, and any left in
 * `dropFolders`. A path the new site has in another case (`Foo/` for `foo/`) is the same file on a
 * disk that ignores case, which the commit writes over; on one that does not, it goes.
 */
function removedFiles(outDir: string, staging: string, previous: ReadonlySet<string>, dropFolders: readonly string[], paths: string[]): string[] {
  const now = new Set(paths);
  // Made only when some path is not in the new site as it is (an add usually removes nothing).
  let folded: Set<string> | undefined;
  let ignoresCase: boolean | undefined;
  const isRemoved = (p: string) => {
    if (now.has(p)) return false;
    folded ??= new Set(paths.map((q) => q.toLowerCase()));
    return !folded.has(p.toLowerCase()) || !(ignoresCase ??= diskIgnoresCase(staging));
  };
  const removed = new Set([...previous].filter(isRemoved));
  for (const folder of dropFolders) {
    for (const { relative } of filesUnder(path.join(outDir, folder))) {
      if (isRemoved(`${folder}/${relative}`)) removed.add(`${folder}/${relative}`);
    }
  }
  return [...removed];
}

/** True when the disk of `dir` (the staging folder, beside the output folder) finds a file by a name in another case. */
function diskIgnoresCase(dir: string): boolean {
  const probe = path.join(dir, '.newsarchive-case-probe');
  fs.writeFileSync(probe, '');
  try {
    return fs.existsSync(path.join(dir, '.NEWSARCHIVE-CASE-PROBE'));
  } finally {
    fs.rmSync(probe);
  }
}

/** Each static file by its output path, from the folders in order (later ones win). */
function staticFilesOf(dirs: string[]): Map<string, string> {
  const placed = new Map<string, string>();
  for (const dir of dirs) {
    for (const { relative, full } of filesUnder(dir)) if (fs.statSync(full).isFile()) placed.set(relative, full);
  }
  return placed;
}
