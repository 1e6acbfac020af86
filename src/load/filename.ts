// Jekyll's post file name rule: `YYYY-MM-DD-slug.md`.

/** What a post's file name says about it. */
export interface PostFilename {
  /** The date prefix, when the name has one. */
  date?: { year: number; month: number; day: number };
  slug: string;
}

const POST_EXTENSIONS = /\.(md|markdown)$/i;
const DATED_NAME = /^(\d{4})-(\d{2})-(\d{2})-(.+)$/;

/** True for the files Jekyll reads as posts. */
export function isPostFile(name: string): boolean {
  return POST_EXTENSIONS.test(name) && !name.startsWith('.');
}

/** Splits `2022-01-18-some-slug.md` into its date and slug; an undated name is all slug. */
export function parsePostFilename(name: string): PostFilename {
  const stem = name.replace(POST_EXTENSIONS, '');
  const m = DATED_NAME.exec(stem);
  if (!m) return { slug: stem };
  return { date: { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) }, slug: m[4] };
}

/** Jekyll's title for a post without one: the slug's words, capitalised. */
export function titleFromSlug(slug: string): string {
  return slug
    .split('-')
    .filter(Boolean)
    .map((word) => word[0].toUpperCase() + word.slice(1))
    .join(' ');
}
