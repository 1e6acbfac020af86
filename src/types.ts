// The plain data handed from one stage of the pipeline to the next.

/** A post as read from disk: front matter resolved, body rendered from Markdown, not yet cleaned. */
export interface LoadedPost {
  /** Path relative to the site root, with forward slashes; used in every diagnostic. */
  sourcePath: string;
  /** The Jekyll slug: from the file name, or front matter `slug`. */
  slug: string;
  title: string;
  /** The instant of publication. */
  date: Date;
  categories: string[];
  tags: string[];
  /** Template name without extension (`post` is the article page). */
  layout: string;
  /** Front matter `permalink`, when given; wins over the site pattern. */
  permalink?: string;
  isDraft: boolean;
  /** False when the front matter says `published: false`: no build publishes the post. */
  published: boolean;
  author?: string;
  source?: string;
  description?: string;
  /** Every front matter key, for templates. */
  data: Record<string, unknown>;
  /** 1-based line of the file where the body starts; body diagnostics count from it. */
  bodyLine: number;
  /** 1-based line of each top-level front matter key, for diagnostics about its value. */
  keyLines: Record<string, number>;
  /** Body HTML as markdown-it produced it (untrusted). */
  html: string;
}

/** What the clean stage learns about a post while tidying its HTML. */
export interface CleanedFields {
  /** Body HTML, sanitized: safe to insert into a page unescaped. */
  html: string;
  /** Plain text for listings, feeds and `<meta name="description">`. */
  excerpt: string;
  authors: string[];
  /** Name of the newspaper that printed the article, when the body says. */
  source?: string;
  editor?: string;
  /** URL of the original article on the newspaper's site. */
  originalUrl?: string;
  /** The digest the scraper put first, shown as the article's lead. */
  summary?: string;
  /** Characters of body text (CJK characters and words of other scripts). */
  charCount: number;
  /** Minutes to read at about 400 Chinese characters a minute. */
  readingMinutes: number;
}

/**
 * A post ready for the model: loaded and cleaned. From the build cache, `html` is a non-enumerable
 * getter that reads it back from disk (so no build holds every post's HTML): copy it explicitly.
 */
export type Post = Omit<LoadedPost, 'html'> & CleanedFields & {
  /** A digest of everything the post was built from, when known: equal keys, equal posts. */
  contentKey?: string;
};

/** A category or a tag, with the posts that carry it (newest first). */
export interface Term {
  kind: 'category' | 'tag';
  /** The name as written in the posts (its first spelling, when posts differ in case). */
  key: string;
  /** The name shown to readers: from the config, or derived from the posts. */
  name: string;
  /** URL-safe and readable: pinyin for Chinese names. */
  slug: string;
  url: string;
  posts: PostEntry[];
}

/** A post placed in the site: its URL and its neighbours. */
export interface PostEntry {
  post: Post;
  /** Site-relative URL, starting with `/` (the base path is added at render time). */
  url: string;
  /** Output file, relative to the output folder, forward slashes. */
  outputPath: string;
  /** In the order the post lists them: the first is its newspaper. */
  categoryTerms: Term[];
  tagTerms: Term[];
  /** Newer and older neighbours across the whole archive. */
  newer?: PostEntry;
  older?: PostEntry;
  /** Newer and older neighbours in the same newspaper (the post's first category). */
  newerInCategory?: PostEntry;
  olderInCategory?: PostEntry;
  /** Up to five posts on the same subject: shared tags and category first, then nearest in date. */
  related?: PostEntry[];
}

/** A year or month archive. */
export interface DateArchive {
  /** `2022` or `2022/01`. */
  key: string;
  year: number;
  month?: number;
  url: string;
  posts: PostEntry[];
  months?: DateArchive[];
}

/** Everything the render stage needs, computed once. */
export interface SiteModel {
  /** Every published post, newest first. */
  entries: PostEntry[];
  categories: Term[];
  tags: Term[];
  years: DateArchive[];
  /** Every paginated listing: home, categories, tags, years, months. */
  listings: Listing[];
}

/** A paginated list of posts with a heading. */
export interface Listing {
  kind: 'home' | 'category' | 'tag' | 'year' | 'month';
  /** Heading of the listing (a category's display name, `2022年1月`, …). */
  title: string;
  url: string;
  /** The listing's own Atom feed, when it has one. */
  feedUrl?: string;
  total: number;
  pages: Pager<PostEntry>[];
}

/** One page of a paginated listing. */
export interface Pager<T> {
  items: T[];
  pageNumber: number;
  totalPages: number;
  url: string;
  prevUrl?: string;
  nextUrl?: string;
}

/** A file the site consists of, before it is written. */
export interface OutputFile {
  /** Relative to the output folder, forward slashes; checked by the output guard before writing. */
  path: string;
  /** The post it comes from, for diagnostics about collisions. */
  source?: string;
  contents: string | Buffer;
  /** A digest of everything the file was rendered from, when known (see `KeptFile`). */
  inputKey?: string;
}

/** A file whose inputs equal those of the previous build's copy: the writer carries that copy over. */
export interface KeptFile {
  path: string;
  source?: string;
  /** Absent for a file rendered without a key, kept because the whole site is unchanged. */
  inputKey?: string;
  kept: true;
  /** Renders the file after all, when the previous copy is gone. */
  render(): string | Buffer;
}
