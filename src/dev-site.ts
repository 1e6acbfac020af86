// Dev mode's incremental rebuild policy and its caches: re-read only the posts that changed,
// re-render only the pages whose key or template changed, swap in only what differs.
import fs from 'node:fs';
import { createModelMemo, createRenderer, findPostFiles, modelSite, planSite, readPost, renderContextOf, staticDirsOf, type PostFile, type Renderer } from './build.js';
import type { ResolvedConfig } from './config.js';
import { BuildError, type Diagnostic } from './diagnostics.js';
import type { ChangeSet, SiteStore } from './serve/index.js';
import type { Post } from './types.js';
import { checkUrlPath } from './url-paths.js';

/** A post that fails to build while its file was written this recently may still be being written. */
export const WRITE_GRACE_MS = 1000;

/** What decides the site besides its files. */
export interface DevSiteOptions {
  config: ResolvedConfig;
  includeDrafts: boolean;
  includeFuture: boolean;
}

/** What one rebuild did. */
export interface RebuildReport {
  /** False when the site could not be rendered; the last good site is still served. */
  ok: boolean;
  postsRead: number;
  pagesRendered: number;
  pagesChanged: number;
  pagesRemoved: number;
  /** Output paths rendered, and those whose contents changed (added included). */
  rendered: string[];
  changed: string[];
  /** Every current problem (not just this rebuild's): the overlay shows the errors. */
  problems: Diagnostic[];
  /** Post files that failed while freshly written: to be read again once their writing has surely ended. */
  retry: string[];
}

/** The last reading of one post file; `post` is the last good one, kept while the file is broken. */
interface PostState {
  file: PostFile;
  post?: Post;
  problems: Diagnostic[];
  /** Size and time of the file when read: a second report of the same write reads nothing. */
  stamp: string;
}

/** The page held for an output path, and what it was rendered from. */
interface HeldPage {
  key?: string;
  template?: string;
}

/** The caches of one dev session, handed from rebuild to rebuild. */
export class DevSite {
  private readonly posts = new Map<string, PostState>();
  private held = new Map<string, HeldPage>();
  private renderer: Renderer;
  /** Templates changed since the last rebuild that rendered: their pages are re-rendered. */
  private readonly staleTemplates = new Set<string>();
  private siteProblems: Diagnostic[] = [];
  private modelMemo = createModelMemo();
  /** The model's and render's problems of the last rebuild, still true when nothing was re-read. */
  private lastProblems: Diagnostic[] = [];

  constructor(private options: DevSiteOptions) {
    this.renderer = createRenderer(renderContextOf(options.config));
  }

  get config(): ResolvedConfig {
    return this.options.config;
  }

  /** Starts over with a new config: every cache is dropped. */
  reset(config: ResolvedConfig): void {
    this.options = { ...this.options, config };
    this.posts.clear();
    this.held = new Map();
    this.modelMemo = createModelMemo();
    this.renderer = createRenderer(renderContextOf(config));
  }

  /** Applies `changes` (everything, when `full`) to the site in `store`. Never throws for a broken input. */
  rebuild(changes: ChangeSet, store: SiteStore, full = false): RebuildReport {
    const { config } = this.options;
    if (full || changes.templates.size) this.renderer = createRenderer(renderContextOf(config));
    for (const name of changes.templates) this.staleTemplates.add(name);
    if (full || changes.publicFiles.size) store.indexStatics(staticDirsOf(config));
    const reread = full || changes.posts.size ? this.readPosts(changes.posts, full) : { count: 0, removed: 0, retry: [] };
    if (!full && !changes.templates.size && !changes.publicFiles.size && !changes.config && !reread.count && !reread.removed) {
      return { ok: true, postsRead: 0, pagesRendered: 0, pagesChanged: 0, pagesRemoved: 0, rendered: [], changed: [], retry: reread.retry, problems: [...this.postProblems(), ...this.lastProblems] };
    }

    const problems: Diagnostic[] = [...this.siteProblems];
    const { model } = modelSite(this.goodPosts(), { ...this.options, now: new Date(), memo: this.modelMemo }, problems);
    const report = { postsRead: reread.count, retry: reread.retry, pagesRendered: 0, pagesChanged: 0, pagesRemoved: 0, rendered: [] as string[], changed: [] as string[] };
    try {
      const plans = planSite(model, this.renderer, problems);
      const pages = new Map<string, string>();
      const held = new Map<string, HeldPage>();
      const isStale = this.staleTest(full);
      for (const plan of plans) {
        const old = store.pages.get(plan.path);
        if (pages.has(plan.path)) {
          problems.push({ severity: 'error', file: plan.source ?? '', message: `two outputs on one path "${plan.path}"`, hint: 'give one of them another permalink' });
          continue;
        }
        if (old === undefined && !this.admit(plan.path, plan.source, problems)) continue;
        const before = this.held.get(plan.path);
        const reuse = old !== undefined && plan.key !== undefined && before?.key === plan.key && before.template === plan.template && !isStale(plan.template);
        const contents = reuse ? old : plan.render();
        if (!reuse) report.rendered.push(plan.path);
        if (contents !== old) report.changed.push(plan.path);
        pages.set(plan.path, contents);
        held.set(plan.path, { key: plan.key, template: plan.template });
      }
      for (const path of store.pages.keys()) if (!pages.has(path)) report.pagesRemoved++;
      report.pagesRendered = report.rendered.length;
      report.pagesChanged = report.changed.length;
      if (report.pagesChanged || report.pagesRemoved) store.replace(pages);
      this.held = held;
      this.staleTemplates.clear();
      this.lastProblems = problems;
      return { ok: true, ...report, problems: [...this.postProblems(), ...problems] };
    } catch (err) {
      if (!(err instanceof BuildError)) throw err;
      this.lastProblems = [...problems, ...err.diagnostics];
      return { ok: false, ...report, problems: [...this.postProblems(), ...this.lastProblems] };
    }
  }

  /** Finds the post files and re-reads the new and changed ones; forgets the removed ones. */
  private readPosts(touched: Set<string>, full: boolean): { count: number; removed: number; retry: string[] } {
    const { config } = this.options;
    // Edits of known posts need no new look at the folder; anything added, removed or moved does.
    const known = !full && [...touched].every((p) => this.posts.has(p) && fs.existsSync(p));
    let files = [...this.posts.values()].map((s) => s.file);
    let removed = 0;
    if (!known) {
      this.siteProblems = [];
      files = findPostFiles(config.root, config.postsDir, this.siteProblems);
      const present = new Set(files.map((f) => f.absolutePath));
      for (const path of this.posts.keys()) if (!present.has(path) && this.posts.delete(path)) removed++;
    }
    let count = 0;
    const retry: string[] = [];
    for (const file of files) {
      const before = this.posts.get(file.absolutePath);
      if (before && !full && !touched.has(file.absolutePath)) continue;
      const stamp = stampOf(file.absolutePath);
      if (before && !full && before.stamp === stamp) continue;
      count++;
      const problems: Diagnostic[] = [];
      const post = readPost(file, config, problems);
      if (post) this.posts.set(file.absolutePath, { file, post, problems, stamp });
      else if (isFreshlyWritten(file.absolutePath)) retry.push(file.absolutePath);
      else this.posts.set(file.absolutePath, { file, post: before?.post, problems, stamp });
    }
    return { count, removed, retry };
  }

  private goodPosts(): Post[] {
    const posts: Post[] = [];
    for (const state of this.posts.values()) if (state.post) posts.push(state.post);
    return posts;
  }

  private postProblems(): Diagnostic[] {
    return [...this.posts.values()].flatMap((s) => s.problems);
  }

  /** Which page templates must re-render: those using a changed template (all of them after a full rebuild). */
  private staleTest(full: boolean): (template: string | undefined) => boolean {
    const changed = [...this.staleTemplates];
    const verdicts = new Map<string, boolean>();
    return (template) => {
      if (template === undefined || (!full && !changed.length)) return full;
      if (!verdicts.has(template)) {
        const used = this.renderer.usedBy(template);
        verdicts.set(template, full || !used || changed.some((name) => used.has(name)));
      }
      return verdicts.get(template)!;
    };
  }

  /** The output guard for paths not served before: inside the site, no path tricks. */
  private admit(path: string, source: string | undefined, problems: Diagnostic[]): boolean {
    const unsafe = checkUrlPath(`/${path}`);
    if (unsafe) problems.push({ severity: 'error', file: source ?? '', message: `refusing to serve "${path}": ${unsafe}` });
    return !unsafe;
  }
}

function stampOf(file: string): string {
  try {
    const stat = fs.statSync(file);
    return `${stat.size}:${stat.mtimeMs}`;
  } catch {
    return '';
  }
}

function isFreshlyWritten(file: string): boolean {
  try {
    return Date.now() - fs.statSync(file).mtimeMs < WRITE_GRACE_MS;
  } catch {
    return false;
  }
}
