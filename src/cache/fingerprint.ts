// What a cached result depends on besides its own input: code, dependency versions, settings.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** sha256 in hex of the parts, each length-prefixed so no two lists of parts collide. */
export function digest(...parts: (string | Uint8Array)[]): string {
  const hash = createHash('sha256');
  for (const part of parts) {
    hash.update(`${typeof part === 'string' ? Buffer.byteLength(part) : part.length}:`);
    hash.update(part);
  }
  return hash.digest('hex');
}

/**
 * One hash of every file under `dirs` (recursively, in a fixed order, names included). Missing
 * folders count as empty. Where the folders are is left out: a site or an install moved elsewhere
 * (another checkout, a CI runner's workspace) keeps its cache.
 */
export function hashTree(dirs: string[]): string {
  const hash = createHash('sha256');
  for (const [i, dir] of dirs.entries()) {
    hash.update(`dir ${i}\0`);
    if (!fs.existsSync(dir)) continue;
    const stat = fs.statSync(dir);
    const files = stat.isFile() ? [''] : filesFollowingLinks(dir);
    for (const file of files) hashFile(hash, dir, file);
  }
  return hash.digest('hex');
}

/**
 * The files under `dir`, relative, sorted, symlinks followed as Nunjucks follows them (a template
 * linked from elsewhere, or a folder of them): a change there changes the pages. A folder met again
 * through a link loop is read once.
 */
function filesFollowingLinks(dir: string): string[] {
  const files: string[] = [];
  const seen = new Set<string>();
  const walk = (folder: string, prefix: string) => {
    const real = fs.realpathSync(folder);
    if (seen.has(real)) return;
    seen.add(real);
    for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
      const full = path.join(folder, entry.name);
      const kind = entry.isSymbolicLink() ? fs.statSync(full, { throwIfNoEntry: false }) : entry;
      if (kind?.isDirectory()) walk(full, `${prefix}${entry.name}${path.sep}`);
      else if (kind?.isFile()) files.push(`${prefix}${entry.name}`);
    }
  };
  walk(dir, '');
  return files.sort();
}

function hashFile(hash: ReturnType<typeof createHash>, root: string, file: string): void {
  hashBytes(hash, file, fs.readFileSync(path.join(root, file)));
}

function hashBytes(hash: ReturnType<typeof createHash>, file: string, bytes: Buffer): void {
  hash.update(`${file}\0${bytes.length}\0`);
  hash.update(bytes);
}

const LIB = fileURLToPath(new URL('..', import.meta.url));

/** A stage's own code, as one hash, and the packages that code imports. */
export interface StageCode {
  fingerprint: string;
  packages: string[];
}

/**
 * newsarchive's code that the modules `entries` (paths in lib/) run, hashed: they and every module
 * they reach by relative imports. Found from the imports rather than listed by folder, so a helper
 * a stage shares with others (memo.js, diagnostics.js) changes its key too; with the packages they
 * import, whose versions shape the result as much.
 */
export function stageCode(entries: string[], root = LIB): StageCode {
  const { files, packages } = readClosure(entries, root);
  const hash = createHash('sha256');
  for (const [file, bytes] of [...files].sort(([a], [b]) => (a < b ? -1 : 1))) hashBytes(hash, file, bytes);
  return { fingerprint: hash.digest('hex'), packages };
}

// The ways a module names another: import and export statements (each at the start of a line, so
// a comment quoting one does not count), import() and require() calls, and onFirstUse (see
// on-first-use.ts).
const SPECIFIERS = [
  /^[ \t]*(?:import|export)\s[^'"]*?\bfrom\s*(['"])([^'"\n]+)\1/gm,
  /^[ \t]*import\s*(['"])([^'"\n]+)\1/gm,
  /\b(?:import|require)\s*\(\s*(['"])([^'"\n]+)\1\s*\)/g,
  /\bonFirstUse\s*(?:<[^>]*>)?\s*\(\s*(['"])([^'"\n]+)\1/g,
];
const BUILTINS = new Set(builtinModules);

/**
 * The modules `entries` reach by relative imports (paths relative to `root`, sorted), and the
 * packages any of them names. A `.js` import that is not there is looked for as `.ts`, for the
 * sources run as they are (the tests).
 */
export function moduleClosure(entries: string[], root: string): { files: string[]; packages: string[] } {
  const { files, packages } = readClosure(entries, root);
  return { files: [...files.keys()].sort(), packages };
}

/** `moduleClosure`, with each file's bytes as read (relative path → bytes), so they are read once. */
function readClosure(entries: string[], root: string): { files: Map<string, Buffer>; packages: string[] } {
  const files = new Map<string, Buffer>();
  const packages = new Set<string>();
  const pending = entries.map((entry) => path.join(root, entry));
  for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
    const found = [file, file.replace(/\.js$/, '.ts')].find((candidate) => fs.existsSync(candidate));
    const relative = found && path.relative(root, found);
    if (!relative || files.has(relative)) continue;
    const bytes = fs.readFileSync(found);
    files.set(relative, bytes);
    const text = bytes.toString('utf8');
    for (const [, , specifier] of SPECIFIERS.flatMap((pattern) => [...text.matchAll(pattern)])) {
      if (specifier.startsWith('.')) pending.push(path.resolve(path.dirname(found), specifier));
      else if (!specifier.startsWith('node:') && !BUILTINS.has(specifier)) packages.add(packageName(specifier));
    }
  }
  return { files, packages: [...packages].sort() };
}

/** `cheerio/slim` → `cheerio`, `@scope/name/sub` → `@scope/name`. */
function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return parts.slice(0, specifier.startsWith('@') ? 2 : 1).join('/');
}

/** `name@version` of each installed package, found the way Node would from this file; `name@?` when not found. */
export function packageVersions(names: string[]): string {
  return names.map((name) => `${name}@${installedVersion(name) ?? '?'}`).join(' ');
}

function installedVersion(name: string): string | undefined {
  for (let dir = LIB; ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'node_modules', name, 'package.json');
    if (fs.existsSync(file)) return (JSON.parse(fs.readFileSync(file, 'utf8')) as { version?: string }).version;
    if (path.dirname(dir) === dir) return undefined;
  }
}

/**
 * What Node itself brings to a result: V8 (the serialization format of the cache), and ICU with
 * its time zone and Unicode data (zone offsets, case folding, normalization), which a Node update
 * can change without changing V8.
 */
export function runtimeVersions(): string {
  const { v8, icu, tz, unicode } = process.versions;
  return `v8@${v8} icu@${icu ?? '?'} tz@${tz ?? '?'} unicode@${unicode ?? '?'}`;
}

/** newsarchive's version, from its package.json. */
export function ownVersion(): string {
  const pkg = JSON.parse(fs.readFileSync(path.join(LIB, '..', 'package.json'), 'utf8')) as { version: string };
  return pkg.version;
}
