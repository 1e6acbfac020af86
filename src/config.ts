// The site config: one interface, one defaults object, one resolve step that reports every problem.
import fs from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import type { Diagnostic } from './diagnostics.js';

/** The config file looked for at the site root when `--config` is not given. */
export const CONFIG_FILE = 'newsarchive.yml';

export interface SiteConfig {
  /** Site name, shown in every page's header and `<title>`. */
  title: string;
  /** One sentence about the archive, for the home page and feeds. */
  description: string;
  /** Absolute origin for feeds, sitemap and canonical links, e.g. `https://news.example.com`. */
  url: string;
  /** Sub-path the site is served under, `/` or `/archive/`. */
  basePath: string;
  /** BCP 47 language of the pages; `zh-CN` turns on Chinese search segmentation. */
  language: string;
  /** IANA zone for dates without an offset, for dates in URLs and on pages. */
  timeZone: string;
  /** Posts per listing page (home, categories, tags, archives). */
  pageSize: number;
  /** Posts in each Atom feed. */
  feedSize: number;
  /** Article URL pattern: Jekyll placeholders or a style (`pretty`, `date`, `ordinal`, `none`). */
  permalink: string;
  /** Display names of categories, keyed by the name written in the posts: `dazhongribao: 大众日报`. */
  categoryNames: Record<string, string>;
  /** Folder of posts, relative to the site root. */
  postsDir: string;
  /** Output folder, relative to the site root. */
  outDir: string;
  /** Site templates, relative to the site root; missing ones fall back to the default theme. */
  templatesDir: string;
  /** Static files copied as they are, relative to the site root. */
  publicDir: string;
  /** Clean rules switched on or off by name, e.g. `merge-split-headings: false`. */
  clean: Record<string, boolean>;
  /**
   * Widens the sanitizer, knowingly: elements (and their attributes) post HTML may keep beyond
   * the built-in allowlist, e.g. `video: [src, controls, poster]`. Script, frames, forms,
   * event handlers and inline styles are refused.
   */
  allowHtml: Record<string, string[]>;
  /** Links between pages relative to each page and to `index.html`, so the site opens from `file://`. */
  relativeLinks: boolean;
  /** Build the full-text search index (Pagefind) after the pages; `--no-search` turns it off for one build. */
  search: boolean;
}

export const DEFAULT_CONFIG: SiteConfig = {
  title: '新闻档案',
  description: '报纸新闻存档',
  url: 'http://localhost:4000',
  basePath: '/',
  language: 'zh-CN',
  timeZone: 'Asia/Shanghai',
  pageSize: 20,
  feedSize: 50,
  permalink: 'pretty',
  categoryNames: {},
  postsDir: 'posts',
  outDir: 'dist',
  templatesDir: 'templates',
  publicDir: 'public',
  clean: {},
  allowHtml: {},
  search: true,
  relativeLinks: false,
};

/** The config with the paths it was resolved against. */
export interface ResolvedConfig extends SiteConfig {
  /** Absolute site root: the folder of the config file, or the working directory. */
  root: string;
  /** The config file read, if any, relative to the root. */
  configFile?: string;
}

/**
 * What the config's `allowHtml` can never add, because each can run script or load a page:
 * these elements, event handlers (`on…`), inline CSS (`expression()`, `url(javascript:)`),
 * and attributes that take markup, forms or script URLs the scheme check does not read.
 */
export const NEVER_ALLOWED_ELEMENTS: ReadonlySet<string> = new Set([
  'script', 'style', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'svg', 'math', 'link', 'meta',
  'base', 'form', 'input', 'button', 'select', 'textarea', 'template', 'noscript', 'portal', 'xmp', 'plaintext', 'noembed', 'noframes',
]);
export const NEVER_ALLOWED_ATTRIBUTES = /^(on.*|style|srcdoc|srcset|formaction|action|data|xmlns.*|xlink:.*|is|id|name|background|ping|http-equiv)$/i;

/** Why `allowHtml: {element: attributes}` from the config cannot be granted, or undefined. */
export function checkAllowHtml(element: string, attributes: readonly string[]): string | undefined {
  if (!/^[a-z][a-z0-9-]*$/.test(element)) return `"${element}" is not a lowercase element name`;
  if (NEVER_ALLOWED_ELEMENTS.has(element)) return `<${element}> can run script or load another page, so it is never allowed`;
  const bad = attributes.find((a) => !/^[a-z][a-z0-9-]*$/.test(a) || NEVER_ALLOWED_ATTRIBUTES.test(a));
  return bad === undefined ? undefined : `the attribute "${bad}" on <${element}> can run script, so it is never allowed`;
}

type Check = (value: unknown) => string | undefined;

const isString: Check = (v) => (typeof v === 'string' ? undefined : 'must be a string');
const isPositiveInt: Check = (v) =>
  Number.isInteger(v) && (v as number) > 0 ? undefined : 'must be a whole number above 0';
const isStringMap: Check = (v) =>
  isPlainObject(v) && Object.values(v).every((x) => typeof x === 'string')
    ? undefined
    : 'must be a mapping of names to strings';
const isBooleanMap: Check = (v) =>
  isPlainObject(v) && Object.values(v).every((x) => typeof x === 'boolean')
    ? undefined
    : 'must be a mapping of rule names to true or false';

const CHECKS: Record<keyof SiteConfig, Check> = {
  title: isString,
  description: isString,
  url: (v) =>
    isString(v) ?? (/^https?:\/\/[^/\s]+(\/[^\s]*)?$/.test(v as string) ? undefined : 'must be an absolute http(s) URL'),
  basePath: (v) =>
    isString(v) ?? (/^\/([^\s?#\\]*\/)?$/.test(v as string) && !(v as string).includes('..') ? undefined : 'must start and end with "/", like "/archive/"'),
  language: isString,
  timeZone: (v) => isString(v) ?? (isValidTimeZone(v as string) ? undefined : 'is not an IANA time zone'),
  pageSize: isPositiveInt,
  feedSize: isPositiveInt,
  permalink: (v) => isString(v) ?? ((v as string).trim() ? undefined : 'must not be empty'),
  categoryNames: isStringMap,
  postsDir: isString,
  outDir: isString,
  templatesDir: isString,
  publicDir: isString,
  clean: isBooleanMap,
  allowHtml: (v) => {
    if (!isPlainObject(v) || !Object.values(v).every((a) => Array.isArray(a) && a.every((x) => typeof x === 'string'))) {
      return 'must be a mapping of element names to lists of attributes, like "video: [src, controls]"';
    }
    return Object.entries(v).map(([element, attributes]) => checkAllowHtml(element, attributes as string[])).find(Boolean);
  },
  search: (v) => (typeof v === 'boolean' ? undefined : 'must be true or false'),
  relativeLinks: (v) => (typeof v === 'boolean' ? undefined : 'must be true or false'),
};

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isValidTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Checks raw settings against the schema; every problem is reported, naming its key. */
export function validateConfig(raw: Record<string, unknown>, file: string): { config: SiteConfig; problems: Diagnostic[] } {
  const problems: Diagnostic[] = [];
  const config: SiteConfig = { ...DEFAULT_CONFIG };
  for (const [key, value] of Object.entries(raw)) {
    if (!(key in CHECKS)) {
      problems.push({ severity: 'error', file, message: `unknown config key "${key}"`, hint: `known keys: ${Object.keys(CHECKS).join(', ')}` });
      continue;
    }
    const problem = CHECKS[key as keyof SiteConfig](value);
    if (problem) problems.push({ severity: 'error', file, message: `config key "${key}" ${problem} (got ${JSON.stringify(value)})` });
    else (config as unknown as Record<string, unknown>)[key] = value;
  }
  return { config, problems };
}

/** Overrides from the command line, applied after the file. */
export type ConfigOverrides = Partial<Pick<SiteConfig, 'postsDir' | 'outDir' | 'basePath' | 'search'>>;

/** Reads the config file (explicit, or `newsarchive.yml` in `cwd` when present), validates, applies overrides. */
export function resolveConfig(cwd: string, configPath: string | undefined, overrides: ConfigOverrides = {}): { config: ResolvedConfig; problems: Diagnostic[] } {
  const file = configPath ? path.resolve(cwd, configPath) : path.join(cwd, CONFIG_FILE);
  const root = configPath ? path.dirname(file) : cwd;
  const label = path.relative(cwd, file).split(path.sep).join('/');
  let raw: Record<string, unknown> = {};
  const problems: Diagnostic[] = [];
  if (fs.existsSync(file)) {
    try {
      const parsed = yaml.load(fs.readFileSync(file, 'utf8'), { schema: yaml.CORE_SCHEMA }) ?? {};
      if (isPlainObject(parsed)) raw = parsed;
      else problems.push({ severity: 'error', file: label, line: 1, message: 'the config must be a mapping of keys to values' });
    } catch (err) {
      const mark = (err as { mark?: { line: number } }).mark;
      problems.push({ severity: 'error', file: label, line: mark ? mark.line + 1 : undefined, message: `invalid YAML: ${(err as { reason?: string }).reason ?? String(err)}` });
    }
  } else if (configPath) {
    problems.push({ severity: 'error', file: label, message: 'config file not found' });
  }
  const { config, problems: keyProblems } = validateConfig({ ...raw, ...definedOnly(overrides) }, label);
  problems.push(...keyProblems);
  return { config: { ...config, root, configFile: fs.existsSync(file) ? label : undefined }, problems };
}

function definedOnly<T extends object>(values: T): Partial<T> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as Partial<T>;
}
