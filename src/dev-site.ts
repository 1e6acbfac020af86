// Dev mode's incremental rebuild policy and its caches: re-read only the posts that changed,
// re-render only the pages whose key or template changed, swap in only what differs.
// Its parts are in dev/: the posts as last read, the kept model, the pages served, the last build's pages, the report.
import { createModelMemo, createRenderer, modelPublished, modelSite, planSite, renderContextOf, staticDirsOf, type Renderer } from './build.js';
import type { ResolvedConfig } from './config.js';
import { BuildError, type Diagnostic } from './diagnostics.js';
import { tuneHeapForBuild } from './heap.js';
import { HeldPages, staleTest } from './dev/held-pages.js';
import { changeInPlace, editsInPlace, swapInEdits, type LastModel, type MovedPost } from './dev/kept-model.js';
import { LastBuild } from './dev/last-build.js';
import { PostStates, type Swap } from './dev/post-states.js';
import { publishPages, type RebuildProgress, type RebuildReport } from './dev/rebuild-report.js';
import type { InPlaceChange } from './model/index.js';
import type { ChangeSet, SiteStore } from './serve/index.js';
import type { Post } from './types.js';

export { WRITE_GRACE_MS } from './dev/post-states.js';
export type { RebuildReport } from './dev/rebuild-report.js';

/** What decides the site besides its files. */
export interface DevSiteOptions {
  config: ResolvedConfig;
  includeDrafts: boolean;
  includeFuture: boolean;
}

/** The caches of one dev session, handed from rebuild to rebuild. */
export class DevSite {
  private readonly posts = new PostStates();
  private held = new HeldPages();
  private renderer: Renderer;
  /** Templates changed since the last rebuild that rendered: their pages are re-rendered. */
  private readonly staleTemplates = new Set<string>();
  private modelMemo = createModelMemo();
  /** The model's and render's problems of the last rebuild, still true when nothing was re-read. */
  private lastProblems: Diagnostic[] = [];
  private last: LastModel | undefined;
  /** The last build's output as the read-ahead found it, for the full rebuild that follows. */
  private lastBuildAhead: LastBuild | undefined;

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
    this.held = new HeldPages();
    this.modelMemo = createModelMemo();
    this.last = undefined;
    this.lastBuildAhead = undefined;
    this.lastProblems = [];
    this.staleTemplates.clear();
    this.renderer = createRenderer(renderContextOf(config));
  }

  /** Cleans ahead, on worker threads, what the next full rebuild would read and clean on this one (see PostStates.readAhead). */
  readAhead(): Promise<void> {
    // With no build whose pages it may serve (none, or one under other settings), the session
    // renders every page soon after (see checkPages): the heap is tuned as a build's from here,
    // since V8 sets each growth step at a full collection, and the last ones come while the posts
    // are read. Tuned only at the rebuild, the step set while reading let 80 MB of rendered pages
    // pile up at 20,000 posts.
    this.lastBuildAhead = LastBuild.open(this.options.config);
    if (!this.lastBuildAhead) tuneHeapForBuild();
    return this.posts.readAhead(this.options.config);
  }

  /** The last build's output: as the read-ahead found it, while no build has run since; else read now. */
  private lastBuild(): LastBuild | undefined {
    const ahead = this.lastBuildAhead;
    this.lastBuildAhead = undefined;
    return ahead?.current ? ahead : LastBuild.open(this.options.config);
  }

  /**
   * Makes ahead what the next in-place rebuild needs (the index from post to pages), so an edit
   * right after a full rebuild does not wait for it. For idle time, after a rebuild is published.
   */
  prepare(): void {
    if (this.last) this.last.showing ??= this.held.showing();
  }

  /** How many pages are served that were never rendered (see checkPages). */
  get pagesToCheck(): number {
    return this.held.toCheck;
  }

  /**
   * Renders pages served before they were rendered (the session's start serves every page it would
   * render at once, rendering each when asked for) until `until`, a `performance.now()` time: a
   * template that fails on some page is then reported, and a later rebuild knows whether such a
   * page changed. For idle time, a slice at a time.
   */
  checkPages(until: number): { checked: number; failed: number } {
    return this.held.checkDeferred(until);
  }

  /** Every problem that stands now: the posts', the last rebuild's, and the pages found failing since (see checkPages). */
  problems(): Diagnostic[] {
    // The walk's problems as the last read of the posts folder left them, which may be newer than the last rebuild.
    return [...this.posts.siteProblems, ...this.posts.problems(), ...this.lastProblems, ...this.held.failures()];
  }

  /** Applies `changes` (everything, when `full`) to the site in `store`. Never throws for a broken input. */
  rebuild(changes: ChangeSet, store: SiteStore, full = false): RebuildReport {
    const { config } = this.options;
    if (full || changes.templates.size) this.renderer = createRenderer(renderContextOf(config));
    for (const name of changes.templates) this.staleTemplates.add(name);
    if (full || changes.publicFiles.size) store.indexStatics(staticDirsOf(config));
    const reread = full || changes.posts.size ? this.posts.read(changes.posts, full, config) : { count: 0, fromCache: 0, onWorkers: 0, removed: 0, retry: [], swaps: [] };
    const postsOnly = !full && !changes.templates.size && !changes.publicFiles.size && !changes.config;
    if (postsOnly && !reread.count && !reread.removed) {
      return { ok: true, postsRead: 0, pagesRendered: 0, pagesChanged: 0, pagesRemoved: 0, rendered: [], changed: [], deferred: [], retry: reread.retry, problems: this.problems() };
    }
    const report: RebuildProgress = { postsRead: reread.count, postsFromCache: reread.fromCache || undefined, postsOnWorkers: reread.onWorkers || undefined, retry: reread.retry, pagesRendered: 0, pagesChanged: 0, pagesRemoved: 0, rendered: [], changed: [], deferred: [] };
    // Posts edited, added or removed, and nothing else: the kept model may be updated instead of built again.
    const mayKeepModel = postsOnly;
    const inPlace = mayKeepModel && editsInPlace(this.last, reread.swaps);
    // The served pages render from the kept model: its posts, should a change in place fail (see keepLastGood).
    const lastGood = mayKeepModel && this.last ? this.last.model.entries.map((entry) => entry.post) : undefined;
    let changedInPlace = !!inPlace;
    try {
      if (inPlace) return this.rebuildInPlace(inPlace, store, report);
      const change = mayKeepModel ? this.changeKeptModel(reread.swaps) : undefined;
      changedInPlace = change !== undefined;
      const readNow = postsOnly ? new Set(reread.swaps.flatMap((swap) => (swap.after ? [swap.after] : []))) : undefined;
      return this.rebuildAll(full, store, report, change === 'spoiled' ? undefined : change, readNow);
    } catch (err) {
      if (!(err instanceof BuildError)) throw err;
      // The kept model may hold posts of the failed rebuild: the next one starts from the posts.
      this.last = undefined;
      if (changedInPlace && lastGood) this.keepLastGood(lastGood);
      this.lastProblems = [...this.lastProblems, ...err.diagnostics];
      return { ok: false, ...report, problems: this.problems() };
    }
  }

  /** The changed posts taken out of the kept model and put into it in place (see changeInPlace); a spoiled model is dropped, with its memo. */
  private changeKeptModel(swaps: Swap[]): InPlaceChange | 'spoiled' | undefined {
    const change = changeInPlace(this.last, swaps, { ...this.options, memo: this.modelMemo });
    if (change === 'spoiled') {
      this.last = undefined;
      this.modelMemo = createModelMemo();
    }
    return change;
  }

  /**
   * After a rebuild that changed the kept model in place and then failed: the served pages would
   * render from that model when asked for, so they get plans of the last good site instead, its
   * `published` posts modelled again. Only on this path, so it may take a model's time.
   */
  private keepLastGood(published: Post[]): void {
    this.modelMemo = createModelMemo();
    this.held.replan(planSite(modelPublished(published, { config: this.options.config, memo: this.modelMemo }), this.renderer, []));
  }

  /**
   * Models the whole site again (or takes the kept model as changed `inPlace`) and
   * re-renders the pages whose key or template changed; given `readNow` (the posts read, when they
   * are all that changed), those that show none of them wait (see SinceHeld.readNow).
   */
  private rebuildAll(full: boolean, store: SiteStore, report: RebuildProgress, inPlace?: InPlaceChange, readNow?: Set<Post>): RebuildReport {
    // The model's and the render's: the walk's are read afresh (see problems()).
    const problems: Diagnostic[] = [];
    const previous = this.last;
    this.last = undefined;
    this.lastProblems = problems;
    const lastBuild = full ? this.lastBuild() : undefined;
    // Most pages are to be rendered, as in a build (see tuneHeapForBuild).
    if (!lastBuild) tuneHeapForBuild();
    const model = inPlace ? previous!.model : modelSite(this.posts.goodPosts(), { ...this.options, now: new Date(), memo: this.modelMemo }, problems).model;
    const modelClean = problems.length === 0;
    const plans = planSite(model, this.renderer, problems);
    const isStale = staleTest([...this.staleTemplates], this.renderer, full);
    const pages = this.held.renderChanged(plans, store, { tracked: previous !== undefined, isStale, inPlace, readNow, lastBuild, deferNew: store.pages.size === 0 }, problems, report);
    for (const path of store.pages.keys()) if (!pages.has(path)) report.pagesRemoved++;
    publishPages(store, pages, report);
    this.staleTemplates.clear();
    const entryOf = inPlace ? previous!.entryOf : new Map(model.entries.map((e) => [e.post, e]));
    for (const entry of inPlace?.entries ?? []) entryOf.set(entry.post, entry);
    for (const post of inPlace?.removed ?? []) entryOf.delete(post);
    this.last = { model, entryOf, problemFiles: new Set([...this.posts.siteProblems, ...problems].map((p) => p.file)), modelClean };
    return { ok: true, ...report, problems: this.problems(), mode: inPlace ? inPlaceMode(inPlace) : 'built' };
  }

  /** Swaps the edited posts into the kept model and re-renders the pages that show them. */
  private rebuildInPlace(moved: MovedPost[], store: SiteStore, report: RebuildProgress): RebuildReport {
    const last = this.last!;
    const showing = (last.showing ??= this.held.showing());
    const pages = this.held.rerender(swapInEdits(last, showing, moved), store, report);
    publishPages(store, pages, report);
    return { ok: true, ...report, problems: this.problems(), mode: 'edited' };
  }
}

/**
 * How a change in place is reported: posts only put in, only taken out, or both (a post moved); or
 * neither, when only posts the site does not publish (drafts, say) changed: 'edited'.
 */
function inPlaceMode(change: InPlaceChange): 'added' | 'removed' | 'moved' | 'edited' {
  if (!change.removed.length) return change.entries.length ? 'added' : 'edited';
  return change.entries.length ? 'moved' : 'removed';
}
