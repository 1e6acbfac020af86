// What a cached result depends on besides its own input: code, dependency versions, settings.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
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
    const files = stat.isFile() ? [''] : fs.readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
      .sort();
    for (const file of files) {
      const bytes = fs.readFileSync(path.join(dir, file));
      hash.update(`${file}\0${bytes.length}\0`);
      hash.update(bytes);
    }
  }
  return hash.digest('hex');
}

const LIB = fileURLToPath(new URL('..', import.meta.url));

/** newsarchive's own compiled code in the given folders or files of lib/ (so any code change invalidates). */
export function codeFingerprint(parts: string[]): string {
  return hashTree(parts.map((p) => path.join(LIB, p)));
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

/** newsarchive's version, from its package.json. */
export function ownVersion(): string {
  const pkg = JSON.parse(fs.readFileSync(path.join(LIB, '..', 'package.json'), 'utf8')) as { version: string };
  return pkg.version;
}
