// The site as the dev server holds it: generated pages in memory, static files read from disk.
import fs from 'node:fs';
import path from 'node:path';

/** A static file: where it is, and the folder it must stay inside. */
export interface StaticFile {
  file: string;
  root: string;
}

/**
 * One version of the site. A rebuild makes a new page map and swaps it in with one assignment,
 * so a request sees either all of the old listings or all of the new ones, never a mix.
 */
export class SiteStore {
  /** Output path (`a/b/index.html`) → contents, exactly as `build` writes them. */
  pages: ReadonlyMap<string, string> = new Map();
  /** Output path → static file; the site's `public/` over the theme's. */
  statics: ReadonlyMap<string, StaticFile> = new Map();
  /** Bumped whenever what is served changes; open pages reload when it moves. */
  version = 0;
  /** The sub-path the site is served under, `/` or `/archive/`. */
  basePath = '/';

  replace(pages: ReadonlyMap<string, string>): void {
    this.pages = pages;
    this.version++;
  }

  /** Re-reads the list of static files (they are few, and read from disk on each request). */
  indexStatics(dirs: string[]): void {
    const statics = new Map<string, StaticFile>();
    for (const root of dirs) {
      if (!fs.existsSync(root)) continue;
      for (const entry of fs.readdirSync(root, { recursive: true, withFileTypes: true })) {
        if (entry.isDirectory()) continue;
        const file = path.join(entry.parentPath, entry.name);
        statics.set(path.relative(root, file).split(path.sep).join('/'), { file, root });
      }
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
