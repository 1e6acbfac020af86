// Splits a post into its YAML front matter and body, with file line numbers for every problem.
import matter from 'gray-matter';
import yaml from 'js-yaml';
import { repairOffsetOnlyDate, repairUnreadableValues, type DayOfYear, type QuirkNote } from './repair-quirks.js';

/** A post file split into parts; lines are 1-based lines of the whole file. */
export interface SplitPost {
  data: Record<string, unknown>;
  body: string;
  /** Line of the opening `---`. */
  openLine: number;
  /** First line of the body. */
  bodyLine: number;
  /** Line of each top-level front matter key. */
  keyLines: Record<string, number>;
  /** Scraper quirks repaired before parsing, each worth a warning. */
  repairs: QuirkNote[];
  /** Scraper quirks that could not be repaired with certainty: the post is invalid. */
  unrepaired: QuirkNote[];
}

/** A problem found while splitting: always fatal for the post. */
export interface SplitProblem {
  line: number;
  message: string;
  hint?: string;
}

// No timestamp type: `2022-01-18 09:52:23` must stay text so the site's zone, not UTC, applies.
const yamlEngine = (source: string): object => (yaml.load(source, { schema: yaml.CORE_SCHEMA }) ?? {}) as object;

/** Splits and parses a decoded post (line endings already `\n`); `fileDate` is the date the file name gives. */
export function splitFrontMatter(text: string, fileDate?: DayOfYear): SplitPost | SplitProblem {
  // Only the lines up to the closing fence are split off: the body is taken whole, as it stands.
  const reader = new LineReader(text);
  const { lines } = reader;
  // Real scraped posts carry blank lines before the opening `---`.
  let open = 0;
  while (reader.has(open) && lines[open].trim() === '') open++;
  if (!reader.has(open)) return { line: 1, message: 'the file is empty', hint: 'a post starts with front matter between two "---" lines' };
  if (lines[open].trimEnd() !== '---') {
    return { line: open + 1, message: 'missing front matter', hint: 'start the post with a "---" line, then "title:" and "date:", then another "---"' };
  }
  let close = open + 1;
  while (reader.has(close) && !/^(---|\.\.\.)\s*$/.test(lines[close])) close++;
  if (!reader.has(close)) {
    return { line: open + 1, message: 'front matter is not closed', hint: 'did you forget the closing "---"?' };
  }
  const body = reader.rest();
  const { repairs, errors } = repairOffsetOnlyDate(lines, open + 1, close, fileDate);
  let parsed = parse(lines, open, close, body);
  if (parsed instanceof Error) {
    const syntax = repairUnreadableValues(lines, open + 1, close);
    if (syntax.length) {
      repairs.push(...syntax);
      parsed = parse(lines, open, close, body);
    }
  }
  if (parsed instanceof Error) {
    const mark = (parsed as { mark?: { line: number } }).mark;
    const reason = (parsed as { reason?: string }).reason ?? parsed.message;
    return { line: open + 1 + (mark ? mark.line : 0), message: `invalid YAML in front matter: ${reason}` };
  }
  const data = parsed.data as unknown;
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return { line: open + 2, message: 'front matter must be a mapping of keys to values', hint: 'write it as "key: value" lines' };
  }
  if (exceedsValues(data, MAX_VALUES)) {
    return { line: open + 1, message: `front matter expands to more than ${MAX_VALUES.toLocaleString('en')} values`, hint: 'YAML aliases (*name) that repeat lists of lists multiply: write the values out' };
  }
  const keyLines = keyLinesOf(lines, open + 1, close);
  for (const key of replaceHalfCharacters(data as Record<string, unknown>)) {
    repairs.push({ line: keyLines[key] ?? open + 1, message: `"${key}:" holds half of a character (an escape such as "\\uD800" without its pair); it is replaced with U+FFFD`, hint: 'write the character itself, or both halves of its escape ("\\uD83D\\uDE00")' });
  }
  return { data: data as Record<string, unknown>, body: parsed.content, openLine: open + 1, bodyLine: close + 2, keyLines, repairs, unrepaired: errors };
}

/**
 * Makes every text in the front matter well-formed UTF-16, in place; returns the top-level keys
 * that held a lone surrogate. Only a YAML escape ("\uD800") makes one (the file's bytes are decoded
 * whole), and it breaks whatever encodes the text: URLs (`encodeURI` throws), Pagefind (it refused
 * the whole site's index), feeds.
 */
function replaceHalfCharacters(data: Record<string, unknown>): string[] {
  const keys: string[] = [];
  for (const key of Object.keys(data)) if (replaceIn(data, key)) keys.push(key);
  return keys;
}

/** Replaces the lone surrogates under `holder[key]`; true when there were any. Aliased values are visited again, at no harm. */
function replaceIn(holder: Record<string | number, unknown>, key: string | number): boolean {
  const value = holder[key];
  if (typeof value === 'string') {
    if (value.isWellFormed()) return false;
    holder[key] = value.toWellFormed();
    return true;
  }
  if (typeof value !== 'object' || value === null) return false;
  let replaced = false;
  for (const child of Object.keys(value)) replaced = replaceIn(value as Record<string, unknown>, child) || replaced;
  return replaced;
}

/** The lines of a text, split off one at a time as they are asked for, as `text.split('\n')` would give them. */
class LineReader {
  readonly lines: string[] = [];
  private next = 0;

  constructor(private readonly text: string) {}

  /** True when the text has a line `index` (reading up to it). */
  has(index: number): boolean {
    while (this.lines.length <= index && this.next <= this.text.length) {
      const end = this.text.indexOf('\n', this.next);
      const stop = end === -1 ? this.text.length : end;
      this.lines.push(this.text.slice(this.next, stop));
      this.next = stop + 1;
    }
    return index < this.lines.length;
  }

  /** The lines not read yet, joined: undefined when the text ends with the last line read (no newline after it). */
  rest(): string | undefined {
    return this.next > this.text.length ? undefined : this.text.slice(this.next);
  }
}

// A few lines of YAML aliases (`b: &b [*a, *a, …]`, nested) expand to billions of values; every
// later walk over them (tags, templates, a search index) would hang. No real post comes near this.
const MAX_VALUES = 100_000;

/** True when walking `value` visits more than `limit` values, aliases counted each time. */
function exceedsValues(value: unknown, limit: number): boolean {
  const stack: unknown[] = [value];
  let seen = 0;
  while (stack.length) {
    const item = stack.pop();
    if (++seen > limit) return true;
    if (typeof item === 'object' && item !== null) for (const child of Object.values(item)) stack.push(child);
  }
  return false;
}

/**
 * The post with its front matter parsed, or the YAML error (the opening fence normalized to "---").
 * `body` is the text after the closing fence's line (undefined when no newline follows that line).
 */
function parse(lines: string[], open: number, close: number, body: string | undefined): matter.GrayMatterFile<string> | Error {
  const fence = ['---', ...lines.slice(open + 1, close), '---'].join('\n');
  try {
    // gray-matter reads the front matter alone: given the whole post it would also hash it (for its
    // cache), encode it to UTF-8 bytes and copy the body out again, on every post.
    const parsed = matter(fence, OPTIONS);
    // It ends the front matter at the first line that starts with "---" (`----`, `--- x`), where
    // the fence search above does not: then the post goes to it whole, to be read as it always was.
    if (parsed.matter.length === fence.length - 7) return Object.assign(parsed, { content: body ?? '' });
    return matter(body === undefined ? fence : `${fence}\n${body}`, OPTIONS);
  } catch (err) {
    return err as Error;
  }
}

// gray-matter caches by content unless given options (a leak in watch mode): always pass some.
const OPTIONS = { engines: { yaml: yamlEngine } };

function keyLinesOf(lines: string[], from: number, to: number): Record<string, number> {
  const keyLines: Record<string, number> = {};
  for (let i = from; i < to; i++) {
    const m = /^([^\s#:][^:]*?)\s*:/.exec(lines[i]);
    if (m && !(m[1] in keyLines)) keyLines[m[1].replace(/^["']|["']$/g, '')] = i + 1;
  }
  return keyLines;
}
