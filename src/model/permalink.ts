// Article URLs from Jekyll's permalink placeholders and styles.
import { yearDigits, zonedParts, type ZonedParts } from '../dates.js';

/** Jekyll's named permalink styles. */
export const PERMALINK_STYLES: Record<string, string> = {
  pretty: '/:categories/:year/:month/:day/:title/',
  date: '/:categories/:year/:month/:day/:title:output_ext',
  ordinal: '/:categories/:year/:y_day/:title:output_ext',
  none: '/:categories/:title:output_ext',
};

/** What a permalink can mention about a post. */
export interface PermalinkPost {
  slug: string;
  date: Date;
  categories: string[];
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** The placeholders made from the post's date in the site's zone. */
const DATE_PLACEHOLDERS: Record<string, (p: ZonedParts) => string> = {
  year: (p) => yearDigits(p.year),
  short_year: (p) => pad(p.year % 100),
  month: (p) => pad(p.month),
  i_month: (p) => String(p.month),
  day: (p) => pad(p.day),
  i_day: (p) => String(p.day),
  hour: (p) => pad(p.hour),
  minute: (p) => pad(p.minute),
  second: (p) => pad(p.second),
  y_day: (p) => pad(Math.round((Date.UTC(p.year, p.month - 1, p.day) - Date.UTC(p.year, 0, 1)) / 86400000) + 1, 3),
};

/** Fills a pattern (or style name) for one post; the result may still be unsafe, see `checkUrlPath`. */
export function expandPermalink(pattern: string, post: PermalinkPost, timeZone: string, categorySegment: (name: string) => string): string {
  const template = PERMALINK_STYLES[pattern] ?? pattern;
  // Only the placeholders the pattern names are worked out: `/posts/:title/` needs no date at all.
  let parts: ZonedParts | undefined;
  const value = (key: string): string => {
    const fromDate = DATE_PLACEHOLDERS[key];
    if (fromDate) return fromDate((parts ??= zonedParts(post.date, timeZone)));
    if (key === 'categories') return [...new Set(post.categories.map(categorySegment))].join('/');
    if (key === 'output_ext') return '.html';
    return post.slug; // 'title' and 'slug', the only other names the pattern below matches
  };
  const url = template.replace(/:(output_ext|categories|short_year|i_month|i_day|y_day|year|month|day|hour|minute|second|title|slug)/g, (_, key: string) => value(key));
  // Slashes collapsed after the decoding too: an escaped one ("/%2Fhost/") would make "//host/".
  return decodeOnce(`/${url}`).replace(/\/{2,}/g, '/');
}

/** Permalinks may be written %-escaped; the model keeps URLs unescaped (links escape them once). */
function decodeOnce(url: string): string {
  try {
    return decodeURIComponent(url);
  } catch {
    return url;
  }
}

/** Jekyll's category segment: an ASCII name lowercased as Jekyll does, otherwise its slug. */
export function jekyllCategorySegment(name: string, slug: string): string {
  // `..`, a trailing dot and Windows device names (`CON`, `nul.txt`) would be path tricks: they take the slug.
  const isPlain = /^[A-Za-z0-9_.()~!$&'+,;=@-]+$/.test(name) && !/\.$/.test(name) && !/^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i.test(name);
  return isPlain ? name.toLowerCase() : slug;
}
