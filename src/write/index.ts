// The write stage: the only code that writes the site.
import fs from 'node:fs';
import path from 'node:path';
import { BuildError, type Diagnostic } from '../diagnostics.js';
import type { OutputFile } from '../types.js';
import { OutputGuard } from './guard.js';
import { abandonStaging, commitStaging, openStaging } from './staging.js';

export { OutputGuard } from './guard.js';

/** What was written. */
export interface WriteResult {
  pages: number;
  files: number;
}

/** Work done on the complete new site before it replaces the old one (e.g. a search index). */
export type BeforeSwap = (stagingDir: string) => Promise<void>;

/**
 * Writes `files` and the static folders into a staging folder, then swaps it in for `outDir`.
 * On any error the staging folder is dropped and `outDir` stays exactly as it was.
 */
export async function writeSite(outDir: string, files: Iterable<OutputFile>, staticDirs: string[], problems: Diagnostic[], beforeSwap?: BeforeSwap): Promise<WriteResult> {
  const staging = openStaging(outDir);
  try {
    const refused: Diagnostic[] = [];
    const guard = new OutputGuard(staging, refused);
    const staticFiles = copyStaticDirs(staticDirs, staging);
    const made = new Set<string>([staging]);
    let pages = 0;
    let count = staticFiles.size;
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
      fs.writeFileSync(target, file.contents);
      count++;
      if (file.path.endsWith('.html')) pages++;
    }
    problems.push(...refused);
    if (refused.length) throw new BuildError('the site was not written', refused);
    await beforeSwap?.(staging);
    commitStaging(outDir, staging);
    return { pages, files: count };
  } catch (err) {
    abandonStaging(staging);
    throw err;
  }
}

/** Copies each folder in order (later ones win) and returns the relative paths of the copied files. */
function copyStaticDirs(dirs: string[], staging: string): Set<string> {
  const copied = new Set<string>();
  for (const dir of dirs) {
    if (!fs.existsSync(dir)) continue;
    fs.cpSync(dir, staging, { recursive: true, dereference: true });
    for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
      if (!entry.isDirectory()) copied.add(path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'));
    }
  }
  return copied;
}
