// The persistent build cache in `.cache/` under the site root: cleaned posts, and the key of every page written.
import fs from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import type { ResolvedConfig } from '../config.js';
import type { Diagnostic } from '../diagnostics.js';
import type { KeptPlacements, KeptRelated, LeftOut } from '../model/index.js';
import { digest, hashTree, ownVersion, packageVersions, runtimeVersions, stageCode } from './fingerprint.js';
import { PostCache } from './posts.js';

export { PostCache, postKey, SHOWN_FIELDS, type CachedPost, type HtmlRef } from './posts.js';
export { cachedPost } from './cached-post.js';
export { fileStamp, stampsKey } from './stamps.js';
export { lockBuild } from './build-lock.js';
export { digest, hashTree, packageVersions } from './fingerprint.js';

/** The cache folder of a site. */
export function cacheDirOf(config: ResolvedConfig): string {
  return path.join(config.root, '.cache');
}

// The load and clean stages, as a worker runs them on a file's bytes.
export const POST_STAGES = ['load/index.js', 'clean/index.js', 'parallel/batch.js'];
// What cheerio parses and serializes with: packages the stages' code does not import by name.
const POST_PARSERS = ['htmlparser2', 'entities', 'dom-serializer'];

/**
 * Everything besides a post's own file that shapes its cleaned result: newsarchive's version and
 * the code of the load and clean stages, the libraries they use, Node's V8 (the serialization
 * format) and ICU data, and the settings they read. A change to any of them makes every post a miss.
 */
export function postSalt(config: ResolvedConfig): string {
  const rules = Object.entries(config.clean).sort(([a], [b]) => (a < b ? -1 : 1));
  const code = stageCode(POST_STAGES);
  return digest(
    'posts/7',
    ownVersion(),
    code.fingerprint,
    packageVersions([...code.packages, ...POST_PARSERS]),
    runtimeVersions(),
    config.timeZone,
    JSON.stringify(rules),
    JSON.stringify(config.allowHtml),
  );
}

/** Opens the post cache of a site. */
export function openPostCache(config: ResolvedConfig): PostCache {
  return PostCache.open(path.join(cacheDirOf(config), 'posts'), postSalt(config));
}

const OUTPUT = 'output.v8';

/** What the previous build left in the output folder: every file, and the input key of the keyed ones. */
export interface OutputRecord {
  /** The absolute output folder it describes: a build into another folder ignores it. */
  outDir: string;
  files: Set<string>;
  /** Each file's stamp as the build left it, in the order of `files` (see write/output-stamps.ts). */
  stamps: Float64Array;
  /** The static files among them, in the order the build copied them. */
  statics?: string[];
  keys: Map<string, string>;
  /** The salt the keys were made under (see `pageSalt`): under another, none of them can match. */
  pageSalt: string;
  /** The id of the model record (see `ModelRecord`) of the build that wrote these files, if it left one. */
  modelRecordId?: string;
  /** The whole site's input key and what a build that keeps the site whole must repeat (see `planOutput` in build.ts). */
  site?: {
    key: string;
    /** Files rendered without a key (the stats page, the sitemap). */
    unkeyed: string[];
    published: number;
    modelProblems: Diagnostic[];
    renderProblems: Diagnostic[];
    /** What lets the next build keep the site from the post files' stamps alone; absent when a stamp could not be trusted. */
    stamped?: StampedInputs;
  };
}

/**
 * The post files as a build stamped them, and what it made of them that a build keeping its site
 * whole repeats. While every file keeps its stamp (and nothing else changed: see `stampsKey`'s
 * salt in build.ts), the posts are the ones that build read, so the site is kept before the cache
 * index is even read.
 */
export interface StampedInputs {
  /** See `stampsKey`. */
  key: string;
  /** When the first post left out as future comes due (ms since the epoch): from then on, the key no longer decides. */
  nextDue?: number;
  /** How many post files: all of them reused. */
  files: number;
  /** What loading and cleaning the posts reported, before `--skip-invalid` made errors warnings. */
  loadProblems: Diagnostic[];
  leftOut: LeftOut;
}

/**
 * The record of `outDir` as the last build left it; undefined when unknown, when that build wrote
 * elsewhere, or when it is a record from before the files had stamps (the files it lists could
 * not be checked) and the keys their salt.
 */
export function readOutputRecord(config: ResolvedConfig, outDir: string): OutputRecord | undefined {
  const record = readRecordFile<OutputRecord>(config, OUTPUT);
  return record?.outDir === outDir && record.stamps instanceof Float64Array && typeof record.pageSalt === 'string' ? record : undefined;
}

/**
 * The record of `outDir` with the mark of the file it came from (see `outputRecordMark`); undefined
 * when there is none, or when a build rewrote or cleared it while it was read.
 */
export function readMarkedOutputRecord(config: ResolvedConfig, outDir: string): { record: OutputRecord; mark: string } | undefined {
  const mark = outputRecordMark(config);
  if (mark === undefined) return undefined;
  const record = readOutputRecord(config, outDir);
  return record && outputRecordMark(config) === mark ? { record, mark } : undefined;
}

/**
 * Which output record is there now: its file's inode, size and times. Every build clears the record
 * before it touches the output folder and saves a new file after, so while the mark stays the same
 * the folder holds what the record says.
 */
export function outputRecordMark(config: ResolvedConfig): string | undefined {
  try {
    const stats = fs.statSync(path.join(cacheDirOf(config), OUTPUT));
    return `${stats.ino}:${stats.size}:${stats.mtimeMs}:${stats.ctimeMs}`;
  } catch {
    return undefined;
  }
}

/** Records the output folder just written (after the commit, so it describes `outDir`). */
export function saveOutputRecord(config: ResolvedConfig, record: OutputRecord): void {
  saveRecordFile(config, OUTPUT, record);
}

const MODEL = 'model.v8';

/**
 * What a modelled build learnt of its model, for the next build: under which placing key
 * (`placingKey`) it was made, each published post's identity (`postIdentity`, in order), the
 * related lists, and where each post went. Its own file, read only by builds that model the site;
 * the output record names the one that describes its files (`modelRecordId`), so a record left by
 * an older build is never used.
 */
export interface ModelRecord {
  id: string;
  placing: string;
  postKeys: string[];
  related: KeptRelated;
  placements: KeptPlacements;
}

/** The model record of the build that wrote `previous`'s files, if any. */
export function readModelRecord(config: ResolvedConfig, previous: OutputRecord | undefined): ModelRecord | undefined {
  if (!previous?.modelRecordId) return undefined;
  const record = readRecordFile<ModelRecord>(config, MODEL);
  return record?.id === previous.modelRecordId ? record : undefined;
}

/** Saves the record, before the output record that names it. */
export function saveModelRecord(config: ResolvedConfig, record: ModelRecord): void {
  saveRecordFile(config, MODEL, record);
}

function readRecordFile<T>(config: ResolvedConfig, name: string): T | undefined {
  try {
    return v8.deserialize(fs.readFileSync(path.join(cacheDirOf(config), name))) as T;
  } catch {
    return undefined;
  }
}

function saveRecordFile(config: ResolvedConfig, name: string, record: unknown): void {
  const dir = cacheDirOf(config);
  fs.mkdirSync(dir, { recursive: true });
  const temporary = path.join(dir, `${name}.${process.pid}.tmp`);
  fs.writeFileSync(temporary, v8.serialize(record));
  fs.renameSync(temporary, path.join(dir, name));
}

/** Forgets the record: called before a commit, so a build killed during it never trusts a stale one. */
export function clearOutputRecord(config: ResolvedConfig): void {
  fs.rmSync(path.join(cacheDirOf(config), OUTPUT), { force: true });
}

// The model and render stages.
export const PAGE_STAGES = ['model/index.js', 'render/index.js'];

/**
 * Everything besides a page's view that shapes it: the template files (any change re-renders all
 * pages), newsarchive's model and render code and the packages it imports (Nunjucks renders,
 * pinyin-pro names the URLs of terms), Node's ICU data (dates in the site's zone), the settings
 * pages see, and the output folder. The model code is here for the model record's related lists
 * and placements (see `ModelRecord`).
 */
export function pageSalt(config: ResolvedConfig, templateDirs: string[]): string {
  const code = stageCode(PAGE_STAGES);
  return digest('pages/2', ownVersion(), hashTree(templateDirs), code.fingerprint, packageVersions(code.packages), runtimeVersions(), JSON.stringify(config));
}
