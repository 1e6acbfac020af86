// The search stage: a Pagefind index of the published articles, written beside the site's pages.
import fs from 'node:fs';
import path from 'node:path';
import type { Diagnostic } from '../diagnostics.js';
import type { PostEntry } from '../types.js';
import { digest, packageVersions } from '../cache/fingerprint.js';
import { searchRecord, type SearchRecord } from './records.js';
import { ShardStore, pruneAssets } from './shard-store.js';
import { cutShards, type ShardLimits } from './shards.js';
import { indexOnLanes, laneCount, type LaneShard } from './lanes.js';

export { cutShards, type ShardLimits } from './shards.js';

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
export const DEFAULT_SHARD_LIMITS: ShardLimits = { posts: 1000, chars: 2_000_000 };

/** `NEWSARCHIVE_SEARCH_SHARD_POSTS` overrides the post limit: internal, so tests can build many shards from a small site. */
export function shardLimitsFromEnv(env: NodeJS.ProcessEnv = process.env): ShardLimits {
  const posts = Number(env.NEWSARCHIVE_SEARCH_SHARD_POSTS);
  return Number.isInteger(posts) && posts > 0 ? { ...DEFAULT_SHARD_LIMITS, posts } : DEFAULT_SHARD_LIMITS;
}

/** One shard to write: its key, and its records (newest first), made when it is indexed. */
export interface PlannedShard {
  key: string;
  size: number;
  records: () => SearchRecord[];
}

export interface IndexOptions {
  language: string;
  /** Where finished shards are kept between builds; without it every shard is indexed. */
  store?: ShardStore;
  /** Called as records are indexed with how many are, in all. */
  onProgress?: (done: number) => void;
  /** How many shards are indexed at once; by default as many as the machine allows (see laneCount). */
  lanes?: number;
}

/** What indexing did. */
export interface IndexResult {
  pages: number;
  shards: number;
  /** Shards copied from the previous build's index instead of indexed. */
  reused: number;
}

/**
 * Writes the shards (newest first) into `siteDir/pagefind/`: the first one there, the others in
 * `pagefind/1/`, `pagefind/2/`, … listed in `pagefind/shards.json`. A shard kept in the store is
 * copied; the others are indexed side by side, on as many lanes as the machine allows (see
 * laneCount), each shard by a fresh Pagefind process, and kept. A failure is a warning and leaves
 * no index: the site still works without search, and the search page says the index is missing.
 */
export async function indexShards(siteDir: string, shards: readonly PlannedShard[], problems: Diagnostic[], options: IndexOptions): Promise<IndexResult> {
  const outDir = path.join(siteDir, SEARCH_DIR);
  const fail = (message: string) => {
    fs.rmSync(outDir, { recursive: true, force: true });
    problems.push({ severity: 'warning', file: '', message: `search index not built: ${message}`, hint: 'build with --no-search to skip it' });
    return { pages: 0, shards: 0, reused: 0 };
  };
  const { store } = options;
  let pages = 0;
  let reused = 0;
  const toIndex: LaneShard[] = [];
  try {
    for (const [i, shard] of shards.entries()) {
      const dir = i === 0 ? outDir : path.join(outDir, String(i));
      if (store?.restore(shard.key, dir, i === 0)) {
        reused++;
        options.onProgress?.((pages += shard.size));
      } else {
        toIndex.push({ shard: i, dir, records: shard.records });
      }
    }
    await indexOnLanes(toIndex, options.lanes ?? laneCount(), options.language, {
      indexed: (count) => options.onProgress?.((pages += count)),
      written: ({ shard, dir }) => {
        saveQuietly(store, shards[shard].key, dir);
        if (shard > 0) pruneAssets(dir);
      },
    });
    const merge = Array.from({ length: shards.length - 1 }, (_, i) => `${i + 1}/`);
    fs.writeFileSync(path.join(outDir, SHARDS_FILE), `${JSON.stringify({ merge })}\n`);
    return { pages, shards: shards.length, reused };
  } catch (err) {
    return fail((err as Error).message);
  }
}

/** The store only saves work: a shard it cannot keep is indexed again next time. */
function saveQuietly(store: ShardStore | undefined, key: string, shardDir: string): void {
  try {
    store?.save(key, shardDir);
  } catch {
    // A full disk or a read-only cache: nothing to keep, nothing lost.
  }
}

/**
 * Cuts the articles (newest first) into shards, each keyed by a digest of its records and of
 * `salt` (the indexer and its settings): equal keys, equal shard files. Records are made twice,
 * once here to weigh and key them and again while their shard is indexed, so only one shard's
 * text is held at a time. An archive without articles gets one empty shard, so the search page
 * loads and finds nothing.
 */
export function planShards(entries: readonly PostEntry[], config: { language: string; timeZone: string }, limits: ShardLimits, salt: string): PlannedShard[] {
  const recordOf = (entry: PostEntry) => searchRecord(entry, config.language, config.timeZone);
  const items = entries.map((entry) => {
    const record = recordOf(entry);
    return { url: record.url, chars: record.content.length, digest: digest(record.url, record.content), entry };
  });
  const shards = cutShards(items.reverse(), limits).reverse().map((shard) => shard.reverse());
  if (!shards.length) shards.push([]);
  return shards.map((shard) => ({
    key: digest(salt, ...shard.map((item) => item.digest)),
    size: shard.length,
    records: () => shard.map((item) => recordOf(item.entry)),
  }));
}

/** The search stage, run by `writeSite` before the staged site replaces the old one; `result` once it has run. */
export interface SearchStep {
  beforeSwap: (stagingDir: string) => Promise<void>;
  result?: IndexResult;
}

/**
 * Indexes the published articles into the staged site. The records come from the model, not from
 * the written pages: the article alone is a fraction of its page, and nothing has to be read back
 * from disk. Shards whose articles did not change since the last build come from `cacheDir`.
 */
export function searchStep(config: { language: string; timeZone: string }, entries: readonly PostEntry[], problems: Diagnostic[], options: { cacheDir: string; onProgress?: (stage: string, done: number, total: number) => void }): SearchStep {
  const step: SearchStep = {
    beforeSwap: async (stagingDir) => {
      const salt = digest('search/1', packageVersions(['pagefind']), config.language.toLowerCase());
      const shards = planShards(entries, config, shardLimitsFromEnv(), salt);
      const store = new ShardStore(options.cacheDir, `assets-${salt.slice(0, 16)}`);
      options.onProgress?.('search', 0, entries.length);
      step.result = await indexShards(stagingDir, shards, problems, { language: config.language, store, onProgress: (done) => options.onProgress?.('search', done, entries.length) });
      if (step.result.shards) store.keepOnly(new Set(shards.map((s) => s.key)));
    },
  };
  return step;
}
