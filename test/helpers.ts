// Shared test plumbing: temporary sites, running the real CLI, reading built pages.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { load, type CheerioAPI } from 'cheerio';

export const REPO = fileURLToPath(new URL('..', import.meta.url));
export const CLI = path.join(REPO, 'lib', 'cli.js');
export const SHARED = path.resolve(REPO, '..', 'shared');

// Every test file runs in a process of its own (node --test): the folders it made go when it ends,
// passed or failed. Set NEWSARCHIVE_KEEP_TEST_DIRS=1 to keep them for a look.
const madeDirs: string[] = [];
process.on('exit', () => {
  if (process.env.NEWSARCHIVE_KEEP_TEST_DIRS) return;
  for (const dir of madeDirs) {
    try {
      fs.rmSync(dir, { recursive: true, force: true });
    } catch {
      // A folder a test made unreadable on purpose: left for the system's clean-up of /tmp.
    }
  }
});

/** A new empty folder `newsarchive-<name>-XXXXXX` in the system's temporary folder, deleted when the test file ends. */
export function tempDir(name: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `newsarchive-${name}-`));
  madeDirs.push(dir);
  return dir;
}

/** A fresh temporary site folder with the given files (path → contents). */
export function makeSite(files: Record<string, string | Buffer> = {}): string {
  const dir = tempDir('test');
  for (const [name, contents] of Object.entries(files)) {
    const full = path.join(dir, name);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, contents);
  }
  return dir;
}

/** Runs the compiled CLI in `cwd`; TZ is pinned away from Asia/Shanghai so nothing leans on the machine's zone. */
export function runCli(cwd: string, args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, TZ: 'America/New_York', ...env } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Parses a built page. */
export function page(site: string, relative: string, out = 'dist'): CheerioAPI {
  return load(fs.readFileSync(path.join(site, out, relative), 'utf8'));
}

/** A post file with front matter from `fields` (values written as given) and `body`. */
export function post(fields: Record<string, string>, body = '<p>正文。</p>'): string {
  return `---\n${Object.entries(fields).map(([k, v]) => `${k}: ${v}`).join('\n')}\n---\n${body}\n`;
}

/** Every file under `dir`, relative, sorted, with its bytes: a snapshot to compare builds by. */
export function snapshot(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  if (!fs.existsSync(dir)) return files;
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) {
      const full = path.join(entry.parentPath, entry.name);
      files.set(path.relative(dir, full), fs.readFileSync(full, 'utf8'));
    }
  }
  return files;
}

/** Every file under `dir`, relative, with its bytes in base64: for trees that hold binary files. */
export function treeOf(dir: string): Record<string, string> {
  const tree: Record<string, string> = {};
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    const full = path.join(entry.parentPath, entry.name);
    if (entry.isFile()) tree[path.relative(dir, full)] = fs.readFileSync(full).toString('base64');
  }
  return tree;
}

/** Builds a copy of `site` without its `dist/` and `.cache/`: the files a cold build writes. */
export function coldSnapshot(site: string, env: Record<string, string> = {}): Map<string, string> {
  return snapshot(coldBuild(site, env));
}

/** The output folder of a cold build of a copy of `site` (without its `dist/` and `.cache/`). */
export function coldBuild(site: string, env: Record<string, string> = {}): string {
  const copy = tempDir('cold');
  fs.cpSync(site, copy, { recursive: true, filter: (src) => !/[/\\](dist|\.cache)$/.test(src) });
  const result = runCli(copy, ['build'], env);
  if (result.code !== 0) throw new Error(`cold build failed: ${result.stderr}`);
  return path.join(copy, 'dist');
}

/** mulberry32: small, seeded, the same series on every machine. */
export function seededRandom(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
