// Repairs for what the news scrapers are known to write wrong. Each repair is certain or not made:
// a repair that would be a guess is reported as an error instead.
import yaml from 'js-yaml';

/** A repair made (a warning) or refused (an error), at a 1-based line of the file. */
export interface QuirkNote {
  line: number;
  message: string;
  hint?: string;
}

/** A calendar date, as a file name gives it. */
export interface DayOfYear {
  year: number;
  month: number;
  day: number;
}

// No lazy quantifier before a trailing-space run: on a long line of spaces that backtracks quadratically.
const KEY_LINE = /^([A-Za-z_][\w-]*):[ \t]+(\S.*)$/;
const OFFSET_ONLY = /^[+-]\d{2}:?\d{2}$/;
const YAML_INDICATOR = /^["'[\]{}|>&*!%@`#,?-]/;

/** A one-line `key: value` front matter line that no indented line continues, or undefined. */
function oneLineValue(lines: string[], i: number, to: number): { key: string; value: string } | undefined {
  const m = KEY_LINE.exec(lines[i]);
  if (!m || (i + 1 < to && /^[ \t]/.test(lines[i + 1]))) return undefined; // multi-line values are YAML's to judge
  return { key: m[1], value: m[2].trimEnd() };
}

/**
 * A date that is only an offset (`date:  +0800`, which YAML reads as the number 800) gets the
 * file name's date, in place; without one it is an error. `lines[from..to)` are the front matter.
 */
export function repairOffsetOnlyDate(lines: string[], from: number, to: number, fileDate: DayOfYear | undefined): { repairs: QuirkNote[]; errors: QuirkNote[] } {
  const repairs: QuirkNote[] = [];
  const errors: QuirkNote[] = [];
  for (let i = from; i < to; i++) {
    if (!lines[i].startsWith('date:')) continue;
    const field = oneLineValue(lines, i, to);
    if (field?.key !== 'date' || !OFFSET_ONLY.test(field.value)) continue;
    if (!fileDate) {
      errors.push({ line: i + 1, message: `"date:" holds only the offset "${field.value}" and no date, and the file name has no date to take`, hint: 'write the date, like "date: 2022-05-26 10:00:00 +0800", or name the file YYYY-MM-DD-slug.md' });
      continue;
    }
    const day = `${fileDate.year}-${pad(fileDate.month)}-${pad(fileDate.day)}`;
    lines[i] = `date: ${day} ${field.value}`;
    repairs.push({ line: i + 1, message: `repaired "date:", which held only the offset "${field.value}": took the date ${day} from the file name` });
  }
  return { repairs, errors };
}

/**
 * Repairs, in place, one-line values YAML cannot read because of unescaped inner double quotes
 * (`title: "国网"三型一化"营业厅"`) or a bare colon (`title: 国网: 新举措`): each is quoted as the
 * text it is. Only lines that fail on their own are touched; run it only when the front matter
 * as a whole does not parse (it parses each line: too slow for every post).
 */
export function repairUnreadableValues(lines: string[], from: number, to: number): QuirkNote[] {
  const repairs: QuirkNote[] = [];
  for (let i = from; i < to; i++) {
    const field = oneLineValue(lines, i, to);
    if (!field || readsAlone(lines[i])) continue;
    const repaired = repairValue(field.value);
    if (repaired === undefined || !readsAlone(`${field.key}: ${repaired.yaml}`)) continue;
    lines[i] = `${field.key}: ${repaired.yaml}`;
    repairs.push({ line: i + 1, message: `repaired "${field.key}:", whose value ${repaired.what}: read it as the text ${JSON.stringify(repaired.text)}` });
  }
  return repairs;
}

function repairValue(value: string): { yaml: string; text: string; what: string } | undefined {
  if (value.length > 2 && value.startsWith('"') && value.endsWith('"')) {
    const inner = value.slice(1, -1);
    if (!/(?<!\\)"/.test(inner)) return undefined;
    const escaped = inner.replace(/(?<!\\)"/g, '\\"');
    const text = readValue(`"${escaped}"`);
    return text === undefined ? undefined : { yaml: `"${escaped}"`, text, what: 'held unescaped double quotes' };
  }
  if (!YAML_INDICATOR.test(value) && /:(\s|$)/.test(value)) {
    return { yaml: JSON.stringify(value), text: value, what: 'held a bare colon' };
  }
  return undefined;
}

function readsAlone(line: string): boolean {
  try {
    yaml.load(line, { schema: yaml.CORE_SCHEMA });
    return true;
  } catch {
    return false;
  }
}

function readValue(source: string): string | undefined {
  try {
    const value = yaml.load(source, { schema: yaml.CORE_SCHEMA });
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * The title of a post whose front matter has an empty `title:`, taken from the body when the body
 * certainly starts with one: a Markdown or HTML heading, or a short first line standing alone.
 * Returns the title and the body without that line, or undefined when there is no certain title.
 */
export function titleFromBody(body: string): { title: string; body: string; lineIndex: number } | undefined {
  const lines = body.split('\n');
  let i = 0;
  while (i < lines.length && lines[i].trim() === '') i++;
  if (i === lines.length) return undefined;
  const first = lines[i].trim();
  const next = lines[i + 1]?.trim() ?? '';
  let title: string | undefined;
  let used = 1;
  const atx = /^#{1,6}[ \t]+(.+)$/.exec(first);
  const html = /^<h([1-6])(?:\s[^>]*)?>(.*)<\/h\1>$/i.exec(first);
  if (atx) title = atx[1].replace(/[ \t]#+$/, ''); // an ATX heading's optional closing hashes
  else if (html) title = plainText(html[2]);
  else if (/^(=+|-+)$/.test(next) && isPlainLine(first)) {
    title = first;
    used = 2;
  } else if (next === '' && isPlainLine(first) && Array.from(first).length <= 60 && !/[。；;，,：:、]$/.test(first) && !first.includes('。')) {
    title = first;
  }
  title = title?.trim();
  if (!title) return undefined;
  // Blank the used lines rather than remove them, so body line numbers stay true.
  for (let k = i; k < i + used; k++) lines[k] = '';
  return { title, body: lines.join('\n'), lineIndex: i };
}

function isPlainLine(line: string): boolean {
  return !/^([>*+|<!\[#`~]|-\s|\d+[.)]\s)/.test(line);
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

function plainText(html: string): string {
  return html
    .replace(/<[^>]*>/g, '')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (all, name: string) => {
      if (name[0] === '#') {
        const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : Number(name.slice(1));
        return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : all;
      }
      return ENTITIES[name.toLowerCase()] ?? all;
    })
    .replace(/\s+/g, ' ');
}

/** A post whose `title:` is there but empty, like `title: ""`: the scraper lost the title. */
export function hasEmptyTitle(data: Record<string, unknown>): boolean {
  return Object.hasOwn(data, 'title') && (data.title === null || (typeof data.title === 'string' && data.title.trim() === ''));
}
