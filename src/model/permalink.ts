// Article URLs from Jekyll's permalink placeholders and styles.
import { zonedParts, type ZonedParts } from '../dates.js';

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

/** Fills a pattern (or style name) for one post; the result may still be unsafe, see `checkUrlPath`. */
export function expandPermalink(pattern: string, post: PermalinkPost, timeZone: string, categorySegment: (name: string) => string): string {
  const template = PERMALINK_STYLES[pattern] ?? pattern;
  // Only the placeholders the pattern names are worked out: `/posts/:title/` needs no date at all.
  let parts: ZonedParts | undefined;
  const zoned = () => (parts ??= zonedParts(post.date, timeZone));
  const value = (key: string): string => {
    switch (key) {
      case 'year':
        return String(zoned().year);
      case 'short_year':
        return pad(zoned().year % 100);
      case 'month':
        return pad(zoned().month);
      case 'i_month':
        return String(zoned().month);
      case 'day':
        return pad(zoned().day);
      case 'i_day':
        return String(zoned().day);
      case 'hour':
        return pad(zoned().hour);
      case 'minute':
        return pad(zoned().minute);
      case 'second':
        return pad(zoned().second);
      case 'y_day': {
        const p = zoned();
        return pad(Math.round((Date.UTC(p.year, p.month - 1, p.day) - Date.UTC(p.year, 0, 1)) / 86400000) + 1, 3);
      }
      case 'categories':
        return [...new Set(post.categories.map(categorySegment))].join('/');
      case 'output_ext':
        return '.html';
      // 'title' and 'slug', the only other names the pattern below matches.
      default:
        return post.slug;
    }
  };
  const url = template.replace(/:(output_ext|categories|short_year|i_month|i_day|y_day|year|month|day|hour|minute|second|title|slug)/g, (_, key: string) => value(key));
  return decodeOnce(`/${url}`.replace(/\/{2,}/g, '/'));
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
