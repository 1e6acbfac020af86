// The whole build, one call per stage.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CLEAN_RULE_NAMES, REQUIRED_RULES, cleanPost } from './clean/index.js';
import type { ResolvedConfig } from './config.js';
import { BuildError, type Diagnostic } from './diagnostics.js';
import { loadPosts } from './load/index.js';
import { buildSiteModel, selectPosts, type LeftOut } from './model/index.js';
import { renderSite } from './render/index.js';
import { searchStep } from './search/index.js';
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
}

/** Builds the site into `config.outDir`; throws `BuildError` and writes nothing when a post is invalid. */
export async function buildSite(options: BuildOptions): Promise<BuildSummary> {
  const { config } = options;
  const problems: Diagnostic[] = [];
  const loaded = loadPosts(config.root, config.postsDir, config.timeZone, problems);
  checkCleanRuleNames(config);
  const disabledRules = new Set(Object.keys(config.clean).filter((name) => !config.clean[name]));
  const cleaned = loaded.map((post, i) => {
    options.onProgress?.('clean', i + 1, loaded.length);
    return cleanPost(post, { disabledRules, allowHtml: config.allowHtml });
  });
  const { published, leftOut } = selectPosts(cleaned, { includeDrafts: options.includeDrafts, includeFuture: options.includeFuture, now: options.now ?? new Date() });
  const model = buildSiteModel(published, { ...config, siteTitle: config.title }, problems);
  const invalid = settleInvalid(problems, options.skipInvalid);
  const files = renderSite(model, { site: config, timeZone: config.timeZone, feedSize: config.feedSize, templatesDir: path.resolve(config.root, config.templatesDir) }, problems);
  const staticDirs = [...new Set([THEME_PUBLIC, path.resolve(config.root, config.publicDir)])];
  const indexSearch = config.search ? searchStep(config, model.entries, problems, options.onProgress) : undefined;
  const written = await writeSite(path.resolve(config.root, config.outDir), counted(files, pageCount(model), options.onProgress), staticDirs, problems, indexSearch);
  return { published: model.entries.length, leftOut: { ...leftOut, invalid }, pages: written.pages, files: written.files, diagnostics: problems };
}

/** A misspelt rule name in `clean:` would silently switch nothing off, and the sanitizer cannot be: config errors (exit 2). */
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
