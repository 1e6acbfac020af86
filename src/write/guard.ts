// The output guard: every file lands inside the output folder, and no two on one path.
import path from 'node:path';
import type { Diagnostic } from '../diagnostics.js';
import { checkUrlPath, outputKey } from '../url-paths.js';

/** Checks paths before they are written; remembers which source claimed each one. */
export class OutputGuard {
  private readonly claimed = new Map<string, string>();
  /** Every folder some file lies in, with the first source that needs it. */
  private readonly folders = new Map<string, string>();

  /** The output folder with a separator after it: every target starts with it. */
  private readonly inside: string;

  constructor(
    outDir: string,
    private readonly problems: Diagnostic[],
  ) {
    this.inside = outDir + path.sep;
  }

  /** The absolute path to write `relative` to, or undefined (with a diagnostic) when it must not be written. */
  admit(relative: string, source = '(generated)'): string | undefined {
    // As a URL it would have a "/" in front: an empty first segment, which every check passes.
    const unsafe = checkUrlPath(relative) ?? (relative === '' || relative.startsWith('/') ? 'it is not a relative file path' : undefined);
    if (unsafe) {
      this.problems.push({ severity: 'error', file: source === '(generated)' ? '' : source, message: `refusing to write "${relative}": ${unsafe}` });
      return undefined;
    }
    // A relative path with no "." or ".." segment, backslash or drive (":") stays inside the output
    // folder as it is joined: no path.resolve, which made some 20 MB of strings in a rebuild of
    // 26,000 paths.
    const target = this.inside + relative;
    const key = outputKey(relative);
    const first = this.claimed.get(key);
    if (first !== undefined) {
      // Name the post, whichever came first: it is the one to change.
      const post = [source, first].find((s) => s !== '(generated)') ?? '';
      this.problems.push({ severity: 'error', file: post, message: `two outputs on one path "${relative}": ${first} and ${source}`, hint: 'give one of them another permalink' });
      return undefined;
    }
    const clash = this.folderClash(key, relative, source);
    if (clash) {
      this.problems.push(clash);
      return undefined;
    }
    this.claimed.set(key, source);
    return target;
  }

  /**
   * Claims a static file copied from `public/` as it is (its name need not be a safe URL): only a
   * clash with where a generated file or folder must go is refused.
   */
  claimStatic(relative: string, label: string): boolean {
    const key = outputKey(relative);
    const clash = this.folderClash(key, relative, label);
    if (clash) this.problems.push(clash);
    else this.claimed.set(key, label);
    return !clash;
  }

  /**
   * A file where another needs a folder, or a folder where another is a file: no disk holds both,
   * and a rebuild that swapped one for the other would delete what the first one put there.
   */
  private folderClash(key: string, relative: string, source: string): Diagnostic | undefined {
    const post = (other: string) => [source, other].find((s) => s !== '(generated)') ?? '';
    const folderOf = this.folders.get(key);
    if (folderOf !== undefined) return { severity: 'error', file: post(folderOf), message: `"${relative}" (${source}) is a folder of another output (${folderOf})`, hint: 'rename the file or change the permalink' };
    // A folder already known is no file, nor is any folder above it (each was checked when it
    // became known, and no file is claimed where a folder is known): the walk up stops there.
    const unknown: string[] = [];
    for (let at = key.lastIndexOf('/'); at > 0; at = key.lastIndexOf('/', at - 1)) {
      const folder = key.slice(0, at);
      if (this.folders.has(folder)) break;
      const fileOf = this.claimed.get(folder);
      if (fileOf !== undefined) return { severity: 'error', file: post(fileOf), message: `"${relative}" (${source}) lies in "${folder}", which is a file (${fileOf})`, hint: 'rename the file or change the permalink' };
      unknown.push(folder);
    }
    for (const folder of unknown) this.folders.set(folder, source);
    return undefined;
  }
}
