// The whole build, one call per stage.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CLEAN_RULE_NAMES, REQUIRED_RULES, cleanPost, type CleanOptions } from './clean/index.js';
import type { ResolvedConfig } from './config.js';
import { BuildError, type Diagnostic } from './diagnostics.js';
import { loadPost, loadPosts, type PostFile } from './load/index.js';
import { buildSiteModel, selectPosts, type LeftOut, type ModelMemo } from './model/index.js';
import { renderSite, type RenderContext } from './render/index.js';
import { searchStep } from './search/index.js';
import type { Post, SiteModel } from './types.js';
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
}

/** Builds the site into `config.outDir`; throws `BuildError` and writes nothing when a post is invalid. */
export async function buildSite(options: BuildOptions): Promise<BuildSummary> {
  const { config } = options;
  const problems: Diagnostic[] = [];
  const loaded = loadPosts(config.root, config.postsDir, config.timeZone, problems);
  const cleanOptions = cleanOptionsOf(config);
  const cleaned = loaded.map((post, i) => {
    options.onProgress?.('clean', i + 1, loaded.length);
    return cleanPost(post, cleanOptions);
  });
  const { model, leftOut } = modelSite(cleaned, options, problems);
  const invalid = settleInvalid(problems, options.skipInvalid);
  const files = renderSite(model, renderContextOf(config), problems);
  const indexSearch = config.search ? searchStep(config.language, problems, options.onProgress) : undefined;
  const written = await writeSite(path.resolve(config.root, config.outDir), counted(files, pageCount(model), options.onProgress), staticDirsOf(config), problems, indexSearch);
  return { published: model.entries.length, leftOut: { ...leftOut, invalid }, pages: written.pages, files: written.files, diagnostics: problems };
}

// The stages piece by piece, for dev mode's incremental rebuilds.
export { findPostFiles, type PostFile } from './load/index.js';
export { createRenderer, planSite, type PagePlan, type Renderer } from './render/index.js';
export { createModelMemo, type ModelMemo } from './model/index.js';

/** Which posts are published and where: the options that decide it. */
export type ModelSiteOptions = Pick<BuildOptions, 'config' | 'includeDrafts' | 'includeFuture' | 'now'> & { memo?: ModelMemo };

/** Loads and cleans one post file; undefined (with problems) when it cannot be built. */
export function readPost(file: PostFile, config: ResolvedConfig, problems: Diagnostic[]): Post | undefined {
  const loaded = loadPost(file, config.timeZone, problems);
  return loaded && cleanPost(loaded, cleanOptionsOf(config));
}

/** Selects the published posts and places them in the site. */
export function modelSite(posts: Post[], options: ModelSiteOptions, problems: Diagnostic[]): { model: SiteModel; leftOut: LeftOut } {
  const { config } = options;
  const { published, leftOut } = selectPosts(posts, { includeDrafts: options.includeDrafts, includeFuture: options.includeFuture, now: options.now ?? new Date() });
  return { model: buildSiteModel(published, { ...config, siteTitle: config.title, memo: options.memo }, problems), leftOut };
}

export function renderContextOf(config: ResolvedConfig): RenderContext {
  return { site: config, timeZone: config.timeZone, feedSize: config.feedSize, templatesDir: path.resolve(config.root, config.templatesDir) };
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

function pageCount(model: SiteModel): number {
  return model.entries.length + model.listings.reduce((sum, listing) => sum + listing.pages.length, 0);
}

function* counted<T>(items: Iterable<T>, total: number, onProgress: BuildOptions['onProgress']): Generator<T> {
  let done = 0;
  for (const item of items) {
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
