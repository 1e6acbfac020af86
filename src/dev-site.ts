// Dev mode's incremental rebuild policy and its caches: re-read only the posts that changed,
// re-render only the pages whose key or template changed, swap in only what differs.
import { createModelMemo, createRenderer, modelSite, planSite, renderContextOf, staticDirsOf, type PagePlan, type Renderer } from './build.js';
import type { ResolvedConfig } from './config.js';
import { BuildError, type Diagnostic } from './diagnostics.js';
import { editsInPlace, insertAdded, swapInEdits, type LastModel, type MovedPost } from './dev/kept-model.js';
import { PostStates, type Swap } from './dev/post-states.js';
import { publishPages, type RebuildProgress, type RebuildReport } from './dev/rebuild-report.js';
import type { ChangeSet, SiteStore } from './serve/index.js';
import type { Inserted } from './model/index.js';
import { ArticleTrack, FeedTrack, ListingTrack, type PageTrack } from './render/page-keys.js';
import type { Post } from './types.js';
import { checkUrlPath } from './url-paths.js';

export { WRITE_GRACE_MS } from './dev/post-states.js';
export type { RebuildReport } from './dev/rebuild-report.js';

/** What decides the site besides its files. */
export interface DevSiteOptions {
  config: ResolvedConfig;
  includeDrafts: boolean;
  includeFuture: boolean;
}

/** The page held for an output path, and what it was rendered from. */
interface HeldPage {
  key?: string;
  template?: string;
  /** The plan of the last full rebuild; it reads the model's entries when it renders. */
  plan: PagePlan;
}

/** The caches of one dev session, handed from rebuild to rebuild. */
export class DevSite {
  private readonly posts = new PostStates();
  private held = new Map<string, HeldPage>();
  private renderer: Renderer;
  /** Templates changed since the last rebuild that rendered: their pages are re-rendered. */
  private readonly staleTemplates = new Set<string>();
  private modelMemo = createModelMemo();
  /** The model's and render's problems of the last rebuild, still true when nothing was re-read. */
  private lastProblems: Diagnostic[] = [];
  private last: LastModel | undefined;

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
    this.last = undefined;
    this.renderer = createRenderer(renderContextOf(config));
  }

  /**
   * Makes ahead what the next in-place rebuild needs (the index from post to pages), so an edit
   * right after a full rebuild does not wait for it. For idle time, after a rebuild is published.
   */
  prepare(): void {
    if (this.last) this.last.showing ??= pagesShowing(this.held);
  }

  /** Applies `changes` (everything, when `full`) to the site in `store`. Never throws for a broken input. */
  rebuild(changes: ChangeSet, store: SiteStore, full = false): RebuildReport {
    const { config } = this.options;
    if (full || changes.templates.size) this.renderer = createRenderer(renderContextOf(config));
    for (const name of changes.templates) this.staleTemplates.add(name);
    if (full || changes.publicFiles.size) store.indexStatics(staticDirsOf(config));
    const reread = full || changes.posts.size ? this.posts.read(changes.posts, full, config) : { count: 0, removed: 0, retry: [], swaps: [] };
    if (!full && !changes.templates.size && !changes.publicFiles.size && !changes.config && !reread.count && !reread.removed) {
      return { ok: true, postsRead: 0, pagesRendered: 0, pagesChanged: 0, pagesRemoved: 0, rendered: [], changed: [], retry: reread.retry, problems: [...this.posts.problems(), ...this.lastProblems] };
    }
    const report: RebuildProgress = { postsRead: reread.count, retry: reread.retry, pagesRendered: 0, pagesChanged: 0, pagesRemoved: 0, rendered: [], changed: [] };
    const inPlace = !full && !changes.templates.size && !changes.publicFiles.size && !changes.config && !reread.removed && editsInPlace(this.last, reread.swaps);
    try {
      if (inPlace) return this.rebuildInPlace(inPlace, store, report);
      const added = !full && !changes.templates.size && !changes.publicFiles.size && !changes.config && !reread.removed ? this.insert(reread.swaps) : undefined;
      return this.rebuildAll(full, store, report, added);
    } catch (err) {
      if (!(err instanceof BuildError)) throw err;
      // The kept model may hold posts of the failed rebuild: the next one starts from the posts.
      this.last = undefined;
      this.lastProblems = [...this.lastProblems, ...err.diagnostics];
      return { ok: false, ...report, problems: [...this.posts.problems(), ...this.lastProblems] };
    }
  }

  /** The new post put into the kept model in place (see insertAdded); a spoiled model is dropped, with its memo. */
  private insert(swaps: Swap[]): Inserted | undefined {
    const inserted = insertAdded(this.last, swaps, { ...this.options, memo: this.modelMemo });
    if (inserted === 'spoiled') {
      this.last = undefined;
      this.modelMemo = createModelMemo();
      return undefined;
    }
    return inserted;
  }

  /**
   * Models the whole site again (or takes the kept model with a post `added` in place) and
   * re-renders the pages whose key or template changed.
   */
  private rebuildAll(full: boolean, store: SiteStore, report: RebuildProgress, added?: Inserted): RebuildReport {
    const problems: Diagnostic[] = [...this.posts.siteProblems];
    const previous = this.last;
    this.last = undefined;
    this.lastProblems = problems;
    const model = added ? previous!.model : modelSite(this.posts.goodPosts(), { ...this.options, now: new Date(), memo: this.modelMemo }, problems).model;
    const modelClean = problems.length === this.posts.siteProblems.length;
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
      const kept = old !== undefined && before?.key !== undefined && before.template === plan.template && !isStale(plan.template);
      // Most pages show what they showed before: told by identity (or, for a post added in place,
      // by what it changed), their keys need not be made.
      const track = previous && before?.plan.track;
      const same = kept && track !== undefined && plan.track !== undefined && (added ? !mayShowAdded(plan.track, added) : plan.track.sameAs(track));
      const key = same ? before!.key : plan.key;
      const reuse = kept && key !== undefined && key === before!.key;
      const contents = reuse ? old : plan.render();
      if (!reuse) report.rendered.push(plan.path);
      if (contents !== old) report.changed.push(plan.path);
      pages.set(plan.path, contents);
      held.set(plan.path, { key, template: plan.template, plan });
    }
    for (const path of store.pages.keys()) if (!pages.has(path)) report.pagesRemoved++;
    publishPages(store, pages, report);
    this.held = held;
    this.staleTemplates.clear();
    const entryOf = added ? previous!.entryOf.set(added.entry.post, added.entry) : new Map(model.entries.map((e) => [e.post, e]));
    this.last = { model, entryOf, problemFiles: new Set(problems.map((p) => p.file)), modelClean };
    return { ok: true, ...report, problems: [...this.posts.problems(), ...problems], mode: added ? 'added' : 'built' };
  }

  /** Swaps the edited posts into the kept model and re-renders the pages that show them. */
  private rebuildInPlace(moved: MovedPost[], store: SiteStore, report: RebuildProgress): RebuildReport {
    const last = this.last!;
    const showing = (last.showing ??= pagesShowing(this.held));
    const paths = swapInEdits(last, showing, moved);
    // A page whose key is unchanged (a body edit, for the article next to it) is not rendered.
    const rendered = new Map<string, { contents: string; key: string }>();
    for (const path of paths) {
      const held = this.held.get(path);
      const key = held?.plan.track?.key();
      if (held && key !== held.key) rendered.set(path, { contents: held.plan.render(), key: key! });
    }
    // All rendered before anything is swapped in: a template failing halfway serves the old site whole.
    const pages = new Map(store.pages);
    for (const [path, { contents, key }] of rendered) {
      report.rendered.push(path);
      if (contents !== store.pages.get(path)) report.changed.push(path);
      pages.set(path, contents);
      this.held.set(path, { ...this.held.get(path)!, key });
    }
    publishPages(store, pages, report);
    return { ok: true, ...report, problems: [...this.posts.problems(), ...this.lastProblems], mode: 'edited' };
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

/** False when the page followed by `track` shows nothing the post `added` in place changed. */
function mayShowAdded(track: PageTrack, added: Inserted): boolean {
  if (track instanceof ArticleTrack) return added.articles.has(track.entry);
  if (track instanceof ListingTrack) return added.listings.has(track.listing.url);
  if (track instanceof FeedTrack) return added.feeds.has(track.head.feedUrl);
  return true;
}

/** Post → the output paths whose keys mention it (see PagePlan.track). */
function pagesShowing(held: Map<string, HeldPage>): Map<Post, Set<string>> {
  const showing = new Map<Post, Set<string>>();
  for (const { plan } of held.values()) {
    for (const entry of plan.track?.shows() ?? []) {
      let paths = showing.get(entry.post);
      if (!paths) showing.set(entry.post, (paths = new Set()));
      paths.add(plan.path);
    }
  }
  return showing;
}
