// The site as the dev server holds it: generated pages in memory, static files read from disk.
import fs from 'node:fs';
import path from 'node:path';
import { filesUnder } from '../files-under.js';

/** A static file: where it is, and the folder it must stay inside. */
export interface StaticFile {
  file: string;
  root: string;
}

/**
 * A page as served. Dev holds no page's text: a page is rendered again, or read from the last
 * build's output, each time it is asked for (see dev/held-pages.ts and dev/last-build.ts).
 */
export interface ServedPage {
  text(): string;
  /** True when `text`, whose digest (see dev/held-pages.ts) is `digest`, is known to be what this page served. */
  serves(text: string, digest: string): boolean;
}

/**
 * One version of the site. A rebuild makes a new page map and swaps it in with one assignment,
 * so a request sees either all of the old listings or all of the new ones, never a mix.
 */
export class SiteStore {
  /** Output path (`a/b/index.html`) → contents, exactly as `build` writes them. */
  pages: ReadonlyMap<string, ServedPage> = new Map();
  /** Output path → static file; the site's `public/` over the theme's. */
  statics: ReadonlyMap<string, StaticFile> = new Map();
  /**
   * Bumped whenever what is served changes; open pages reload when it moves. It starts at the time
   * the server started, so that a page served by an earlier run of dev (restarted since) reloads too.
   */
  version = Date.now();
  /** The sub-path the site is served under, `/` or `/archive/`. */
  basePath = '/';
  /**
   * A folder of the last build's output served as it is, under its own name: its search index,
   * which dev does not make. Read on each request, so a build run meanwhile is seen.
   */
  fromOutput?: string;

  replace(pages: ReadonlyMap<string, ServedPage>): void {
    this.pages = pages;
    this.version++;
  }

  /** The static file (or file of the `fromOutput` folder) at output path `key`. */
  staticFile(key: string): StaticFile | undefined {
    const folder = this.fromOutput;
    if (this.statics.has(key) || !folder || !key.startsWith(`${path.basename(folder)}/`)) return this.statics.get(key);
    return { file: path.join(path.dirname(folder), key), root: folder };
  }

  /** Re-reads the list of static files (they are few, and read from disk on each request). */
  indexStatics(dirs: string[]): void {
    const statics = new Map<string, StaticFile>();
    for (const root of dirs) {
      for (const { relative, full } of filesUnder(root)) statics.set(relative, { file: full, root });
    }
    this.statics = statics;
    this.version++;
  }
}

/** The real path of a static file when it stays inside its folder (a symlink out is refused). */
export function realStaticFile({ file, root }: StaticFile): string | undefined {
  try {
    const real = fs.realpathSync(file);
    const realRoot = fs.realpathSync(root);
    return real.startsWith(realRoot + path.sep) && fs.statSync(real).isFile() ? real : undefined;
  } catch {
    return undefined;
  }
}
