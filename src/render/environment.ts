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
  // A post's date shows on a dozen pages (its own, its neighbours', related, listings): its text is kept on the Date.
  env.addFilter('isoDate', (d: Date) => dateText(d, ISO, timeZone, isoInZone));
  env.addFilter('zhDate', (d: Date) => dateText(d, ZH, timeZone, chineseDate));
  env.addFilter('year', (d: Date) => zonedParts(d, timeZone).year);
  return env;
}

// A Date's texts in one zone, kept on the Date itself: reading a property is several times cheaper
// than formatting the date again, and nearly every date a template formats is a post's, shown
// on many pages. Three slots at most per Date, whatever the number of environments or zones (the
// zone is checked and the texts replaced when it differs), so memory stays flat.
const ZONE = Symbol('zone of the texts below');
const ISO = Symbol('isoDate text');
const ZH = Symbol('zhDate text');
type DateTexts = Date & { [ZONE]?: string; [ISO]?: string; [ZH]?: string };

function dateText(date: Date, slot: typeof ISO | typeof ZH, timeZone: string, format: (d: Date, zone: string) => string): string {
  if (!(date instanceof Date)) return format(date, timeZone);
  const texts = date as DateTexts;
  if (texts[ZONE] !== timeZone) {
    texts[ZONE] = timeZone;
    texts[ISO] = undefined;
    texts[ZH] = undefined;
  }
  return (texts[slot] ??= format(date, timeZone));
}

/** The folders templates are looked up in, site first. */
export function searchPathsOf(env: nunjucks.Environment): string[] {
  return (env as unknown as { loaders: { searchPaths: string[] }[] }).loaders[0].searchPaths;
}

/** True when some search path holds `name`. */
export function hasTemplate(env: nunjucks.Environment, name: string): boolean {
  return searchPathsOf(env).some((dir) => fs.existsSync(path.join(dir, name)));
}
