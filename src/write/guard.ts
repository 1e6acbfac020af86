// The output guard: every file lands inside the output folder, and no two on one path.
import path from 'node:path';
import type { Diagnostic } from '../diagnostics.js';
import { checkUrlPath, outputKey } from '../url-paths.js';

/** Checks paths before they are written; remembers which source claimed each one. */
export class OutputGuard {
  private readonly claimed = new Map<string, string>();

  constructor(
    private readonly outDir: string,
    private readonly problems: Diagnostic[],
  ) {}

  /** The absolute path to write `relative` to, or undefined (with a diagnostic) when it must not be written. */
  admit(relative: string, source = '(generated)'): string | undefined {
    const unsafe = checkUrlPath(`/${relative}`) ?? (relative === '' || relative.startsWith('/') ? 'it is not a relative file path' : undefined);
    const target = path.resolve(this.outDir, relative);
    if (unsafe || !target.startsWith(this.outDir + path.sep)) {
      this.problems.push({ severity: 'error', file: source === '(generated)' ? '' : source, message: `refusing to write "${relative}": ${unsafe ?? 'it is outside the output folder'}` });
      return undefined;
    }
    const key = outputKey(relative);
    const first = this.claimed.get(key);
    if (first !== undefined) {
      // Name the post, whichever came first: it is the one to change.
      const post = [source, first].find((s) => s !== '(generated)') ?? '';
      this.problems.push({ severity: 'error', file: post, message: `two outputs on one path "${relative}": ${first} and ${source}`, hint: 'give one of them another permalink' });
      return undefined;
    }
    this.claimed.set(key, source);
    return target;
  }
}
