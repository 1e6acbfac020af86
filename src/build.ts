// The whole build, one call per stage.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomUUID } from 'node:crypto';
import { cacheDirOf, cachedPost, clearOutputRecord, digest, fileStamp, lockBuild, openPostCache, pageSalt, readModelRecord, readOutputRecord, saveModelRecord, saveOutputRecord, stampsKey, type ModelRecord, type OutputRecord, type PostCache, type StampedInputs } from './cache/index.js';
import type { CleanOptions } from './clean/index.js';
import { CLEAN_RULE_NAMES, REQUIRED_RULES } from './clean/rule-names.js';
import type { ResolvedConfig } from './config.js';
import { BuildError, type Diagnostic } from './diagnostics.js';
import { tuneHeapForBuild, whileReadingIndex } from './heap.js';
import { loadWaitingModules } from './on-first-use.js';
import { findPostFiles } from './load/find-posts.js';
import { buildSiteModel, changeAll, fitsInPlace, keptPlacementsOf, keptRelatedOf, MOST_TAKEN_OUT, pageCount, restorePlacements, selectPosts, type ChangedPages, type LeftOut, type ModelMemo, type ModelOptions } from './model/index.js';
import { batchSetup, loadAndCleanPosts, startCleanWorkers, threadCount, writerThreadWanted } from './parallel/index.js';
import type { WorkerPool } from './parallel/pool.js';
import { placingKey, postIdentity, renderSite, siteKey, THEME_TEMPLATES, type PageKeys, type RenderContext } from './render/index.js';
import { SEARCH_DIR, SHARDS_FILE, searchLayoutSalt, searchSalt, searchStep } from './search/index.js';
import type { KeptFile, OutputFile, Post, PostEntry, SiteModel } from './types.js';
import { OutputCheck, outputFolderOf, standInKey, standInsKept, unchangedSite, withoutStandIns, writeSite } from './write/index.js';

/** The default theme's static files, copied before the site's own `public/`. */
const THEME_PUBLIC = fileURLToPath(new URL('../public', import.meta.url));

export interface BuildOptions {
  config: ResolvedConfig;
  includeDrafts: boolean;
  includeFuture: boolean;
  /** Publish the valid posts and report the invalid ones as warnings, instead of failing. */
  skipInvalid: boolean;
  /** The moment that decides which posts are in the future. */
  now?: Date;
  /** Called as the build moves on, for a progress bar. */
  onProgress?: (stage: string, done: number, total: number) => void;
}

export interface BuildSummary {
  published: number;
  leftOut: LeftOut & { invalid: number };
  pages: number;
  files: number;
  diagnostics: Diagnostic[];
  /**
   * What the build cache saved: posts reused and cleaned, files carried over and written, and how
   * the model was had (see `ModelMade`); and how many files of the output folder were found gone or
   * changed since the last build (see OutputCheck), when any were.
   */
  cache: { postsReused: number; postsCleaned: number; filesWritten: number; siteKept: boolean; model: ModelMade; outputTouched?: number };
  /** The search index's shards, and how many came unchanged from the last build; absent when search is off or failed. */
  search?: { shards: number; reused: number };
}

/**
 * How a build had its model: none needed (the site kept whole), built from every post, built with
 * the posts placed as the last build placed them (its related lists kept), or the last build's
 * model with the posts removed or changed since taken out of it and the new or changed ones put in.
 */
export type ModelMade = 'none' | 'built' | 'placed as before' | 'changed in place';

/**
 * Builds the site into `config.outDir`; throws `BuildError` and writes nothing when a post is
 * invalid, or when another build of the site is running (see build-lock.ts).
 */
export async function buildSite(options: BuildOptions): Promise<BuildSummary> {
  const unlock = lockBuild(cacheDirOf(options.config), options.config.root);
  try {
    return await buildUnderLock(options);
  } finally {
    unlock();
  }
}

async function buildUnderLock(options: BuildOptions): Promise<BuildSummary> {
  const { config } = options;
  const now = options.now ?? new Date();
  const problems: Diagnostic[] = [];
  const cache = openPostCache(config);
  try {
    const outDir = outputFolderOf(path.resolve(config.root, config.outDir));
    const recorded = readOutputRecord(config, outDir);
    // A worker checks the files the record lists while this thread reads the posts.
    const check = recorded && fs.existsSync(outDir) ? new OutputCheck(outDir, recorded) : undefined;
    const salt = pageSaltOf(config);
    const siteSalt = siteSaltOf(config, salt);
    const loaded = await loadPosts(config, cache, options.onProgress, problems, byStampsOf(options, cache, siteSalt, recorded, now, check));
    // Saved now, while the heap holds little: at the end it was the build's peak of memory.
    cache.save();
    const touched = await check?.touched();
    const previous = recorded && asLeft(recorded, touched);
    const pageKeys: PageKeys = { salt, previous: previous ? withoutStandIns(previous.keys) : new Map() };
    // Selected now, or as the build whose stamps every file kept selected them.
    const selected = loaded.posts && selectPublished(loaded.posts, { ...options, now });
    const { leftOut, nextDue } = selected ?? loaded.kept!;
    const site = selected ? planOutput(selected.published, config, pageKeys, siteSalt, previous, outDir, loaded.gone) : keptPlan(previous!);
    problems.push(...site.modelProblems.map((p) => ({ ...p })));
    const invalid = settleInvalid(problems, options.skipInvalid);
    // Kept whole from the stamps, with the same static files: nothing to write, and the record stands.
    const asItIs = loaded.kept && unchangedSite(outDir, staticDirsOf(config), { ...previous!, unkeyed: previous!.site!.unkeyed });
    if (asItIs) {
      const stats = { postsReused: loaded.files, postsCleaned: 0, filesWritten: 0, siteKept: true, model: site.model };
      return { published: site.published, leftOut: { ...leftOut, invalid }, ...asItIs, diagnostics: problems, cache: stats };
    }
    const search = config.search && site.entries ? searchStep(config, site.entries, problems, { cacheDir: path.join(cacheDirOf(config), 'search'), left: previous, onProgress: options.onProgress }) : undefined;
    const keys = new Map<string, string>();
    const unkeyed: string[] = [];
    clearOutputRecord(config);
    const written = await writeSite(outDir, counted(site.files, site.fileCount, options.onProgress, keys, unkeyed), staticDirsOf(config), problems, {
      finishing: search,
      previousFiles: previous,
      offThread: writerThreadWanted(site.published),
      spares: path.join(cacheDirOf(config), 'spare-files'),
      admittedWith: site.filesAsBefore ? previous?.statics : undefined,
      // Without search, no index: one an earlier build made goes too. With it, the same when the
      // last build did not record its index (an older version's): what this one does not make goes.
      dropFolders: config.search && previous?.keys.has(`${SEARCH_DIR}/${SHARDS_FILE}`) ? undefined : [SEARCH_DIR],
    });
    problems.push(...site.renderProblems.map((p) => ({ ...p })));
    for (const [file, key] of written.finished) keys.set(file, key);
    // A generated file a static one stood in for holds the static file's bytes: its key says so, so
    // that it is made again once the static one goes (and the site is not kept whole then).
    for (const relative of written.statics) if (keys.has(relative)) keys.set(relative, standInKey(relative));
    // A site whose index failed is not kept whole: the next build tries the index again.
    const indexed = !search || Boolean(search.result?.shards);
    const stamped = loaded.filesKey ? { key: loaded.filesKey, nextDue, files: loaded.files, loadProblems: loaded.loadProblems, leftOut } : undefined;
    const siteRecord = site.key && indexed ? { key: site.key, unkeyed, published: site.published, modelProblems: site.modelProblems, renderProblems: site.renderProblems, stamped } : undefined;
    // A site kept whole keeps the model record that describes it.
    const modelRecord = site.modelRecord?.();
    if (modelRecord) saveModelRecord(config, modelRecord);
    const modelRecordId = modelRecord?.id ?? (site.keptWhole ? previous?.modelRecordId : undefined);
    saveOutputRecord(config, { outDir, files: new Set(written.paths), stamps: written.stamps, statics: written.statics, keys, pageSalt: salt, site: siteRecord, modelRecordId });
    const stats = { postsReused: loaded.posts ? cache.stats.reused : loaded.files, postsCleaned: cache.stats.cleaned, filesWritten: written.written, siteKept: site.keptWhole, model: site.model, outputTouched: touched?.size || undefined };
    const searched = search?.result && { shards: search.result.shards, reused: search.result.reused };
    return { published: site.published, leftOut: { ...leftOut, invalid }, pages: written.pages, files: written.files, diagnostics: problems, cache: stats, search: searched };
  } finally {
    cache.save();
    cache.close();
    cache.dropDeadPacks();
  }
}

/**
 * What may keep the site from the post files' stamps alone (see `StampedInputs`): the salt their
 * key is made under (the cache's and the pages' salts, and which posts are let in), and the last
 * build's record, when it still holds: none of its future posts came due, and the output folder
 * is as it left it (`check`, see `asLeft`).
 */
function byStampsOf(options: BuildOptions, cache: PostCache, siteSalt: string, recorded: OutputRecord | undefined, now: Date, check: OutputCheck | undefined): KeepByStamps {
  const salt = digest(cache.salt, siteSalt, `drafts:${options.includeDrafts}`, `future:${options.includeFuture}`);
  const last = recorded?.site?.stamped;
  const due = last && (last.nextDue === undefined || now.getTime() < last.nextDue);
  return { salt, last: due && check ? last : undefined, outputAsLeft: async () => (await check?.touched())?.size === 0 };
}

interface KeepByStamps {
  salt?: string;
  last?: StampedInputs;
  /** True when every file the last build wrote is still as it left it. */
  outputAsLeft?: () => Promise<boolean>;
}

/**
 * The record of the output folder as the folder bears it out. Files gone or changed since the last
 * build (`touched`, by their stamps) lose their keys, so their pages are rendered and written again
 * as a cold build would write them, and the site is no longer kept whole. Undefined when the check
 * failed: then nothing the record says is trusted.
 */
function asLeft(recorded: OutputRecord, touched: Set<string> | undefined): OutputRecord | undefined {
  if (!touched) return undefined;
  if (!touched.size) return recorded;
  return { ...recorded, keys: new Map([...recorded.keys].filter(([file]) => !touched.has(file))), site: undefined };
}

/** The posts as loaded, or (when every post file kept its stamp) the record of the build that stamped them: one of the two. */
interface LoadedPosts {
  posts?: Post[];
  kept?: StampedInputs;
  /** The key of the files as stamped (see `stampsKey`), when every stamp could be trusted. */
  filesKey?: string;
  files: number;
  /** What loading and cleaning reported, not the listing: a build keeping the site from the stamps repeats it. */
  loadProblems: Diagnostic[];
  /** The last build's posts whose files were removed or changed since, by identity (see postIdentity); absent when too many. */
  gone?: ReadonlyMap<string, Post>;
}

/** Finds, loads and cleans every post file; a function of its own, so the file list is not held while the site is written. */
async function loadPosts(config: ResolvedConfig, cache: PostCache, onProgress: BuildOptions['onProgress'], problems: Diagnostic[], byStamps: KeepByStamps): Promise<LoadedPosts> {
  const clean = cleanOptionsOf(config);
  const setup = batchSetup(cache.salt, { timeZone: config.timeZone, clean });
  let workers: WorkerPool | undefined;
  try {
    const postFiles = findPostFiles(config.root, config.postsDir, problems);
    const listed = problems.length;
    const threads = threadCount(postFiles.length);
    // A worker boots on the other core while this thread stamps the files and reads the cache
    // index; only after the stamps, when they may keep the whole site, which needs none.
    if (threads > 1 && !byStamps.last) workers = startCleanWorkers(setup);
    const stamps = postFiles.map((file) => fileStamp(file.absolutePath));
    const filesKey = byStamps.salt === undefined ? undefined : stampsKey(byStamps.salt, postFiles, stamps);
    if (filesKey !== undefined && filesKey === byStamps.last?.key && (await byStamps.outputAsLeft!())) {
      problems.push(...byStamps.last.loadProblems.map((p) => ({ ...p })));
      return { kept: byStamps.last, filesKey, files: postFiles.length, loadProblems: byStamps.last.loadProblems };
    }
    if (threads > 1) workers ??= startCleanWorkers(setup);
    // What the workers send grows the heap under the build's tight steps, the index under wider ones.
    whileReadingIndex(() => cache.readIndex());
    tuneHeapForBuild();
    // Many posts to clean will most likely change the site: what modelling and rendering it needs
    // loads while this thread would otherwise wait for the workers (pinyin-pro took 0.09 s).
    const posts = await loadAndCleanPosts(postFiles, cache, { timeZone: config.timeZone, clean, threads, onProgress, workers, stamps, meanwhile: loadWaitingModules }, problems);
    // Read now: the cache forgets the last index when it saves.
    const left = cache.entriesNotTaken(MOST_TAKEN_OUT);
    const gone = left && new Map([...left].flatMap(([key, entry]) => (entry.post ? [[key, cachedPost(entry, key, cache)] as const] : [])));
    return { posts, filesKey, files: postFiles.length, loadProblems: problems.slice(listed).map((p) => ({ ...p })), gone };
  } finally {
    await workers?.close();
  }
}

/** The site's files, and what the model and render reported on the way (replayed when the site is kept whole). */
interface OutputPlan {
  files: Iterable<OutputFile | KeptFile>;
  /** How many files, for progress. */
  fileCount: number;
  published: number;
  /** The site's input key, when it has one (see `siteKey`). */
  key?: string;
  /** True when the previous build's files are kept whole, nothing modelled or rendered. */
  keptWhole: boolean;
  model: ModelMade;
  /**
   * True when the files have the paths the previous build wrote, no more and no fewer: the site is
   * kept whole, or its posts are placed as that build placed them (`placingKey`), which decides
   * every page's path.
   */
  filesAsBefore: boolean;
  /** The model's entries, for the search index; absent when the site is kept whole. */
  entries?: PostEntry[];
  modelProblems: Diagnostic[];
  /** Filled while the files are rendered. */
  renderProblems: Diagnostic[];
  /** What the next build may reuse of the model (see `ModelRecord`); absent when the site is kept whole. */
  modelRecord?: () => ModelRecord;
}

/**
 * The files of the site. When its input key (every published post's content, the templates, code
 * and settings) equals the previous build's, every page would come out as the output folder holds
 * it: the previous build's files are kept, and nothing is modelled or rendered. Otherwise the site
 * is modelled and each page is rendered or kept by its own key. The search index is one of the
 * files, a function of the same posts (see siteSaltOf, which makes `siteSalt`).
 */
function planOutput(published: Post[], config: ResolvedConfig, pageKeys: PageKeys, siteSalt: string, previous: OutputRecord | undefined, outDir: string, gone: ReadonlyMap<string, Post> | undefined): OutputPlan {
  const identities = published.map(postIdentity);
  const key = siteKey(siteSalt, identities);
  if (key && previous?.site?.key === key && fs.existsSync(outDir) && standInsKept(staticDirsOf(config), previous.keys)) return keptPlan(previous);
  const modelProblems: Diagnostic[] = [];
  const renderProblems: Diagnostic[] = [];
  // Placed as the last build placed them: its related lists stand, and only pages showing a post
  // whose contents changed need their keys made again.
  const placing = placingKey(pageKeys.salt, published);
  const last = readModelRecord(config, previous);
  const same = last?.placing === placing ? last : undefined;
  // Unchanged posts go where the last build put them, whatever else changed (an added post, say),
  // and so do those gone since, should the last build's model be made again.
  const goneSince = [...(gone ?? [])];
  const restore = () => restorePlacements(last, pageKeys.salt, [...published, ...goneSince.map(([, post]) => post)], [...identities, ...goneSince.map(([key]) => key)], config.permalink);
  let memo = restore();
  // Or the changed posts taken out of the last build's model and put in: only the pages they changed need keys made again.
  let inPlace: ReturnType<typeof modelChangedInPlace>;
  if (!same && last && gone) {
    inPlace = modelChangedInPlace(published, identities, last, gone, pageKeys.salt, config, memo);
    // A change given up may have left placements of its own in the memo.
    if (!inPlace) memo = restore();
  }
  const changedPosts = same ? new Set(published.filter((_, i) => identities[i] !== same.postKeys[i])) : inPlace && new Set<Post>();
  const model = inPlace?.model ?? modelOf(published, config, modelProblems, { keptRelated: same?.related, memo });
  const files = renderSite(model, { ...renderContextOf(config), pageKeys: { ...pageKeys, placing, changedPosts, inPlace: inPlace?.changed } }, renderProblems);
  // Placed as before, the posts went where the last record says.
  const modelRecord = () => ({ id: randomUUID(), placing, postKeys: identities, related: keptRelatedOf(model.entries), placements: same?.placements ?? keptPlacementsOf(model, published, memo, pageKeys.salt) });
  const made = same ? 'placed as before' : inPlace ? 'changed in place' : 'built';
  return { files, fileCount: pageCount(model), published: model.entries.length, key, keptWhole: false, model: made, filesAsBefore: same !== undefined, entries: model.entries, modelProblems, renderProblems, modelRecord };
}

/**
 * The model of `published` as the last build's, changed in place (as dev mode changes its kept
 * model: see changeAll): the posts gone since (`gone`: removed, or changed, which moves
 * them) taken out, and the new ones put in. The others are placed as that build placed them, its
 * related lists kept, and only the pages the change touched need their keys made again. A news
 * archive changes this way day by day: posts added, mostly at its newest end, and a few corrected.
 * Undefined: the model is to be built whole.
 */
function modelChangedInPlace(published: Post[], identities: string[], last: ModelRecord, gone: ReadonlyMap<string, Post>, salt: string, config: ResolvedConfig, memo: ModelMemo): { model: SiteModel; changed: ChangedPages } | undefined {
  const known = new Set(last.postKeys);
  const added = published.filter((_, i) => !known.has(identities[i]));
  const byIdentity = new Map(published.map((post, i) => [identities[i], post]));
  // The last build's posts in its order: the ones still here and the ones gone since.
  const lastPublished = last.postKeys.map((key) => byIdentity.get(key) ?? gone.get(key));
  const taken = last.postKeys.filter((key) => !byIdentity.has(key)).map((key) => gone.get(key));
  if ((!added.length && !taken.length) || !fitsInPlace(taken.length, added.length) || !isEvery(lastPublished) || !isEvery(taken)) return undefined;
  // Those posts are placed as the last build placed them, by its placing key, when the page salt
  // is its own: a post's fields are a function of its identity (its file's path and bytes, under
  // everything else that shapes the post), and the gone ones come from the entries that build used.
  // So the salt is compared, not the key made again (0.03-0.05 s at 20,000 posts).
  if (last.placements.salt !== salt) return undefined;
  const problems: Diagnostic[] = [];
  const model = modelOf(lastPublished, config, problems, { keptRelated: last.related, memo });
  if (problems.length) return undefined;
  // Related lists of its own: on a failed change, the memo must not lead the whole model's.
  const options = modelOptionsOf(config, { memo: { ...memo, related: { lists: new Map(), of: new Map() } } });
  const takenOut = new Set<Post>(taken);
  const change = changeAll(model, model.entries.filter((entry) => takenOut.has(entry.post)), added, options);
  return change && change !== 'spoiled' ? { model, changed: change } : undefined;
}

const isEvery = <T>(list: (T | undefined)[]): list is T[] => list.every((item) => item !== undefined);

/** The previous build's site, kept whole: its files as they are, what its model and render reported. */
function keptPlan(previous: OutputRecord): OutputPlan {
  const kept = previous.site!;
  const fileCount = previous.keys.size + kept.unkeyed.length;
  return { files: keptFiles(previous.keys, kept.unkeyed), fileCount, published: kept.published, key: kept.key, keptWhole: true, model: 'none', filesAsBefore: true, modelProblems: kept.modelProblems, renderProblems: kept.renderProblems };
}

/** The previous build's files, kept as they are: the keyed ones with their keys, then the others. */
function* keptFiles(keys: ReadonlyMap<string, string>, unkeyed: string[]): Generator<KeptFile> {
  const gone = (path: string) => () => {
    throw new Error(`${path} is gone from the output folder since the last build; build again`);
  };
  for (const [path, inputKey] of keys) yield { path, inputKey, kept: true, render: gone(path) };
  for (const path of unkeyed) yield { path, kept: true, render: gone(path) };
}

// The stages piece by piece, for dev mode's incremental rebuilds.
export { findPostFiles, type PostFile } from './load/find-posts.js';
export { createRenderer, inputKey, planSite, type PagePlan, type Renderer } from './render/index.js';
export { readMarkedOutputRecord, outputRecordMark } from './cache/index.js';
export { SEARCH_DIR } from './search/index.js';
export { outputFolderOf, sameStamp, stampOffsets, type StampedFiles } from './write/index.js';
export { createModelMemo, type ModelMemo } from './model/index.js';

/** Which posts are published and where: the options that decide it. */
export type ModelSiteOptions = Pick<BuildOptions, 'config' | 'includeDrafts' | 'includeFuture' | 'now'> & { memo?: ModelMemo };

/** Selects the published posts and places them in the site. */
export function modelSite(posts: Post[], options: ModelSiteOptions, problems: Diagnostic[]): { model: SiteModel; leftOut: LeftOut } {
  const { config } = options;
  const { published, leftOut } = selectPublished(posts, options);
  return { model: modelOf(published, config, problems, { memo: options.memo }), leftOut };
}

/** Places posts already selected as published (see modelSite) in the site. */
export function modelPublished(published: Post[], options: Pick<ModelSiteOptions, 'config' | 'memo'>): SiteModel {
  return modelOf(published, options.config, [], { memo: options.memo });
}

function selectPublished(posts: Post[], options: Pick<BuildOptions, 'includeDrafts' | 'includeFuture' | 'now'>): ReturnType<typeof selectPosts<Post>> {
  return selectPosts(posts, { includeDrafts: options.includeDrafts, includeFuture: options.includeFuture, now: options.now ?? new Date() });
}

function modelOf(published: Post[], config: ResolvedConfig, problems: Diagnostic[], kept: Pick<ModelOptions, 'memo' | 'keptRelated'> = {}): SiteModel {
  return buildSiteModel(published, modelOptionsOf(config, kept), problems);
}

function modelOptionsOf(config: ResolvedConfig, kept: Pick<ModelOptions, 'memo' | 'keptRelated'>): ModelOptions {
  return { ...config, siteTitle: config.title, ...kept };
}

export function renderContextOf(config: ResolvedConfig): RenderContext {
  return { site: config, timeZone: config.timeZone, feedSize: config.feedSize, templatesDir: path.resolve(config.root, config.templatesDir) };
}

/** What every page's input key is made under: the site's templates and the theme's, the render code, the settings (see pageSalt). */
export function pageSaltOf(config: ResolvedConfig): string {
  return pageSalt(config, [path.resolve(config.root, config.templatesDir), THEME_TEMPLATES]);
}

/**
 * What the whole site is made under besides its posts: the page salt, and with search on the
 * index's (the indexer's version, the record code, where the shards are cut and put), which the
 * pages' keys need not carry.
 */
function siteSaltOf(config: ResolvedConfig, pageSalt: string): string {
  return config.search ? digest(pageSalt, searchSalt(config), searchLayoutSalt()) : pageSalt;
}

/** Static folders in copy order: the theme's, then the site's `public/` (which wins). */
export function staticDirsOf(config: ResolvedConfig): string[] {
  return [...new Set([THEME_PUBLIC, path.resolve(config.root, config.publicDir)])];
}

/** The clean stage's options; a misspelt rule name or a switched-off sanitizer is a config error (exit 2). */
export function cleanOptionsOf(config: ResolvedConfig): CleanOptions {
  checkCleanRuleNames(config);
  return { disabledRules: new Set(Object.keys(config.clean).filter((name) => !config.clean[name])), allowHtml: config.allowHtml };
}

/** A misspelt rule name in `clean:` would silently switch nothing off, and the sanitizer cannot be. */
function checkCleanRuleNames(config: ResolvedConfig): void {
  const file = config.configFile ?? '';
  const problems: Diagnostic[] = [];
  for (const [name, isOn] of Object.entries(config.clean)) {
    if (!CLEAN_RULE_NAMES.includes(name)) problems.push({ severity: 'error', file, message: `unknown clean rule "clean.${name}"`, hint: `known rules: ${CLEAN_RULE_NAMES.join(', ')}` });
    else if (!isOn && REQUIRED_RULES.has(name)) problems.push({ severity: 'error', file, message: `clean rule "clean.${name}" cannot be switched off`, hint: 'without it, scraped pages could publish scripts and unsafe links' });
  }
  if (problems.length) throw new BuildError('the config is invalid', problems, 2);
}

/** Passes the files on, reporting progress and noting each one's input key, or that it has none. */
function* counted<T extends { path: string; inputKey?: string }>(items: Iterable<T>, total: number, onProgress: BuildOptions['onProgress'], keys: Map<string, string>, unkeyed: string[]): Generator<T> {
  let done = 0;
  for (const item of items) {
    if (item.inputKey) keys.set(item.path, item.inputKey);
    else unkeyed.push(item.path);
    yield item;
    onProgress?.('write', Math.min(++done, total), total);
  }
}

/** Fails the build on any error, or (skipping invalid posts) turns them into warnings; returns how many files were skipped. */
function settleInvalid(problems: Diagnostic[], skipInvalid: boolean): number {
  const errors = problems.filter((p) => p.severity === 'error');
  if (errors.length && !skipInvalid) throw new BuildError(`${new Set(errors.map((e) => e.file)).size} invalid post(s); nothing was written`, problems);
  for (const error of errors) error.severity = 'warning';
  return new Set(errors.map((e) => e.file)).size;
}
