// The index's files in the output folder, shard by shard: what lets a rebuild leave the shards that
// did not change as the last build wrote them, and write only the others.
import path from 'node:path';
import { digest } from '../cache/fingerprint.js';
import { filesUnder } from '../files-under.js';

/** Where the index goes inside the output folder; the search page loads `/pagefind/pagefind.js`. */
export const SEARCH_DIR = 'pagefind';
/** Lists the shards the browser merges into the newest one, newest first: `{ "merge": ["2/", "1/"] }`. */
export const SHARDS_FILE = 'shards.json';

/**
 * Where each of `count` shards (newest first) goes inside the index's folder: the newest in it,
 * the others in `1/` (the oldest), `2/`, … A new newest shard then moves only the one it follows
 * (out of the index's folder into one of its own): every other shard keeps its folder.
 */
export const shardFolders = (count: number): string[] => Array.from({ length: count }, (_, position) => (position === 0 ? '' : String(count - position)));

/** True for the name of an older shard's folder, which lies inside the newest shard's (see shardFolders). */
export const isLaterShardFolder = (name: string): boolean => /^\d+$/.test(name);

/** The folder of the shard a file of the index belongs to: `3` for `pagefind/3/…`, '' (the newest's) for any other. */
export function shardFolderOf(relative: string): string {
  const rest = relative.slice(SEARCH_DIR.length + 1);
  const slash = rest.indexOf('/');
  const folder = slash < 0 ? '' : rest.slice(0, slash);
  return isLaterShardFolder(folder) ? folder : '';
}

/**
 * The key each file of a shard is recorded under: the shard's key (its records and the indexer)
 * and its folder, since the newest shard's also holds the scripts and the others' folders.
 */
export function shardFileKey(shardKey: string, folder: string): string {
  return digest(shardKey, folder);
}

/** What `shards.json` says, given every shard's folder (newest first): the folders of the shards after the newest, in that order. */
export const shardsFileText = (folders: readonly string[]): string => `${JSON.stringify({ merge: folders.slice(1).map((folder) => `${folder}/`) })}\n`;

/** A site as the last build left it: every file, and the keys of those found as it wrote them (see OutputCheck). */
export interface LeftFiles {
  files: ReadonlySet<string>;
  keys: ReadonlyMap<string, string>;
}

/**
 * The shards the output folder holds as they are to be: by folder, the files the last build wrote
 * there under the key each file of that shard now has (`fileKeys`, by folder). A shard one of
 * whose files has another key, lost its key (changed or gone since) or never had one is not among
 * them: a static file of the site in its folder has none, and may stand in for a file of the shard.
 */
export function keptShards(left: LeftFiles, fileKeys: ReadonlyMap<string, string>): Map<string, string[]> {
  const kept = new Map<string, string[]>();
  const spoiled = new Set<string>();
  for (const relative of left.files) {
    if (!relative.startsWith(`${SEARCH_DIR}/`) || relative === `${SEARCH_DIR}/${SHARDS_FILE}`) continue;
    const folder = shardFolderOf(relative);
    if (left.keys.get(relative) !== fileKeys.get(folder)) spoiled.add(folder);
    else if (kept.has(folder)) kept.get(folder)!.push(relative);
    else kept.set(folder, [relative]);
  }
  for (const folder of spoiled) kept.delete(folder);
  return kept;
}

/**
 * Every file of the index under `siteDir`, relative to it, with its key: by its shard's folder in
 * `fileKeys` (every shard's, newest first), or for `shards.json` by what it says.
 */
export function filesWritten(siteDir: string, fileKeys: ReadonlyMap<string, string>): Map<string, string> {
  const written = new Map<string, string>();
  const shardsKey = digest(SHARDS_FILE, shardsFileText([...fileKeys.keys()]));
  for (const file of filesUnder(path.join(siteDir, SEARCH_DIR))) {
    const relative = `${SEARCH_DIR}/${file.relative}`;
    written.set(relative, relative === `${SEARCH_DIR}/${SHARDS_FILE}` ? shardsKey : fileKeys.get(shardFolderOf(relative))!);
  }
  return written;
}
