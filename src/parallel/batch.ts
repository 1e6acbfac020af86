// One batch of post files: hash each, and load and clean the ones the cache does not hold.
// Runs in a worker thread or, with one thread, in the main one: the same code either way.
import { postKey } from '../cache/posts.js';
import type { Diagnostic } from '../diagnostics.js';
import { readPostBytes, type PostFile } from '../load/read.js';
import type { Post } from '../types.js';

/** What every batch needs to know: plain data, so it crosses to a worker as it is. */
export interface BatchSetup {
  salt: string;
  timeZone: string;
  disabledRules: string[];
  allowHtml?: Readonly<Record<string, readonly string[]>>;
}

/** The outcome for one file: a cache hit, or the post freshly built (null when it cannot be). */
export type FileResult =
  | { key: string; hit: true }
  | { key: string | undefined; hit: false; post: Post | null; problems: Diagnostic[] };

type Stages = { loadPostBytes: typeof import('../load/index.js').loadPostBytes; cleanPost: typeof import('../clean/index.js').cleanPost };
let stages: Promise<Stages> | undefined;

// Imported on the first miss only: a rebuild that hits the cache never pays for cheerio and markdown-it.
function loadStages(): Promise<Stages> {
  stages ??= Promise.all([import('../load/index.js'), import('../clean/index.js')]).then(([load, clean]) => ({ loadPostBytes: load.loadPostBytes, cleanPost: clean.cleanPost }));
  return stages;
}

/** Hashes each file and builds the misses; `isCached` says which keys the cache holds. */
export async function processBatch(files: PostFile[], setup: BatchSetup, isCached: (key: string) => boolean): Promise<FileResult[]> {
  const results: FileResult[] = [];
  const disabledRules = new Set(setup.disabledRules);
  for (const file of files) {
    const problems: Diagnostic[] = [];
    const bytes = readPostBytes(file, problems);
    if (!bytes) {
      results.push({ key: undefined, hit: false, post: null, problems });
      continue;
    }
    const key = postKey(setup.salt, file.sourcePath, file.isInDraftsFolder, bytes);
    if (isCached(key)) {
      results.push({ key, hit: true });
      continue;
    }
    const { loadPostBytes, cleanPost } = await loadStages();
    const loaded = loadPostBytes(file, bytes, setup.timeZone, problems);
    results.push({ key, hit: false, post: loaded ? cleanPost(loaded, { disabledRules, allowHtml: setup.allowHtml }, problems) : null, problems });
  }
  return results;
}
