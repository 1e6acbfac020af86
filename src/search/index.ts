// The search stage: a Pagefind index of the published articles, written beside the site's pages.
import fs from 'node:fs';
import path from 'node:path';
import type { Diagnostic } from '../diagnostics.js';
import type { PostEntry } from '../types.js';
import { digest, packageVersions, stageCode } from '../cache/fingerprint.js';
import { postIdentity } from '../render/page-keys.js';
import { searchRecord, type SearchRecord } from './records.js';
import { ShardStore, pruneAssets } from './shard-store.js';
import { cutShards, type ShardLimits } from './shards.js';
import { indexOnLanes, laneCount, type LaneShard } from './lanes.js';
import { filesWritten, keptShards, SEARCH_DIR, shardFileKey, shardFolders, SHARDS_FILE, shardsFileText, type LeftFiles } from './shard-files.js';

export { cutShards, type ShardLimits } from './shards.js';

export { SEARCH_DIR, SHARDS_FILE } from './shard-files.js';

/**
 * How much one Pagefind process indexes before it is closed. Pagefind holds every record of an
 * index in memory and needs about 0.5 MB per article while writing it (measured: 575 MB peak for
 * 1,000 generated articles of about 1,900 characters of HTML, 2.1 GB for 4,000), so an archive is
 * cut into shards of bounded size and memory stays flat however large the archive grows. The
 * budget of text characters bounds shards of long articles; the post count bounds the rest.
 * Fewer, larger shards mean fewer requests in the browser, so the limits sit where memory stays
 * well under 1 GB. The budget was 2 million characters of record HTML; a record's HTML is about
 * 1.5 times its text (1,895 against 1,235 characters per article on 1,000 generated ones).
 */
export const DEFAULT_SHARD_LIMITS: ShardLimits = { posts: 1000, chars: 1_300_000 };

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
  /** Shards (by folder, see shardFolders) that the site already holds as they are to be: neither copied nor indexed. */
  kept?: ReadonlySet<string>;
}

/** What indexing did. */
export interface IndexResult {
  pages: number;
  shards: number;
  /** Shards kept or copied from the previous build's index instead of indexed. */
  reused: number;
}

/**
 * Writes the shards (newest first) into `siteDir/pagefind/`: the first one there, the others in
 * folders of their own (see shardFolders), listed newest first in `pagefind/shards.json`. A shard
 * the site holds already (`kept`) is left alone, one kept in the store is copied; the others are
 * indexed side by side, on as many lanes as the machine allows (see laneCount), each shard by a
 * fresh Pagefind process, and kept. A failure is a warning and leaves no index: the site still
 * works without search, and the search page says the index is missing.
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
    const folders = shardFolders(shards.length);
    for (const [i, shard] of shards.entries()) {
      const dir = path.join(outDir, folders[i]);
      if (options.kept?.has(folders[i]) || store?.restore(shard.key, dir, i === 0)) {
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
    fs.mkdirSync(outDir, { recursive: true });
    fs.writeFileSync(path.join(outDir, SHARDS_FILE), shardsFileText(folders));
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
 * Cuts the articles (newest first) into shards, each keyed by a digest of its records' keys (see
 * recordKey) and of `salt` (the indexer, its settings and the record code): equal keys, equal
 * shard files. Neither the cut nor the keys read an article's HTML: records are made only for the
 * shards indexed, while they are (a rebuild that made all 20,000 to key them spent 0.5 s reading
 * the posts back). An archive without articles gets one empty shard, so the search page loads and
 * finds nothing.
 */
export function planShards(entries: readonly PostEntry[], config: { language: string; timeZone: string }, limits: ShardLimits, salt: string): PlannedShard[] {
  const items = entries.map((entry) => ({ url: entry.url, chars: entry.post.title.length + entry.post.charCount, key: recordKey(entry), entry }));
  const shards = cutShards(items.reverse(), limits).reverse().map((shard) => shard.reverse());
  if (!shards.length) shards.push([]);
  return shards.map((shard) => ({
    key: digest(salt, ...shard.map((item) => item.key)),
    size: shard.length,
    records: () => shard.map((item) => searchRecord(item.entry, config.language, config.timeZone)),
  }));
}

/**
 * Stands for the entry's search record: what searchRecord reads is the post (its contents, see
 * postIdentity), its URL and its terms' names; the language, the zone and the code are the salt's.
 */
function recordKey(entry: PostEntry): string {
  return digest(entry.url, postIdentity(entry.post), ...entry.categoryTerms.map((term) => term.name), '', ...entry.tagTerms.map((term) => term.name));
}

/** What the search index depends on besides its records' keys: the indexer, its language, the zone its dates are shown in, the record code. */
export function searchSalt(config: { language: string; timeZone: string }): string {
  return digest('search/2', packageVersions(['pagefind']), config.language.toLowerCase(), config.timeZone, stageCode(['search/records.js']).fingerprint);
}

/**
 * What the index's files depend on besides its shards' keys: where the shards are cut and which
 * folder each goes in. A shard's key stands for what it holds, not for where it lies.
 */
export function searchLayoutSalt(): string {
  return stageCode(['search/shards.js', 'search/shard-files.js']).fingerprint;
}

/** The index's files of this build, by path, with their keys: written into the staging folder, or kept as the site has them. */
export interface SearchFiles {
  written: Map<string, string>;
  kept: Map<string, string>;
}

/** The search stage, run by `writeSite` once the pages are placed (see FinishingStep); `result` once it has run. */
export interface SearchStep {
  folder: string;
  write: (stagingDir: string) => Promise<SearchFiles>;
  result?: IndexResult;
}

/**
 * Indexes the published articles into the staged site. The records come from the model, not from
 * the written pages: the article alone is a fraction of its page, and nothing has to be read back
 * from disk. A shard the last build wrote (`left`) under the key it has now stays as the site
 * holds it; one kept in `cacheDir` is copied from there; the others are indexed. A failure leaves
 * no index (see indexShards): no file is written or kept.
 */
export function searchStep(config: { language: string; timeZone: string }, entries: readonly PostEntry[], problems: Diagnostic[], options: { cacheDir: string; left?: LeftFiles; onProgress?: (stage: string, done: number, total: number) => void }): SearchStep {
  const step: SearchStep = {
    folder: SEARCH_DIR,
    write: async (stagingDir) => {
      const salt = searchSalt(config);
      const shards = planShards(entries, config, shardLimitsFromEnv(), salt);
      const folders = shardFolders(shards.length);
      const fileKeys = new Map(shards.map((shard, i) => [folders[i], shardFileKey(shard.key, folders[i])]));
      const kept = options.left ? keptShards(options.left, fileKeys) : new Map<string, string[]>();
      const store = new ShardStore(options.cacheDir, `assets-${salt.slice(0, 16)}`);
      options.onProgress?.('search', 0, entries.length);
      step.result = await indexShards(stagingDir, shards, problems, { language: config.language, store, kept: new Set(kept.keys()), onProgress: (done) => options.onProgress?.('search', done, entries.length) });
      if (!step.result.shards) return { written: new Map(), kept: new Map() };
      store.keepOnly(new Set(shards.map((s) => s.key)));
      const keptFiles = new Map([...kept].flatMap(([folder, files]) => files.map((file) => [file, fileKeys.get(folder)!] as const)));
      return { written: filesWritten(stagingDir, fileKeys), kept: keptFiles };
    },
  };
  return step;
}
