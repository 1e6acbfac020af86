// The write stage: the only code that writes the site.
import fs from 'node:fs';
import path from 'node:path';
import { BuildError, type Diagnostic } from '../diagnostics.js';
import type { KeptFile, OutputFile } from '../types.js';
import { placeFile } from './carry-over.js';
import { OutputGuard } from './guard.js';
import { abandonStaging, commitStaging, openStaging } from './staging.js';

export { OutputGuard } from './guard.js';

/** What was written. */
export interface WriteResult {
  pages: number;
  files: number;
  /** Files whose bytes were written; the others are the previous build's copies, carried over. */
  written: number;
}

/**
 * Work done on the complete new site before it replaces the old one (e.g. a search index).
 * Unchanged files in the staging folder are hard links to the live site's: add or replace files,
 * never write into one, or the live site changes before the swap.
 */
export type BeforeSwap = (stagingDir: string) => Promise<void>;

/**
 * Writes `files` and the static folders into a staging folder, then swaps it in for `outDir`.
 * Files equal to their copy in `outDir` are hard-linked, not written. On any error the staging
 * folder is dropped and `outDir` stays exactly as it was.
 */
export async function writeSite(outDir: string, files: Iterable<OutputFile | KeptFile>, staticDirs: string[], problems: Diagnostic[], beforeSwap?: BeforeSwap): Promise<WriteResult> {
  const staging = openStaging(outDir);
  try {
    const refused: Diagnostic[] = [];
    const guard = new OutputGuard(staging, refused);
    const hasPrevious = fs.existsSync(outDir);
    const { files: staticFiles, written: staticWritten } = placeStaticDirs(staticDirs, staging, hasPrevious ? outDir : undefined);
    const made = new Set<string>([staging]);
    let pages = 0;
    let count = staticFiles.size;
    let written = staticWritten;
    for (const file of files) {
      if (staticFiles.has(file.path)) {
        problems.push({ severity: 'warning', file: '', message: `public/${file.path} replaces the generated ${file.path}` });
        continue;
      }
      const target = guard.admit(file.path, file.source);
      if (!target) continue;
      const dir = path.dirname(target);
      if (!made.has(dir)) {
        fs.mkdirSync(dir, { recursive: true });
        made.add(dir);
      }
      if (placeFile(file, target, hasPrevious ? path.join(outDir, file.path) : undefined) === 'written') written++;
      count++;
      if (file.path.endsWith('.html')) pages++;
    }
    problems.push(...refused);
    if (refused.length) throw new BuildError('the site was not written', refused);
    await beforeSwap?.(staging);
    commitStaging(outDir, staging);
    return { pages, files: count, written };
  } catch (err) {
    abandonStaging(staging);
    throw err;
  }
}

/** Places each folder's files in order (later ones win), hard-linking those equal to their previous copy. */
function placeStaticDirs(dirs: string[], staging: string, outDir: string | undefined): { files: Set<string>; written: number } {
  const placed = new Map<string, string>();
  for (const dir of dirs) {
    if (!fs.existsSync(dir)) continue;
    for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
      const full = path.join(entry.parentPath, entry.name);
      if (entry.isDirectory() || !fs.statSync(full).isFile()) continue;
      placed.set(path.relative(dir, full).split(path.sep).join('/'), full);
    }
  }
  let written = 0;
  for (const [relative, from] of placed) {
    const target = path.join(staging, relative);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    const file = { path: relative, contents: fs.readFileSync(from) };
    if (placeFile(file, target, outDir && path.join(outDir, relative)) === 'written') written++;
  }
  return { files: new Set(placed.keys()), written };
}
