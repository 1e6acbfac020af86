// The pages the last build wrote, for dev's start: a page whose input key equals the one that build
// recorded for it would render to the very bytes it wrote, and without failing (it rendered then),
// so dev serves that file instead of rendering the page and holding its text. At 20,000 posts,
// rendering every page took most of a start and holding them most of its memory.
import fs from 'node:fs';
import path from 'node:path';
import { inputKey, outputFolderOf, outputRecordMark, pageSaltOf, readMarkedOutputRecord, sameStamp, stampOffsets, type PagePlan, type StampedFiles } from '../build.js';
import type { ResolvedConfig } from '../config.js';
import type { ServedPage } from '../serve/index.js';

export class LastBuild {
  private constructor(
    private readonly config: ResolvedConfig,
    private readonly outDir: string,
    /** The files as the build left them (one changed by hand since is not served), and each page's input key. */
    private readonly record: StampedFiles & { keys: ReadonlyMap<string, string> },
    private readonly salt: string,
    /** The record's mark when it was read (see outputRecordMark). */
    private readonly mark: string,
  ) {}

  /**
   * The last build of `config`'s output folder, when its record is there and its pages were made
   * under the settings, templates and code of now (its page salt): under others, none could be served.
   */
  static open(config: ResolvedConfig): LastBuild | undefined {
    const outDir = outputFolderOf(path.resolve(config.root, config.outDir));
    const marked = readMarkedOutputRecord(config, outDir);
    const salt = pageSaltOf(config);
    return marked?.record.pageSalt === salt ? new LastBuild(config, outDir, marked.record, salt, marked.mark) : undefined;
  }

  /** True while no other build has run since this one was read. */
  get current(): boolean {
    return outputRecordMark(this.config) === this.mark;
  }

  /**
   * The page of `plan` (whose key, read once by the caller, is `key`) as the last build wrote it,
   * when that build rendered this very page; else undefined. Its text is read from the output
   * folder each time it is asked for, while no build has run since and the file keeps the stamp
   * that build left (it may be gone, changed by hand, or another build's); otherwise it is
   * `render(path)`, the page rendered from its plan of the time (not this one: a later model's plan
   * of a page with the same key renders the same, and the first model is not kept alive by its
   * pages).
   */
  adopt(plan: PagePlan, key: string | undefined, render: (path: string) => string): ServedPage | undefined {
    const recorded = this.record.keys.get(plan.path);
    if (recorded === undefined || key === undefined || inputKey(this.salt, plan.template, key) !== recorded) return undefined;
    // The path alone is kept: the page must not hold the plan, nor through it the model.
    return new BuiltPage(this, plan.path, render);
  }

  #stampAt?: Map<string, number>;

  /** The text of `page` as the build wrote it; undefined once another build ran, or when the file is gone or changed since. */
  written(page: string): string | undefined {
    if (!this.current) return undefined;
    const at = (this.#stampAt ??= stampOffsets(this.record.files)).get(page);
    let fd: number;
    try {
      fd = fs.openSync(path.join(this.outDir, page), 'r');
    } catch {
      return undefined;
    }
    try {
      return at !== undefined && sameStamp(fs.fstatSync(fd), this.record.stamps, at) ? fs.readFileSync(fd, 'utf8') : undefined;
    } catch {
      return undefined;
    } finally {
      fs.closeSync(fd);
    }
  }
}

/**
 * A page served as the last build wrote it, or rendered when that copy is gone. An object of its
 * own with its methods on the class, not two closures: dev holds one per page the build wrote, and
 * the closures with their context took 27 MB at 100,000 posts.
 */
class BuiltPage implements ServedPage {
  constructor(
    private readonly build: LastBuild,
    private readonly page: string,
    private readonly render: (path: string) => string,
  ) {}

  text(): string {
    return this.build.written(this.page) ?? this.render(this.page);
  }

  serves(text: string): boolean {
    return this.build.written(this.page) === text;
  }
}
