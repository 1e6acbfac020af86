// Finished search shards kept in the build cache, so a rebuild indexes only the shards that changed.
import fs from 'node:fs';
import path from 'node:path';
import { isLaterShardFolder } from './shard-files.js';

/** Files every Pagefind output carries whatever it indexed: the scripts, styles and WebAssembly. */
const isAsset = (entry: fs.Dirent) => entry.isFile() && entry.name !== 'pagefind-entry.json' && !entry.name.endsWith('.pf_meta');
/**
 * The folders of the shards after the first, which lie inside the first one's (`pagefind/1/`, …):
 * not its data. Shards are indexed side by side, so they may be there when the first is saved.
 */
const isLaterShard = (entry: fs.Dirent) => entry.isDirectory() && isLaterShardFolder(entry.name);

/**
 * A folder of shards, each under its key (a digest of its records and of the indexer), plus one
 * copy of the indexer's assets, under a name of their own per indexer version (`assets`), since
 * a new Pagefind's data must never be served with an old one's scripts. Entries are written to a temporary name and renamed, so a build
 * killed while saving leaves no half entry; they are copied out, never linked, so nothing done to
 * a published site can reach the cache.
 */
export class ShardStore {
  constructor(
    private readonly dir: string,
    /** The name of this indexer version's assets folder. */
    private readonly assets: string,
  ) {}

  /** Copies shard `key` into `shardDir` (with the assets when asked); false when it is not kept. */
  restore(key: string, shardDir: string, withAssets: boolean): boolean {
    const data = path.join(this.dir, key);
    const assets = path.join(this.dir, this.assets);
    if (!fs.existsSync(data) || (withAssets && !fs.existsSync(assets))) return false;
    fs.cpSync(data, shardDir, { recursive: true });
    if (withAssets) fs.cpSync(assets, shardDir, { recursive: true });
    return true;
  }

  /** Keeps a shard Pagefind just wrote complete into `shardDir`: its data, and the assets once. */
  save(key: string, shardDir: string): void {
    const entries = fs.readdirSync(shardDir, { withFileTypes: true });
    this.saveAs(key, (to) => {
      for (const entry of entries) if (!isAsset(entry) && !isLaterShard(entry)) fs.cpSync(path.join(shardDir, entry.name), path.join(to, entry.name), { recursive: true });
    });
    if (!fs.existsSync(path.join(this.dir, this.assets))) {
      this.saveAs(this.assets, (to) => {
        for (const entry of entries) if (isAsset(entry)) fs.copyFileSync(path.join(shardDir, entry.name), path.join(to, entry.name));
      });
    }
  }

  /** Forgets every shard but `keys`, and other versions' assets: the cache holds one archive's index, not every version of it. */
  keepOnly(keys: ReadonlySet<string>): void {
    if (!fs.existsSync(this.dir)) return;
    for (const name of fs.readdirSync(this.dir)) {
      if (name !== this.assets && !keys.has(name)) fs.rmSync(path.join(this.dir, name), { recursive: true, force: true });
    }
  }

  private saveAs(name: string, fill: (dir: string) => void): void {
    const temporary = path.join(this.dir, `${name}.tmp-${process.pid}`);
    fs.rmSync(temporary, { recursive: true, force: true });
    fs.mkdirSync(temporary, { recursive: true });
    fill(temporary);
    try {
      fs.renameSync(temporary, path.join(this.dir, name));
    } catch {
      // Another build saved the same entry first: equal keys, equal contents.
      fs.rmSync(temporary, { recursive: true, force: true });
    }
  }
}

/** Leaves only a merged shard's data: it is searched with the first shard's scripts and WebAssembly. */
export function pruneAssets(shardDir: string): void {
  for (const entry of fs.readdirSync(shardDir, { withFileTypes: true })) if (isAsset(entry)) fs.rmSync(path.join(shardDir, entry.name));
}
