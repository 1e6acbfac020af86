// Posts drawn from a seeded series, for the tests that hold incremental rebuilds (dev mode's and the
// build cache's) to what a fresh build of the same files makes.
import { post, seededRandom } from './helpers.ts';

export interface PostFields {
  title: string;
  date: string;
  categories: string;
  tags: string;
  body: string;
  /** `false` to unpublish the post. */
  published?: string;
}

// Names that differ only in case, lists written both ways Jekyll reads them, and Chinese tags.
export const CATEGORIES = ['a', 'b', 'c', 'B', 'a b', 'c a', '[a, b]'];
export const TAGS = ['t1', 't2', 't3', 't4', 't1 t2', 't3 t4', 't2 t4 t1', 'T1', '[T1, 电力]', '电力'];
const WORDS = ['报纸', '新闻', '经济', '科技', '文化', '教育', '农业', '交通'];

/** A seeded series: the same posts on every machine. */
export function randomPosts(seed: number) {
  const rand = seededRandom(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)];
  /** A date in the first 75 days of 2022, on a quarter hour. */
  const when = (): string => {
    const day = 1 + Math.floor(rand() * 75);
    const date = new Date(Date.UTC(2022, 0, day, Math.floor(rand() * 24), Math.floor(rand() * 4) * 15));
    return `${date.toISOString().slice(0, 10)} ${date.toISOString().slice(11, 16)}:00 +0800`;
  };
  const fields = (): PostFields => ({
    title: `${pick(WORDS)}${pick(WORDS)}${Math.floor(rand() * 1000)}`,
    date: when(),
    categories: pick(CATEGORIES),
    tags: pick(TAGS),
    body: `<p>${pick(WORDS)}正文${Math.floor(rand() * 1e6)}。</p>`,
  });
  return { rand, pick, when, fields };
}

/** The post file for `f`. */
export function renderPost(f: PostFields): string {
  const fields: Record<string, string> = { title: JSON.stringify(f.title), date: f.date, categories: f.categories, tags: f.tags };
  if (f.published) fields.published = f.published;
  return post(fields, f.body);
}
