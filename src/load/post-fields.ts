// Front matter and file name to a post's fields, by Jekyll's rules.
import type { Diagnostic } from '../diagnostics.js';
import { instantInZone, parsePostDate } from '../dates.js';
import type { LoadedPost } from '../types.js';
import { parsePostFilename, titleFromSlug } from './filename.js';
import type { SplitPost } from './front-matter.js';

/** What the fields need to know beyond the file itself. */
export interface FieldContext {
  timeZone: string;
  /** Set for files under `_drafts/`. */
  isInDraftsFolder: boolean;
}

/** The post's fields, or undefined when an error makes it unusable; problems go to `problems`. */
export function postFields(
  sourcePath: string,
  split: SplitPost,
  ctx: FieldContext,
  problems: Diagnostic[],
): Omit<LoadedPost, 'html'> | undefined {
  const { data, keyLines } = split;
  const lineOf = (key: string) => keyLines[key] ?? split.openLine;
  const fail = (key: string, message: string, hint?: string) => problems.push({ severity: 'error', file: sourcePath, line: lineOf(key), message, hint });
  const name = parsePostFilename(sourcePath.slice(sourcePath.lastIndexOf('/') + 1));

  const slug = typeof data.slug === 'string' && data.slug.trim() ? data.slug.trim() : name.slug;
  // A slug is one URL segment; paths belong in `permalink`, where the model checks them whole.
  if (/[/\\]/.test(slug)) fail('slug', `the slug "${slug}" holds a "/" or "\\"`, 'a slug is one part of a URL; use "permalink:" for a path');
  const date = postDate(data.date, name.date, ctx.timeZone);
  if (date === 'invalid') fail('date', `invalid date ${JSON.stringify(data.date)}`, 'write it as 2022-01-18 09:52:23 +0800, ISO 8601, or 2022-01-18');
  else if (date === undefined) {
    fail('date', 'the post has no date', 'name the file YYYY-MM-DD-slug.md or add "date:" to the front matter');
  }

  let title = typeof data.title === 'string' || typeof data.title === 'number' ? String(data.title).trim() : '';
  if (!title) {
    title = titleFromSlug(slug);
    problems.push({ severity: 'warning', file: sourcePath, line: lineOf('title'), message: `the post has no title; using "${title}" from its file name` });
  }

  const names = (key: string, value: unknown) => {
    if (hasMapping(value)) problems.push({ severity: 'warning', file: sourcePath, line: lineOf(key), message: `"${key}:" holds a mapping ("key: value"); it is left out`, hint: 'write names as a list: [电力, 能源]' });
    return nameList(value);
  };
  const text = (key: string, value: unknown) => {
    const result = optionalText(value);
    if (result === null) problems.push({ severity: 'warning', file: sourcePath, line: lineOf(key), message: `"${key}:" is a mapping, not text; it is left out` });
    return result ?? undefined;
  };
  const layout = data.layout === undefined || data.layout === null ? 'post' : String(data.layout);
  const permalink = data.permalink === undefined || data.permalink === null ? undefined : String(data.permalink);
  if (date === 'invalid' || date === undefined || /[/\\]/.test(slug)) return undefined;
  return {
    sourcePath,
    slug,
    title,
    date,
    categories: names(data.categories === undefined ? 'category' : 'categories', data.categories ?? data.category),
    tags: names(data.tags === undefined ? 'tag' : 'tags', data.tags ?? data.tag),
    layout,
    permalink,
    isDraft: ctx.isInDraftsFolder || data.draft === true,
    published: data.published !== false && data.published !== 'false',
    author: text('author', data.author),
    source: text('source', data.source),
    description: text(data.description === undefined ? 'excerpt' : 'description', data.description ?? data.excerpt),
    data,
    keyLines,
    bodyLine: split.bodyLine,
  };
}

function postDate(value: unknown, fromName: { year: number; month: number; day: number } | undefined, timeZone: string): Date | 'invalid' | undefined {
  if (value !== undefined && value !== null && String(value).trim() !== '') {
    return parsePostDate(String(value), timeZone) ?? 'invalid';
  }
  if (!fromName) return undefined;
  const date = instantInZone(fromName.year, fromName.month, fromName.day, 0, 0, 0, timeZone);
  return Number.isNaN(date.getTime()) ? 'invalid' : date;
}

/**
 * Categories and tags, one documented way: a string is split on whitespace (Jekyll's rule), a list
 * is kept item by item, numbers and booleans become text (`2022`, `true`), null and empty items
 * are dropped, nested lists are flattened, mappings are dropped (with a warning, see `hasMapping`),
 * and duplicates (ignoring case) keep their first spelling. Across posts, names that differ only
 * in case (`TechWeb`, `Techweb`) are one term with one URL: see `collectTerms` in the model.
 */
export function nameList(value: unknown): string[] {
  const raw: unknown[] = typeof value === 'string' ? value.split(/\s+/) : Array.isArray(value) ? value.flat(Infinity) : value === undefined || value === null ? [] : [value];
  const seen = new Set<string>();
  const names: string[] = [];
  for (const item of raw) {
    if (item === null || item === undefined || typeof item === 'object') continue;
    const name = String(item).trim();
    const key = name.toLowerCase();
    if (name && !seen.has(key)) {
      seen.add(key);
      names.push(name);
    }
  }
  return names;
}

/** A text field: scalars as text, a list's scalar items joined with 、; null for a mapping (not text at all). */
/** True when a categories/tags value is or holds a mapping, which names cannot be read from. */
function hasMapping(value: unknown): boolean {
  const items = Array.isArray(value) ? value.flat(Infinity) : [value];
  return items.some((item) => typeof item === 'object' && item !== null);
}

function optionalText(value: unknown): string | undefined | null {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'object' && !Array.isArray(value)) return null;
  const text = Array.isArray(value) ? nameList(value).join('、') : String(value);
  return text.trim() || undefined;
}
