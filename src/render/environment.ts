// The Nunjucks environment: the site's templates first, the default theme behind them.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type nunjucks from 'nunjucks';
import { chineseDate, isoInZone, zonedParts } from '../dates.js';
import { onFirstUse } from '../on-first-use.js';
import { speedUpNunjucks } from './nunjucks-speedups.js';
import type { UrlMaker } from './site-urls.js';

const loadNunjucks = onFirstUse<typeof nunjucks>('nunjucks');

/** The default theme shipped with newsarchive. */
export const THEME_TEMPLATES = fileURLToPath(new URL('../../templates', import.meta.url));

/** An environment with autoescape on and the filters the templates use. */
export function createEnvironment(siteTemplates: string, urls: UrlMaker, timeZone: string): nunjucks.Environment {
  const searchPaths = [siteTemplates, THEME_TEMPLATES].filter((dir, i, all) => fs.existsSync(dir) && all.indexOf(dir) === i);
  const nunjucks = loadNunjucks();
  speedUpNunjucks();
  const env = new nunjucks.Environment(new nunjucks.FileSystemLoader(searchPaths, { noCache: false }), {
    autoescape: true,
    throwOnUndefined: false,
    trimBlocks: true,
    lstripBlocks: true,
  });
  // The page being rendered, for relative links (its view puts its URL in `page.url`).
  env.addFilter('url', function (this: { ctx?: { page?: { url?: string } } }, p: string) {
    return urls.link(p, this.ctx?.page?.url);
  });
  env.addFilter('absUrl', (p: string) => urls.absolute(p));
  // Each Date keeps its texts (dates.ts): a post's date shows on a dozen pages.
  env.addFilter('isoDate', (d: Date) => isoInZone(d, timeZone));
  env.addFilter('zhDate', (d: Date) => chineseDate(d, timeZone));
  env.addFilter('year', (d: Date) => zonedParts(d, timeZone).year);
  // Nunjucks cuts at UTF-16 units: a cut between the two halves of an emoji or of a rarer Chinese
  // character (CJK Extension B, found in names) left half a character, which browsers show as U+FFFD.
  const truncate = env.getFilter('truncate');
  env.addFilter('truncate', (input: unknown, length?: number, killwords?: boolean, end?: string) => truncate(input, wholeCharacters(input, length || 255), killwords, end));
  return env;
}

/** `length`, or one less when cutting `input` there would split a character in two. */
function wholeCharacters(input: unknown, length: number): number {
  const text = input === undefined || input === null ? '' : String(input);
  const last = text.charCodeAt(length - 1);
  return text.length > length && last >= 0xd800 && last <= 0xdbff ? length - 1 : length;
}

/** The folders templates are looked up in, site first. */
export function searchPathsOf(env: nunjucks.Environment): string[] {
  return (env as unknown as { loaders: { searchPaths: string[] }[] }).loaders[0].searchPaths;
}

/** True when some search path holds `name`. */
export function hasTemplate(env: nunjucks.Environment, name: string): boolean {
  return searchPathsOf(env).some((dir) => fs.existsSync(path.join(dir, name)));
}
