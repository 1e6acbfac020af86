// The search stage: a Pagefind index of the published articles, written beside the site's pages.
import fs from 'node:fs';
import path from 'node:path';
import * as pagefind from 'pagefind';
import type { Diagnostic } from '../diagnostics.js';
import type { PostEntry } from '../types.js';
import { searchRecord, type SearchRecord } from './records.js';

/** Where the index goes inside the output folder; the search page loads `/pagefind/pagefind.js`. */
export const SEARCH_DIR = 'pagefind';
/** Lists the shards the browser merges into the first one: `{ "merge": ["1/", "2/"] }`. */
export const SHARDS_FILE = 'shards.json';

/**
 * How much one Pagefind process indexes before it is closed. Pagefind holds every record of an
 * index in memory and needs about 0.5 MB per article while writing it (measured: 575 MB peak for
 * 1,000 generated articles of about 1,900 characters of HTML, 2.1 GB for 4,000), so an archive is
 * cut into shards of bounded size and memory stays flat however large the archive grows. The
 * budget of record characters bounds shards of long articles; the post count bounds the rest.
 * Fewer, larger shards mean fewer requests in the browser, so the limits sit where memory stays
 * well under 1 GB.
 */
export interface ShardLimits {
  posts: number;
  chars: number;
}
export const DEFAULT_SHARD_LIMITS: ShardLimits = { posts: 1000, chars: 2_000_000 };

/** `NEWSARCHIVE_SEARCH_SHARD_POSTS` overrides the post limit: internal, so tests can build many shards from a small site. */
export function shardLimitsFromEnv(env: NodeJS.ProcessEnv = process.env): ShardLimits {
  const posts = Number(env.NEWSARCHIVE_SEARCH_SHARD_POSTS);
  return Number.isInteger(posts) && posts > 0 ? { ...DEFAULT_SHARD_LIMITS, posts } : DEFAULT_SHARD_LIMITS;
}

/**
 * Cuts records (newest first) into consecutive shards, so each shard covers one span of dates and
 * a newest-first list is the shards' lists one after another.
 */
export function* shardsOf(records: Iterable<SearchRecord>, limits: ShardLimits): Generator<SearchRecord[]> {
  let shard: SearchRecord[] = [];
  let chars = 0;
  for (const record of records) {
    if (shard.length && (shard.length >= limits.posts || chars + record.content.length > limits.chars)) {
      yield shard;
      shard = [];
      chars = 0;
    }
    shard.push(record);
    chars += record.content.length;
  }
  if (shard.length) yield shard;
}

export interface IndexOptions {
  language: string;
  limits?: ShardLimits;
  /** Called after each record with how many are indexed. */
  onProgress?: (done: number) => void;
}

/**
 * Indexes `records` (newest first) into `siteDir/pagefind/`: the first shard there, the others in
 * `pagefind/1/`, `pagefind/2/`, … listed in `pagefind/shards.json`. Each shard is built by a fresh
 * Pagefind process, closed before the next starts. A failure is a warning and leaves no index:
 * the site still works without search, and the search page says the index is missing.
 */
export async function indexRecords(siteDir: string, records: Iterable<SearchRecord>, problems: Diagnostic[], options: IndexOptions): Promise<{ pages: number; shards: number }> {
  const outDir = path.join(siteDir, SEARCH_DIR);
  const fail = (message: string) => {
    fs.rmSync(outDir, { recursive: true, force: true });
    problems.push({ severity: 'warning', file: '', message: `search index not built: ${message}`, hint: 'build with --no-search to skip it' });
    return { pages: 0, shards: 0 };
  };
  let pages = 0;
  let shards = 0;
  let running = false;
  try {
    // Records are made shard by shard: only one shard's text is held at a time.
    for (const shard of withOneShard(shardsOf(records, options.limits ?? DEFAULT_SHARD_LIMITS))) {
      running = true;
      const { index, errors } = await pagefind.createIndex({ forceLanguage: options.language.toLowerCase(), writePlayground: false });
      if (!index) return fail(errors.join('; '));
      for (const record of shard) {
        const added = await index.addHTMLFile(record);
        if (added.errors.length) return fail(`${record.url}: ${added.errors.join('; ')}`);
        options.onProgress?.(++pages);
      }
      const shardDir = shards === 0 ? outDir : path.join(outDir, String(shards));
      const written = await index.writeFiles({ outputPath: shardDir });
      if (written.errors.length) return fail(written.errors.join('; '));
      // Give the memory back before the next shard: a new process starts with none.
      await pagefind.close();
      running = false;
      if (shards > 0) pruneMergedShard(shardDir);
      shards++;
    }
    const merge = Array.from({ length: shards - 1 }, (_, i) => `${i + 1}/`);
    fs.writeFileSync(path.join(outDir, SHARDS_FILE), `${JSON.stringify({ merge })}\n`);
    return { pages, shards };
  } catch (err) {
    return fail((err as Error).message);
  } finally {
    // Closing a closed service would start a new Pagefind process only to stop it.
    if (running) await pagefind.close();
  }
}

/** An archive without articles still gets an (empty) index, so the search page loads and finds nothing. */
function* withOneShard(shards: Iterable<SearchRecord[]>): Generator<SearchRecord[]> {
  let any = false;
  for (const shard of shards) {
    any = true;
    yield shard;
  }
  if (!any) yield [];
}

/** A merged shard is searched with the first shard's script, worker and WebAssembly: only its data is needed. */
function pruneMergedShard(dir: string): void {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.isFile() && entry.name !== 'pagefind-entry.json' && !entry.name.endsWith('.pf_meta')) fs.rmSync(path.join(dir, entry.name));
  }
}

/**
 * The finishing step for `writeSite`: index the published articles before the staged site
 * replaces the old one. The records come from the model, not from the written pages: the article
 * alone is a fraction of its page, and nothing has to be read back from disk.
 */
export function searchStep(config: { language: string; timeZone: string }, entries: readonly PostEntry[], problems: Diagnostic[], onProgress?: (stage: string, done: number, total: number) => void): (stagingDir: string) => Promise<void> {
  return async (stagingDir) => {
    const records = (function* () {
      for (const entry of entries) yield searchRecord(entry, config.language, config.timeZone);
    })();
    onProgress?.('search', 0, entries.length);
    await indexRecords(stagingDir, records, problems, { language: config.language, limits: shardLimitsFromEnv(), onProgress: (done) => onProgress?.('search', done, entries.length) });
  };
}
