// sitemap.xml, split into an index of sitemaps past the protocol's 50,000 URLs per file.
import type { UrlMaker } from './site-urls.js';
import { xmlEscape } from './xml.js';

/** A page for the sitemap: its site-relative URL and last change, ISO 8601. */
export interface SitemapUrl {
  url: string;
  lastmod?: string;
}

export const SITEMAP_LIMIT = 50_000;

/** The paths `sitemapFiles` gives for `count` URLs: known before any URL is made. */
export function sitemapPaths(count: number, limit = SITEMAP_LIMIT): string[] {
  const sets = Math.max(1, Math.ceil(count / limit));
  return sets === 1 ? ['sitemap.xml'] : [...Array.from({ length: sets }, (_, i) => `sitemap-${i + 1}.xml`), 'sitemap.xml'];
}

/** A sitemap file: its path and its text in parts of a thousand lines (see utf8Of). */
export interface SitemapFile {
  path: string;
  parts: string[];
}

/** `sitemap.xml`, and `sitemap-N.xml` files behind it when there are more than `limit` URLs. */
export function sitemapFiles(pages: Iterable<SitemapUrl>, urls: UrlMaker, limit = SITEMAP_LIMIT): SitemapFile[] {
  // Each file's lines are joined a thousand at a time, as the pages come: an array of every page and
  // another of every line, beside the text, were the last bump of a 20,000-post build's memory.
  const sets: string[][] = [];
  let pieces: string[] = [];
  let lines: string[] = [];
  let inSet = 0;
  const closeSet = () => {
    pieces.push(lines.join(''));
    sets.push(['<?xml version="1.0" encoding="utf-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n', ...pieces, '</urlset>\n']);
    pieces = [];
    lines = [];
    inSet = 0;
  };
  for (const page of pages) {
    if (inSet === limit) closeSet();
    lines.push(`<url><loc>${xmlEscape(urls.absolute(page.url))}</loc>${page.lastmod ? `<lastmod>${page.lastmod}</lastmod>` : ''}</url>\n`);
    inSet++;
    if (lines.length === 1000) {
      pieces.push(lines.join(''));
      lines = [];
    }
  }
  closeSet();
  if (sets.length === 1) return [{ path: 'sitemap.xml', parts: sets[0] }];
  const files: SitemapFile[] = sets.map((parts, i) => ({ path: `sitemap-${i + 1}.xml`, parts }));
  const index = files.map((f) => `<sitemap><loc>${xmlEscape(urls.absolute(`/${f.path}`))}</loc></sitemap>\n`).join('');
  files.push({ path: 'sitemap.xml', parts: [`<?xml version="1.0" encoding="utf-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${index}</sitemapindex>\n`] });
  return files;
}
