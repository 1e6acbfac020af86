// Categories and tags: who carries which, readable slugs, display names.
import { remember } from '../memo.js';
import type { PostEntry, Term } from '../types.js';
import { uniqueSlugs } from './slug.js';

/**
 * Groups entries (newest first) by category or tag. Names that differ only in case (`TechWeb`,
 * `Techweb`) are one term, keyed and shown by the spelling of its newest post; the loader has
 * already turned numbers into text and dropped nulls and mappings (`nameList` in load/post-fields).
 */
export function collectTerms(entries: PostEntry[], kind: Term['kind'], namesOf: (entry: PostEntry) => string[], displayName: (key: string, posts: PostEntry[]) => string): Term[] {
  const byKey = new Map<string, { key: string; posts: PostEntry[] }>();
  for (const entry of entries) {
    for (const name of namesOf(entry)) {
      const folded = foldCase(name);
      let group = byKey.get(folded);
      if (!group) byKey.set(folded, (group = { key: name, posts: [] }));
      group.posts.push(entry);
    }
  }
  const slugs = uniqueSlugs([...byKey.values()].map((g) => g.key));
  const terms = [...byKey.values()].map(({ key, posts }): Term => {
    const slug = slugs.get(key)!;
    return { kind, key, name: displayName(key, posts), slug, url: termUrl(kind, slug), posts };
  });
  return terms.sort(termOrder);
}

/** A category's or tag's listing URL. */
export function termUrl(kind: Term['kind'], slug: string): string {
  return `${kind === 'category' ? '/category/' : '/tag/'}${slug}/`;
}

/** Most posts first, then by slug (unique within a kind). */
export function termOrder(a: Term, b: Term): number {
  return b.posts.length - a.posts.length || (a.slug < b.slug ? -1 : 1);
}

// The same few hundred names, folded for every post on every model dev mode makes.
/** `TechWeb` → `techweb`: names that differ only in case are one term. */
export const foldCase = remember((name: string) => name.toLowerCase(), 50_000);

/** What derivedCategoryName decided, and from which posts: the same sample gives the same name. */
export type NameMemo = Map<string, { sample: PostEntry['post'][]; name: string }>;

/** derivedCategoryName, remembered in `memo` while the category's newest 200 posts stay the same. */
export function rememberedCategoryName(key: string, posts: PostEntry[], memo: NameMemo | undefined): string {
  const kept = memo?.get(key);
  const size = Math.min(posts.length, NAME_SAMPLE);
  if (kept && kept.sample.length === size && kept.sample.every((post, i) => posts[i].post === post)) return kept.name;
  const name = derivedCategoryName(key, posts);
  memo?.set(key, { sample: posts.slice(0, NAME_SAMPLE).map((e) => e.post), name });
  return name;
}

/** How many of a category's newest posts derive its name. */
export const NAME_SAMPLE = 200;

/**
 * A category's readable name when the config gives none: the `<报名>新闻` tag most of its posts
 * carry, else the newspaper named by their source line, else the name itself.
 */
export function derivedCategoryName(key: string, posts: PostEntry[]): string {
  if (/[^\x00-\x7f]/.test(key)) return key;
  const sample = posts.slice(0, NAME_SAMPLE);
  const tag = mostCommon(sample.flatMap((e) => e.post.tags.filter((t) => /.新闻$/.test(t))));
  if (tag && tag.count * 2 >= sample.length) return tag.value.replace(/新闻$/, '');
  const source = mostCommon(sample.flatMap((e) => (e.post.source ? [e.post.source] : [])));
  if (source && source.count * 2 >= sample.length) return source.value;
  return key;
}

function mostCommon(values: string[]): { value: string; count: number } | undefined {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best: { value: string; count: number } | undefined;
  for (const [value, count] of counts) if (!best || count > best.count) best = { value, count };
  return best;
}
