// The render stage: the model to the site's files, one page at a time.
import fs from 'node:fs';
import path from 'node:path';
import type nunjucks from 'nunjucks';
import { isoInZone } from '../dates.js';
import { BuildError, type Diagnostic } from '../diagnostics.js';
import type { KeptFile, OutputFile, Post, PostEntry, SiteModel } from '../types.js';
import { outputPathOf } from '../url-paths.js';
import { pageCount, type ChangedPages } from '../model/index.js';
import { createEnvironment, hasTemplate, searchPathsOf } from './environment.js';
import { atomFeedParts, type FeedInfo } from './feed.js';
import { ArticleTrack, archivesKey, FeedTrack, inputKey, ListingTrack, mayShowChanged, termsKey, type PageTrack } from './page-keys.js';
import { sitemapFiles, sitemapPaths, type SitemapUrl } from './sitemap.js';
import { urlMaker, type UrlMaker } from './site-urls.js';
import { templateClosure } from './template-deps.js';
import { fromParts } from './utf8-parts.js';
import { archivesView, articleView, listingView, searchView, statsView, termsView } from './views.js';

export { urlMaker, type UrlMaker } from './site-urls.js';
export { THEME_TEMPLATES } from './environment.js';
export { inputKey, placingKey, postIdentity, siteKey } from './page-keys.js';

/** What rendering needs besides the model. */
export interface RenderContext {
  site: { title: string; description: string; url: string; basePath: string; language: string; search?: boolean; relativeLinks?: boolean };
  timeZone: string;
  feedSize: number;
  templatesDir: string;
  /** When given, pages whose input key equals the previous build's are not rendered but kept. */
  pageKeys?: PageKeys;
}

/** The previous build's page keys, and the salt both builds' keys are made under. */
export interface PageKeys {
  /** Everything besides a page's view that shapes it: template files, render code, settings. */
  salt: string;
  /** Output path → input key, for the files now in the output folder. */
  previous: ReadonlyMap<string, string>;
  /** The site's placing key (`placingKey`), which the sitemap is keyed by. */
  placing?: string;
  /**
   * Given when the site's placing key (`placingKey`) equals the previous build's, or when that
   * build's model was changed in place (`inPlace`): the posts whose contents changed since. A
   * tracked page (article, listing, feed) showing none of them, and nothing the change in place
   * touched, has its previous key, which is not made again.
   */
  changedPosts?: ReadonlySet<Post>;
  /** The pages that posts taken out of the previous build's model, or put into it, may have changed (see changeAll). */
  inPlace?: ChangedPages;
}

/** The templates and URL rules of one render context, compiled once and reused until a template changes. */
export interface Renderer {
  readonly ctx: RenderContext;
  readonly env: nunjucks.Environment;
  readonly urls: UrlMaker;
  /** The templates each page template uses (itself included); `undefined`: it cannot be told, assume all. */
  usedBy(template: string): Set<string> | undefined;
}

/** One file of the site, planned but not yet rendered. */
export interface PagePlan {
  /** Relative to the output folder, forward slashes. */
  path: string;
  /** The post it comes from, for diagnostics. */
  source?: string;
  /** The page template it is rendered with, if any. */
  template?: string;
  /** What the page shows, apart from templates: equal keys render equal files. Undefined: always render. Made anew each time it is read. */
  key?: string;
  /** What dev mode follows of the page across rebuilds (see PageTrack); a tracked page's key is its track's. */
  track?: PageTrack;
  render(): string;
  /** The same file as UTF-8 bytes made from its parts, for the largest files (see utf8Of): a build writes these. */
  bytes?(): Buffer;
}

export function createRenderer(ctx: RenderContext): Renderer {
  const urls = urlMaker(ctx.site.url, ctx.site.basePath, ctx.site.relativeLinks);
  const env = createEnvironment(ctx.templatesDir, urls, ctx.timeZone);
  const closures = new Map<string, Set<string> | undefined>();
  const usedBy = (template: string) => {
    if (!closures.has(template)) closures.set(template, templateClosure(template, searchPathsOf(env)));
    return closures.get(template);
  };
  return { ctx, env, urls, usedBy };
}

/**
 * Renders every page, feed and sitemap; layout problems go to `problems`. With `pageKeys`, a page
 * whose input key is unchanged since the previous build is handed on as kept, not rendered.
 */
export function* renderSite(model: SiteModel, ctx: RenderContext, problems: Diagnostic[]): Generator<OutputFile | KeptFile> {
  const changed = ctx.pageKeys?.changedPosts;
  const inPlace = ctx.pageKeys?.inPlace;
  const mayHaveChanged = (track: PageTrack) => (inPlace !== undefined && mayShowChanged(track, inPlace)) || (changed!.size > 0 && track.shows().some((entry) => changed!.has(entry.post)));
  for (const plan of planSite(model, createRenderer(ctx), problems)) {
    const previousKey = ctx.pageKeys?.previous.get(plan.path);
    if (changed && previousKey !== undefined && plan.track && !mayHaveChanged(plan.track)) {
      yield { path: plan.path, source: plan.source, inputKey: previousKey, kept: true, render: plan.render };
      continue;
    }
    const pageKey = ctx.pageKeys && plan.key;
    const key = pageKey === undefined ? undefined : inputKey(ctx.pageKeys!.salt, plan.template, pageKey);
    // The previous key's string, not the equal one just made: it is old already, and the new one
    // then dies young instead of being copied by every collection until the build ends.
    if (key && previousKey === key) yield { path: plan.path, source: plan.source, inputKey: previousKey, kept: true, render: plan.render };
    else yield { path: plan.path, source: plan.source, contents: plan.bytes ? plan.bytes() : plan.render(), inputKey: key };
  }
}

/**
 * Every file of the site with its key and how to render it, one at a time: nothing is rendered and
 * no key is built until asked for, so a build holds only the page at hand, never the whole site's.
 */
export function* planSite(model: SiteModel, renderer: Renderer, problems: Diagnostic[]): Generator<PagePlan> {
  const { ctx, env, urls } = renderer;
  const page = (template: string, url: string, key: PageTrack | (() => string) | undefined, view: () => object, source?: string, path = outputPathOf(url)): PagePlan => {
    const track = typeof key === 'object' ? key : undefined;
    return lazyKey(track ? () => track.key() : (key as (() => string) | undefined), { path, source, template, track, render: () => renderTemplate(env, template, { site: ctx.site, ...view() }, ctx.templatesDir) });
  };

  const layoutOf = articleLayouts(env, problems);
  const articleContext = { urls, timeZone: ctx.timeZone, siteTitle: ctx.site.title };
  for (const entry of model.entries) {
    const template = layoutOf(entry);
    yield page(template, entry.url, new ArticleTrack(entry, template), () => articleView(entry, articleContext), entry.post.sourcePath, entry.outputPath);
  }
  for (const listing of model.listings) {
    for (const pager of listing.pages) yield page('list.njk', pager.url, new ListingTrack(listing, pager), () => listingView(listing, pager));
  }
  yield page('terms.njk', '/categories/', () => termsKey('category', model.categories), () => termsView('category', model.categories));
  yield page('terms.njk', '/tags/', () => termsKey('tag', model.tags), () => termsView('tag', model.tags));
  yield page('archives.njk', '/archives/', () => archivesKey(model.years), () => archivesView(model.years));
  // The stats page counts every post: no key, so it re-renders each time (cheap: one page).
  yield page('stats.njk', '/stats/', undefined, () => statsView(model));
  yield page('search.njk', '/search/', () => 'search', () => searchView());
  yield page('404.njk', '/404.html', () => '404', () => ({ page: { kind: '404', title: '页面不存在', url: '/404.html' } }));

  yield* feeds(model, ctx, urls);
  // The sitemap lists every page's URL, and the articles' dates: all of it is decided by where the
  // posts are placed, so the placing key is its key (with the salt's settings: site URL, zone, page
  // size). Its text is made only when rendered, once for all its files, and held weakly after: dev
  // holds every page's plan, and so held the sitemap's text (39 MB at 100,000 posts). A build
  // renders its files one after another, in one go; should the text be collected, it is made again.
  const placing = ctx.pageKeys?.placing;
  let sitemap: WeakRef<Map<string, string[]>> | undefined;
  const sitemapParts = (path: string) => {
    let parts = sitemap?.deref();
    if (!parts) sitemap = new WeakRef((parts = new Map(sitemapFiles(sitemapUrls(model, ctx.timeZone), urls).map((file) => [file.path, file.parts]))));
    return parts.get(path)!;
  };
  for (const path of sitemapPaths(sitemapCount(model))) {
    yield { path, key: placing && `sitemap\u0000${placing}`, ...fromParts(() => sitemapParts(path)) };
  }
  const robots = `User-agent: *\nAllow: /\n\nSitemap: ${urls.absolute('/sitemap.xml')}\n`;
  yield { path: 'robots.txt', key: robots, render: () => robots };
}

/**
 * `plan` with a `key` built each time it is read: read it once. A key is hashed when read and then
 * dropped; kept on the plan, dev mode (which holds every page's plan) held every page's key text
 * (some 110 MB at 100,000 posts).
 */
function lazyKey(keyOf: (() => string) | undefined, plan: Omit<PagePlan, 'key'>): PagePlan {
  return new LazyKeyPlan(keyOf, plan);
}

// A class, not Object.defineProperty on each plan: a getter defined per object gave every plan a
// hidden class of its own, so every read of a plan's fields went megamorphic, and those classes (made
// in the old generation) kept each page's plan, track and key alive through young collections.
class LazyKeyPlan implements PagePlan {
  readonly path: string;
  readonly source?: string;
  readonly template?: string;
  readonly track?: PageTrack;
  readonly render: () => string;
  readonly bytes?: () => Buffer;
  readonly #keyOf: (() => string) | undefined;

  constructor(keyOf: (() => string) | undefined, plan: Omit<PagePlan, 'key'>) {
    this.path = plan.path;
    this.source = plan.source;
    this.template = plan.template;
    this.track = plan.track;
    this.render = plan.render;
    this.bytes = plan.bytes;
    this.#keyOf = keyOf;
  }

  get key(): string | undefined {
    return this.#keyOf?.();
  }
}

const SITEMAP_INDEXES = ['/categories/', '/tags/', '/archives/', '/stats/'];

/** Every page in the sitemap, articles with their date: the articles, the listings, then the indexes. */
function* sitemapUrls(model: SiteModel, timeZone: string): Generator<SitemapUrl> {
  for (const entry of model.entries) yield { url: entry.url, lastmod: isoInZone(entry.post.date, timeZone) };
  for (const listing of model.listings) for (const pager of listing.pages) yield { url: pager.url };
  yield* SITEMAP_INDEXES.map((url) => ({ url }));
}

/** How many URLs `sitemapUrls` gives. */
const sitemapCount = (model: SiteModel) => pageCount(model) + SITEMAP_INDEXES.length;

function feeds(model: SiteModel, ctx: RenderContext, urls: UrlMaker): PagePlan[] {
  const feed = (info: FeedInfo, entries: PostEntry[]): PagePlan => {
    const latest = entries.slice(0, ctx.feedSize);
    const track = new FeedTrack(info, latest);
    return lazyKey(() => track.key(), { path: outputPathOf(info.feedUrl), track, ...fromParts(() => atomFeedParts(info, latest, urls, ctx.timeZone)) });
  };
  return [
    feed({ title: ctx.site.title, subtitle: ctx.site.description, feedUrl: '/feed.xml', pageUrl: '/' }, model.entries),
    ...model.categories.map((term) => feed({ title: `${term.name} · ${ctx.site.title}`, feedUrl: `${term.url}feed.xml`, pageUrl: term.url }, term.posts)),
  ];
}

/** The template for each article: its `layout`, or the article page with a warning when that does not exist. */
function articleLayouts(env: nunjucks.Environment, problems: Diagnostic[]): (entry: PostEntry) => string {
  const exists = new Map<string, boolean>();
  return (entry) => {
    const name = `${entry.post.layout}.njk`;
    if (!exists.has(name)) exists.set(name, /^[\w-]+$/.test(entry.post.layout) && hasTemplate(env, name));
    if (exists.get(name)) return name;
    problems.push({
      severity: 'warning',
      file: entry.post.sourcePath,
      line: entry.post.keyLines.layout,
      message: `unknown layout "${entry.post.layout}"; using the article page (post.njk)`,
      hint: `add templates/${entry.post.layout}.njk or change the layout`,
    });
    return 'post.njk';
  };
}

/**
 * What to add to the line nunjucks gives, from what follows it: an error raised while rendering (a
 * JavaScript error, "TypeError: …") has it counted from 0, as nunjucks's compiler numbers its
 * nodes; a syntax error's is counted from 1.
 */
function lineBase(after: string): number {
  return /^, Column \d+\] \w*Error: /.test(after) ? 1 : 0;
}

function lineCount(file: string): number {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').length;
  } catch {
    return 0;
  }
}

function renderTemplate(env: nunjucks.Environment, name: string, view: object, templatesDir: string): string {
  try {
    return env.render(name, view);
  } catch (err) {
    const message = (err as Error).message.replace(/\s+/g, ' ').trim();
    // Nunjucks nests "(file) [Line n" for each template on the way; the last is where the fault is.
    const where = [...message.matchAll(/\(([^()]+)\)(?: \[Line (\d+))?/g)].filter((m) => path.isAbsolute(m[1])).at(-1);
    const file = where && where[1].startsWith(templatesDir + path.sep) ? path.relative(path.dirname(templatesDir), where[1]).split(path.sep).join('/') : `templates/${name}`;
    const at = where?.[2] !== undefined ? where : /\[Line (\d+)/.exec(message);
    const line = at ? Number(at.at(-1)) + lineBase(message.slice(at.index! + at[0].length)) : undefined;
    // Nunjucks sometimes gives another template's line (a missing include in a block of a template
    // that extends another: the line of the one it extends): one past the file's end is left out.
    const inFile = where && line !== undefined && line > lineCount(where[1]) ? undefined : line;
    throw new BuildError(`template ${name} failed`, [{ severity: 'error', file, line: inFile, message: message.replace(/\([^()]+\)( \[Line \d+, Column \d+\])?/g, '').replace(/\s*Template render error:\s*/g, ' ').trim() }]);
  }
}
