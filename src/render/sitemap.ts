// sitemap.xml, split into an index of sitemaps past the protocol's 50,000 URLs per file.
import type { OutputFile } from '../types.js';
import type { UrlMaker } from './site-urls.js';
import { xmlEscape } from './xml.js';

/** A page for the sitemap: its site-relative URL and last change, ISO 8601. */
export interface SitemapUrl {
  url: string;
  lastmod?: string;
}

export const SITEMAP_LIMIT = 50_000;

/** `sitemap.xml`, and `sitemap-N.xml` files behind it when there are more than `limit` URLs. */
export function sitemapFiles(pages: SitemapUrl[], urls: UrlMaker, limit = SITEMAP_LIMIT): OutputFile[] {
  const urlset = (chunk: SitemapUrl[]) =>
    `<?xml version="1.0" encoding="utf-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${chunk
      .map((p) => `<url><loc>${xmlEscape(urls.absolute(p.url))}</loc>${p.lastmod ? `<lastmod>${p.lastmod}</lastmod>` : ''}</url>\n`)
      .join('')}</urlset>\n`;
  if (pages.length <= limit) return [{ path: 'sitemap.xml', contents: urlset(pages) }];
  const files: OutputFile[] = [];
  for (let i = 0; i * limit < pages.length; i++) {
    files.push({ path: `sitemap-${i + 1}.xml`, contents: urlset(pages.slice(i * limit, (i + 1) * limit)) });
  }
  const index = files.map((f) => `<sitemap><loc>${xmlEscape(urls.absolute(`/${f.path}`))}</loc></sitemap>\n`).join('');
  files.push({ path: 'sitemap.xml', contents: `<?xml version="1.0" encoding="utf-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${index}</sitemapindex>\n` });
  return files;
}
