// Year and month archives.
import { zonedParts } from '../dates.js';
import type { DateArchive, PostEntry } from '../types.js';

/** Years (newest first), each with its months (newest first); entries stay newest first. */
export function buildDateArchives(entries: PostEntry[], timeZone: string, partsOf: (entry: PostEntry) => { year: number; month: number } = (e) => zonedParts(e.post.date, timeZone)): DateArchive[] {
  const years = new Map<number, DateArchive>();
  const months = new Map<string, DateArchive>();
  for (const entry of entries) {
    const { year, month } = partsOf(entry);
    let y = years.get(year);
    if (!y) years.set(year, (y = { key: String(year), year, url: `/${year}/`, posts: [], months: [] }));
    y.posts.push(entry);
    const key = `${year}/${String(month).padStart(2, '0')}`;
    let m = months.get(key);
    if (!m) {
      m = { key, year, month, url: `/${key}/`, posts: [] };
      months.set(key, m);
      y.months!.push(m);
    }
    m.posts.push(entry);
  }
  const newestFirst = (a: DateArchive, b: DateArchive) => b.key.localeCompare(a.key);
  for (const y of years.values()) y.months!.sort(newestFirst);
  return [...years.values()].sort(newestFirst);
}
