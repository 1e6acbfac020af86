// Year and month archives.
import { yearDigits, zonedParts } from '../dates.js';
import type { DateArchive, PostEntry } from '../types.js';

/** Years (newest first), each with its months (newest first); entries stay newest first. */
export function buildDateArchives(entries: PostEntry[], timeZone: string, partsOf: (entry: PostEntry) => { year: number; month: number } = (e) => zonedParts(e.post.date, timeZone)): DateArchive[] {
  const years = new Map<number, DateArchive>();
  const months = new Map<string, DateArchive>();
  for (const entry of entries) {
    const { year, month } = partsOf(entry);
    let y = years.get(year);
    if (!y) years.set(year, (y = yearArchive(year)));
    y.posts.push(entry);
    const key = monthKey(year, month);
    let m = months.get(key);
    if (!m) {
      m = monthArchive(year, month);
      months.set(key, m);
      y.months!.push(m);
    }
    m.posts.push(entry);
  }
  for (const y of years.values()) y.months!.sort(newestFirst);
  return [...years.values()].sort(newestFirst);
}

/** A year's archive, without posts yet. */
export function yearArchive(year: number): DateArchive {
  return { key: yearDigits(year), year, url: `/${yearDigits(year)}/`, posts: [], months: [] };
}

/** A month's archive, without posts yet. */
export function monthArchive(year: number, month: number): DateArchive {
  const key = monthKey(year, month);
  return { key, year, month, url: `/${key}/`, posts: [] };
}

/** `2022/01`: a month archive's key and URL path. */
export function monthKey(year: number, month: number): string {
  return `${yearDigits(year)}/${String(month).padStart(2, '0')}`;
}

/** The order archives are listed in, newest first. */
export const newestFirst = (a: DateArchive, b: DateArchive): number => b.key.localeCompare(a.key);
