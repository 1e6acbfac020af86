// The render stage: the model to the site's files, one page at a time.
import type nunjucks from 'nunjucks';
import { isoInZone } from '../dates.js';
import { BuildError, type Diagnostic } from '../diagnostics.js';
import type { KeptFile, OutputFile, PostEntry, SiteModel } from '../types.js';
import { outputPathOf } from '../url-paths.js';
import { createEnvironment, hasTemplate } from './environment.js';
import { atomFeed } from './feed.js';
import { articleKey, listingKey, type PageKeys } from './page-key.js';
import { sitemapFiles, type SitemapUrl } from './sitemap.js';
import { urlMaker, type UrlMaker } from './site-urls.js';
import { archivesView, articleView, listingView, termsView } from './views.js';

export { urlMaker, type UrlMaker } from './site-urls.js';
export { THEME_TEMPLATES } from './environment.js';
export type { PageKeys } from './page-key.js';

/** What rendering needs besides the model. */
export interface RenderContext {
  site: { title: string; description: string; url: string; basePath: string; language: string };
  timeZone: string;
  feedSize: number;
  templatesDir: string;
  /** When given, articles and listing pages whose key is unchanged are not rendered but kept. */
  pageKeys?: PageKeys;
}

/** Renders every page, feed and sitemap; layout problems go to `problems`. */
export function* renderSite(model: SiteModel, ctx: RenderContext, problems: Diagnostic[]): Generator<OutputFile | KeptFile> {
  const urls = urlMaker(ctx.site.url, ctx.site.basePath);
  const env = createEnvironment(ctx.templatesDir, urls, ctx.timeZone);
  const page = (template: string, url: string, view: object, source?: string): OutputFile => ({
    path: outputPathOf(url),
    contents: renderTemplate(env, template, { site: ctx.site, ...view }),
    source,
  });
  // Articles and listings are most of the site and can be keyed cheaply: render only what changed.
  const keyed = (path: string, inputKey: string | undefined, render: () => OutputFile, source?: string): OutputFile | KeptFile => {
    if (!inputKey) return render();
    if (ctx.pageKeys?.previous.get(path) === inputKey) return { path, source, inputKey, kept: true, render: () => render().contents };
    return { ...render(), inputKey };
  };
  const salt = ctx.pageKeys?.salt;
  const sitemap: SitemapUrl[] = [];

  const layoutOf = articleLayouts(env, problems);
  for (const entry of model.entries) {
    const template = layoutOf(entry);
    const render = () => ({ ...page(template, entry.url, articleView(entry), entry.post.sourcePath), path: entry.outputPath });
    yield keyed(entry.outputPath, salt && articleKey(salt, entry, template), render, entry.post.sourcePath);
    sitemap.push({ url: entry.url, lastmod: isoInZone(entry.post.date, ctx.timeZone) });
  }
  for (const listing of model.listings) {
    for (const pager of listing.pages) {
      yield keyed(outputPathOf(pager.url), salt && listingKey(salt, listing, pager), () => page('list.njk', pager.url, listingView(listing, pager)));
      sitemap.push({ url: pager.url });
    }
  }
  yield page('terms.njk', '/categories/', termsView('category', model.categories));
  yield page('terms.njk', '/tags/', termsView('tag', model.tags));
  yield page('archives.njk', '/archives/', archivesView(model.years));
  yield page('404.njk', '/404.html', { page: { kind: '404', title: '页面不存在', url: '/404.html' } });
  sitemap.push({ url: '/categories/' }, { url: '/tags/' }, { url: '/archives/' });

  yield* feeds(model, ctx, urls);
  yield* sitemapFiles(sitemap, urls);
  yield { path: 'robots.txt', contents: `User-agent: *\nAllow: /\n\nSitemap: ${urls.absolute('/sitemap.xml')}\n` };
}

function* feeds(model: SiteModel, ctx: RenderContext, urls: UrlMaker): Generator<OutputFile> {
  const latest = (entries: PostEntry[]) => entries.slice(0, ctx.feedSize);
  yield { path: 'feed.xml', contents: atomFeed({ title: ctx.site.title, subtitle: ctx.site.description, feedUrl: '/feed.xml', pageUrl: '/' }, latest(model.entries), urls, ctx.timeZone) };
  for (const term of model.categories) {
    const info = { title: `${term.name} · ${ctx.site.title}`, feedUrl: `${term.url}feed.xml`, pageUrl: term.url };
    yield { path: outputPathOf(info.feedUrl), contents: atomFeed(info, latest(term.posts), urls, ctx.timeZone) };
  }
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

function renderTemplate(env: nunjucks.Environment, name: string, view: object): string {
  try {
    return env.render(name, view);
  } catch (err) {
    const message = (err as Error).message.replace(/\s+/g, ' ').trim();
    const line = /\[Line (\d+)/.exec(message)?.[1];
    throw new BuildError(`template ${name} failed`, [
      { severity: 'error', file: `templates/${name}`, line: line ? Number(line) : undefined, message },
    ]);
  }
}
