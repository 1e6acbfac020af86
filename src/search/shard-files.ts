// The index's files in the output folder, shard by shard: what lets a rebuild leave the shards that
// did not change as the last build wrote them, and write only the others.
import fs from 'node:fs';
import path from 'node:path';
import { digest } from '../cache/fingerprint.js';

/** Where the index goes inside the output folder; the search page loads `/pagefind/pagefind.js`. */
export const SEARCH_DIR = 'pagefind';
/** Lists the shards the browser merges into the first one: `{ "merge": ["1/", "2/"] }`. */
export const SHARDS_FILE = 'shards.json';

/** Where shard `position` goes inside the index's folder: the first in it, the others in `1/`, `2/`, … */
export const shardFolder = (position: number): string => (position === 0 ? '' : String(position));

/** True for the name of a later shard's folder, which lies inside the first shard's (see shardFolder). */
export const isLaterShardFolder = (name: string): boolean => /^\d+$/.test(name);

/** The shard a file of the index belongs to: `pagefind/3/…` is the fourth's, any other the first's (which holds the rest). */
export function shardOf(relative: string): number {
  const rest = relative.slice(SEARCH_DIR.length + 1);
  const slash = rest.indexOf('/');
  const folder = slash < 0 ? '' : rest.slice(0, slash);
  return isLaterShardFolder(folder) ? Number(folder) : 0;
}

/**
 * The key each file of a shard is recorded under: the shard's key (its records and the indexer)
 * and its place, since the first shard also holds the scripts and the others' folders.
 */
export function shardFileKey(shardKey: string, position: number): string {
  return digest(shardKey, String(position));
}

/** The key `shards.json` is recorded under: it lists the shards after the first, nothing else. */
export const shardsFileKey = (shards: number): string => digest(SHARDS_FILE, String(shards));

/** A site as the last build left it: every file, and the keys of those found as it wrote them (see OutputCheck). */
export interface LeftFiles {
  files: ReadonlySet<string>;
  keys: ReadonlyMap<string, string>;
}

/**
 * The shards the output folder holds as they are to be: by place, the files the last build wrote
 * there under the key each file of that shard now has (`fileKeys`, by place). A shard one of whose
 * files has another key, lost its key (changed or gone since) or never had one is not among them:
 * a static file of the site in its folder has none, and may stand in for a file of the shard.
 */
export function keptShards(left: LeftFiles, fileKeys: readonly string[]): Map<number, string[]> {
  const kept = new Map<number, string[]>();
  const spoiled = new Set<number>();
  for (const relative of left.files) {
    if (!relative.startsWith(`${SEARCH_DIR}/`) || relative === `${SEARCH_DIR}/${SHARDS_FILE}`) continue;
    const position = shardOf(relative);
    if (left.keys.get(relative) !== fileKeys[position]) spoiled.add(position);
    else if (kept.has(position)) kept.get(position)!.push(relative);
    else kept.set(position, [relative]);
  }
  for (const position of spoiled) kept.delete(position);
  return kept;
}

/** Every file of the index under `siteDir`, relative to it, with its key (by its shard's place in `fileKeys`). */
export function filesWritten(siteDir: string, fileKeys: readonly string[]): Map<string, string> {
  const root = path.join(siteDir, SEARCH_DIR);
  const written = new Map<string, string>();
  if (!fs.existsSync(root)) return written;
  for (const entry of fs.readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (entry.isDirectory()) continue;
    const relative = path.relative(siteDir, path.join(entry.parentPath, entry.name)).split(path.sep).join('/');
    written.set(relative, relative === `${SEARCH_DIR}/${SHARDS_FILE}` ? shardsFileKey(fileKeys.length) : fileKeys[shardOf(relative)]);
  }
  return written;
}
