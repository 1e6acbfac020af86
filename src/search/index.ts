// The search stage: a Pagefind index of the staged site, written beside its pages.
import path from 'node:path';
import * as pagefind from 'pagefind';
import type { Diagnostic } from '../diagnostics.js';

/** Where the index goes inside the output folder; the search page loads `/pagefind/pagefind.js`. */
export const SEARCH_DIR = 'pagefind';

/**
 * Indexes every page of `siteDir` that marks its text with `data-pagefind-body` (the articles)
 * and writes the index to `siteDir/pagefind/`. A failure is a warning: the site still works
 * without search, and the search page says the index is missing.
 */
export async function indexSite(siteDir: string, language: string, problems: Diagnostic[]): Promise<{ pages: number }> {
  const fail = (message: string) => {
    problems.push({ severity: 'warning', file: '', message: `search index not built: ${message}`, hint: 'build with --no-search to skip it' });
    return { pages: 0 };
  };
  try {
    // The pages say lang="zh-CN"; forcing it too keeps segmentation on for a site template that forgets.
    const { index, errors } = await pagefind.createIndex({ forceLanguage: language.toLowerCase() });
    if (!index) return fail(errors.join('; '));
    const added = await index.addDirectory({ path: siteDir });
    if (added.errors.length) return fail(added.errors.join('; '));
    const written = await index.writeFiles({ outputPath: path.join(siteDir, SEARCH_DIR) });
    if (written.errors.length) return fail(written.errors.join('; '));
    return { pages: added.page_count };
  } catch (err) {
    return fail((err as Error).message);
  } finally {
    await pagefind.close();
  }
}

/** The finishing step for `writeSite`: index the staged site before it replaces the old one. */
export function searchStep(language: string, problems: Diagnostic[], onProgress?: (stage: string, done: number, total: number) => void): (stagingDir: string) => Promise<void> {
  return async (stagingDir) => {
    onProgress?.('search', 0, 1);
    await indexSite(stagingDir, language, problems);
    onProgress?.('search', 1, 1);
  };
}
