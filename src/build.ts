// The whole build, one call per stage.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { clearOutputRecord, openPostCache, pageSalt, readOutputRecord, saveOutputRecord } from './cache/index.js';
import type { ResolvedConfig } from './config.js';
import { BuildError, type Diagnostic } from './diagnostics.js';
import { findPostFiles } from './load/index.js';
import { buildSiteModel, selectPosts, type LeftOut } from './model/index.js';
import { loadAndCleanPosts } from './parallel/index.js';
import { renderSite, THEME_TEMPLATES } from './render/index.js';
import type { SiteModel } from './types.js';
import { writeSite } from './write/index.js';

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
  /** What the build cache saved: posts reused and cleaned, files carried over and written. */
  cache: { postsReused: number; postsCleaned: number; filesWritten: number };
}

/** Builds the site into `config.outDir`; throws `BuildError` and writes nothing when a post is invalid. */
export async function buildSite(options: BuildOptions): Promise<BuildSummary> {
  const { config } = options;
  const problems: Diagnostic[] = [];
  const cache = openPostCache(config);
  try {
    const postFiles = findPostFiles(config.root, config.postsDir, problems);
    const disabledRules = Object.keys(config.clean).filter((name) => !config.clean[name]);
    const cleaned = await loadAndCleanPosts(postFiles, cache, { timeZone: config.timeZone, disabledRules, onProgress: options.onProgress }, problems);
    const { published, leftOut } = selectPosts(cleaned, { includeDrafts: options.includeDrafts, includeFuture: options.includeFuture, now: options.now ?? new Date() });
    const model = buildSiteModel(published, { ...config, siteTitle: config.title }, problems);
    const invalid = settleInvalid(problems, options.skipInvalid);
    const templatesDir = path.resolve(config.root, config.templatesDir);
    const outDir = path.resolve(config.root, config.outDir);
    const previous = readOutputRecord(config, outDir);
    const pageKeys = { salt: pageSalt(config, [templatesDir, THEME_TEMPLATES]), previous: previous?.keys ?? new Map<string, string>() };
    const files = renderSite(model, { site: config, timeZone: config.timeZone, feedSize: config.feedSize, templatesDir, pageKeys }, problems);
    const staticDirs = [...new Set([THEME_PUBLIC, path.resolve(config.root, config.publicDir)])];
    const keys = new Map<string, string>();
    clearOutputRecord(config);
    const written = await writeSite(outDir, counted(files, pageCount(model), options.onProgress, keys), staticDirs, problems, undefined, previous?.files);
    saveOutputRecord(config, { outDir, files: new Set(written.paths), keys });
    const stats = { postsReused: cache.stats.reused, postsCleaned: cache.stats.cleaned, filesWritten: written.written };
    return { published: model.entries.length, leftOut: { ...leftOut, invalid }, pages: written.pages, files: written.files, diagnostics: problems, cache: stats };
  } finally {
    cache.save();
  }
}

function pageCount(model: SiteModel): number {
  return model.entries.length + model.listings.reduce((sum, listing) => sum + listing.pages.length, 0);
}

/** Passes the files on, reporting progress and noting each one's input key. */
function* counted<T extends { path: string; inputKey?: string }>(items: Iterable<T>, total: number, onProgress: BuildOptions['onProgress'], keys: Map<string, string>): Generator<T> {
  let done = 0;
  for (const item of items) {
    if (item.inputKey) keys.set(item.path, item.inputKey);
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
