// Readable, safe URL segments for Chinese names.
import { createHash } from 'node:crypto';
import { remember } from '../memo.js';
import { onFirstUse } from '../on-first-use.js';

const pinyinPro = onFirstUse<typeof import('pinyin-pro')>('pinyin-pro');

const WINDOWS_DEVICE = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])$/i;

// Pinyin is slow and every model (dev mode makes one per rebuild) slugs every category and tag again.
/** `大众日报新闻` → `dazhongribaoxinwen`, `TechWeb` → `techweb`; never empty, never a path trick. */
export const slugify = remember(slugOf, 50_000);

function slugOf(name: string): string {
  const latin = /[\u3400-\u9fff]/.test(name) ? pinyinPro().pinyin(name, { toneType: 'none', nonZh: 'consecutive', separator: ' ', v: true }) : name;
  const slug = latin
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/(?<=[a-z0-9]) (?=[a-z0-9])/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (!slug) return `t-${shortHash(name)}`;
  return WINDOWS_DEVICE.test(slug) ? `${slug}-${shortHash(name)}` : slug;
}

/** Four hex digits that tell apart names with the same pinyin. */
export function shortHash(text: string): string {
  return createHash('sha1').update(text).digest('hex').slice(0, 4);
}

/**
 * Slugs for a set of names, unique among them: when names share a slug, the first in code point
 * order keeps it and the others get a suffix from their own hash, so adding a post rarely moves a URL.
 */
export function uniqueSlugs(names: Iterable<string>): Map<string, string> {
  const byslug = new Map<string, string[]>();
  for (const name of names) {
    const slug = slugify(name);
    byslug.set(slug, [...(byslug.get(slug) ?? []), name]);
  }
  const slugs = new Map<string, string>();
  for (const [slug, group] of byslug) {
    group.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    group.forEach((name, i) => slugs.set(name, i === 0 ? slug : `${slug}-${shortHash(name)}`));
  }
  return slugs;
}
