// The pages dev mode serves, each with what it was rendered from, and which of them to render
// again: only those whose key or template changed. No page's text is held: a page is rendered
// again when asked for, from the plan held for its path. Holding every page's text was most of
// dev's memory when it rendered the whole site (0.7 GB at 20,000 posts).
import { createHash } from 'node:crypto';
import type { PagePlan, Renderer } from '../build.js';
import { BuildError, type Diagnostic } from '../diagnostics.js';
import type { ChangedPages } from '../model/index.js';
import { mayShowChanged } from '../render/page-keys.js';
import type { ServedPage, SiteStore } from '../serve/index.js';
import type { Post } from '../types.js';
import { checkUrlPath } from '../url-paths.js';
import type { LastBuild } from './last-build.js';
import type { RebuildProgress } from './rebuild-report.js';

/** The page served at an output path: what it is rendered from. */
interface HeldPage {
  /** The digest of its key (see textDigest): the keys' text, held for every page, was 110 MB at 100,000 posts. */
  key?: string;
  template?: string;
  /** The plan of the last full rebuild; it reads the model's entries when it renders. */
  plan: PagePlan;
}

/** What changed since the served pages were planned, besides their keys. */
export interface SinceHeld {
  /** True when the held plans' tracks follow the model the new plans come from (it was kept). */
  tracked: boolean;
  /** Whether a page template must re-render (see staleTest). */
  isStale: (template: string | undefined) => boolean;
  /** What posts put into the kept model, or taken out of it, in place changed, if that is how the model was had. */
  inPlace?: ChangedPages;
  /**
   * The posts read in this rebuild, when they are all that changed (no template, public file or
   * config). A page to render that shows none of them shows only posts that rendered before: it
   * waits (see renderChanged).
   */
  readNow?: Set<Post>;
  /** The last build's output, whose pages need not be rendered (see LastBuild): given when the site is read whole. */
  lastBuild?: LastBuild;
  /**
   * True when nothing is served yet (the session's start): a page to render is served at once and
   * rendered when first asked for, and each is checked afterwards (see checkDeferred). There is no
   * last good site to keep, and rendering every page first took 2.5 s of a 20,000-post start
   * (in-process).
   */
  deferNew?: boolean;
}

/** A page served before it was ever rendered: the digest of its text, once rendered (see checkDeferred). */
interface Unchecked {
  digest?: string;
}

/** The pages of the last rebuild, by output path. */
export class HeldPages {
  private held = new Map<string, HeldPage>();
  /** The deferred pages not rendered yet, by output path, in the order they were planned. */
  private unchecked = new Map<string, Unchecked>();
  /** Deferred pages that failed when checked, by output path: what their render reported. */
  private failed = new Map<string, Diagnostic[]>();

  /**
   * Post → the output paths whose keys mention it (see PagePlan.track), each once. Arrays, not sets:
   * dev holds this index, some fifteen paths a post (at 100,000 posts, 40 MB as sets, 18 MB so).
   */
  showing(): Map<Post, string[]> {
    const showing = new Map<Post, string[]>();
    for (const { plan } of this.held.values()) {
      for (const entry of plan.track?.shows() ?? []) {
        let paths = showing.get(entry.post);
        if (!paths) showing.set(entry.post, (paths = []));
        // A page showing the post twice (its newer neighbour is also the newer in its newspaper)
        // comes twice in a row.
        if (paths.at(-1) !== plan.path) paths.push(plan.path);
      }
    }
    return showing;
  }

  /**
   * The site of `plans`: the pages whose key or template changed are rendered (or, given the last
   * build, served as it wrote them where it wrote the very same page), the others stay as `store`
   * serves them. The plans are then held in place of the old ones. A page to render is rendered
   * here, though its text is dropped: a broken template shows now, not when its page is opened, and
   * the text's digest tells whether the page changed. At the session's start it is served first
   * and rendered soon after instead (see SinceHeld.deferNew), as are the pages that only shifted
   * when posts were added or removed (see SinceHeld.readNow).
   */
  renderChanged(plans: Iterable<PagePlan>, store: SiteStore, since: SinceHeld, problems: Diagnostic[], report: RebuildProgress): Map<string, ServedPage> {
    const { isStale, inPlace, readNow } = since;
    const pages = new Map<string, ServedPage>();
    const held = new Map<string, HeldPage>();
    // What stands of the deferred pages' checks: those of the pages kept as they are served.
    const unchecked = new Map<string, Unchecked>();
    const failed = new Map<string, Diagnostic[]>();
    // A page taken from the last build renders, when it must, as a page rendered here does.
    const renderHeld = (path: string) => this.renderHeld(path);
    // A post added on top, or removed, shifts every page of each listing it is in (all 1,250 home
    // pages at 20,000 posts). A page that shows none of the posts read now shows only posts that
    // rendered before: it is served at once and rendered when asked for or while idle, as at the
    // start (Hugo's server also renders less than everything, its "fast render"). Those that show
    // them render now, so a template failing on a post keeps the last good site, as does a
    // template that changed; files no template renders (the feeds, the sitemap: 170 ms of an add
    // at 100,000 posts) cannot fail on a post, and wait too.
    const waits = (plan: PagePlan) => readNow !== undefined && !isStale(plan.template) && (plan.template === undefined || !showsAny(plan, readNow));
    for (const plan of plans) {
      const old = store.pages.get(plan.path);
      if (pages.has(plan.path)) {
        problems.push({ severity: 'error', file: plan.source ?? '', message: `two outputs on one path "${plan.path}"`, hint: 'give one of them another permalink' });
        continue;
      }
      if (old === undefined && !admit(plan.path, plan.source, problems)) continue;
      const before = this.held.get(plan.path);
      const kept = old !== undefined && before?.key !== undefined && before.template === plan.template && !isStale(plan.template);
      // Most pages show what they showed before: told by identity (or, for posts put in or taken
      // out in place, by what that changed), their keys need not be made.
      const track = since.tracked ? before?.plan.track : undefined;
      const same = kept && track !== undefined && plan.track !== undefined && (inPlace ? !mayShowChanged(plan.track, inPlace) : plan.track.sameAs(track));
      const pageKey = same ? undefined : plan.key;
      const key = same ? before!.key : pageKey === undefined ? undefined : textDigest(pageKey);
      const reuse = kept && key !== undefined && key === before!.key;
      const adopted = reuse ? undefined : since.lastBuild?.adopt(plan, pageKey, renderHeld);
      if (adopted) {
        report.pagesFromBuild = (report.pagesFromBuild ?? 0) + 1;
        // Not compared: the build's copy is read only when asked for.
        report.changed.push(plan.path);
      }
      if (reuse) {
        carryOver(plan.path, this.unchecked, unchecked);
        carryOver(plan.path, this.failed, failed);
      }
      let page: ServedPage;
      if (reuse) page = old;
      else if (adopted) page = adopted;
      else if ((since.deferNew && old === undefined) || waits(plan)) page = this.deferred(plan.path, unchecked, report);
      else page = this.rendered(plan, old, report);
      pages.set(plan.path, page);
      held.set(plan.path, { key, template: plan.template, plan });
    }
    this.held = held;
    this.unchecked = unchecked;
    this.failed = failed;
    return pages;
  }

  /** The site of `store` with the pages at `paths` rendered again where their keys changed. */
  rerender(paths: Set<string>, store: SiteStore, report: RebuildProgress): Map<string, ServedPage> {
    // A page whose key is unchanged (a body edit, for the article next to it) is not rendered.
    const rendered = new Map<string, { page: ServedPage; key: string }>();
    for (const path of paths) {
      const held = this.held.get(path);
      const pageKey = held?.plan.track?.key();
      const key = pageKey === undefined ? undefined : textDigest(pageKey);
      if (!held || key === held.key) continue;
      rendered.set(path, { page: this.rendered(held.plan, store.pages.get(path), report), key: key! });
    }
    // All rendered before anything is swapped in: a template failing halfway keeps the old site
    // (see DevSite.keepLastGood for the model the old pages render from then).
    const pages = new Map(store.pages);
    for (const [path, { page, key }] of rendered) {
      this.unchecked.delete(path);
      this.failed.delete(path);
      pages.set(path, page);
      this.held.set(path, { ...this.held.get(path)!, key });
    }
    return pages;
  }

  /**
   * After a failed rebuild that changed the model in place: the pages served render from `plans`,
   * the site as it was before (its posts modelled again), not from the model the rebuild left.
   */
  replan(plans: Iterable<PagePlan>): void {
    for (const plan of plans) {
      const held = this.held.get(plan.path);
      if (held) held.plan = plan;
    }
  }

  /**
   * `plan` rendered, served as a page rendered again from the plan held for its path when asked for
   * (the same text while the site stays: a page's key covers what it shows); counted as changed
   * unless its text is what `old` served.
   */
  private rendered(plan: PagePlan, old: ServedPage | undefined, report: RebuildProgress): ServedPage {
    report.rendered.push(plan.path);
    const text = plan.render();
    const digest = textDigest(text);
    if (old === undefined || !old.serves(text, digest)) report.changed.push(plan.path);
    const { path } = plan;
    return { text: () => this.renderHeld(path), serves: (_, other) => other === digest };
  }

  /**
   * The page at `path`, served as it is rendered when first asked for (see SinceHeld.deferNew), and
   * counted as changed: it is new.
   */
  private deferred(path: string, toCheck: Map<string, Unchecked>, report: RebuildProgress): ServedPage {
    const unchecked: Unchecked = {};
    toCheck.set(path, unchecked);
    report.deferred.push(path);
    report.changed.push(path);
    return {
      text: () => {
        const text = this.renderHeld(path);
        if (this.unchecked.get(path) === unchecked) this.checked(path, text);
        return text;
      },
      serves: (_, digest) => unchecked.digest === digest,
    };
  }

  /** How many deferred pages are still to be rendered (see checkDeferred). */
  get toCheck(): number {
    return this.unchecked.size;
  }

  /**
   * Renders deferred pages not yet asked for, until `until` (a `performance.now()` time) or none is
   * left: each one's digest is then known, so a later rebuild tells whether it changed, and a
   * template that fails on some page is reported (see failures) instead of waiting for its page to
   * be opened. Returns how many were rendered and how many of them failed.
   */
  checkDeferred(until: number): { checked: number; failed: number } {
    let checked = 0;
    let failed = 0;
    for (const path of this.unchecked.keys()) {
      if (checked && performance.now() >= until) break;
      checked++;
      try {
        this.checked(path, this.renderHeld(path));
      } catch (err) {
        if (!(err instanceof BuildError)) throw err;
        this.unchecked.delete(path);
        this.failed.set(path, err.diagnostics);
        failed++;
      }
    }
    return { checked, failed };
  }

  /** What the deferred pages that failed reported, each problem once (a template fails the same way on many pages). */
  failures(): Diagnostic[] {
    const seen = new Map<string, Diagnostic>();
    for (const problems of this.failed.values()) for (const p of problems) seen.set(`${p.file}:${p.line}:${p.message}`, p);
    return [...seen.values()];
  }

  private checked(path: string, text: string): void {
    this.unchecked.get(path)!.digest = textDigest(text);
    this.unchecked.delete(path);
  }

  /** The page at `path` rendered from the plan held for it now, that of the last good rebuild. */
  private renderHeld(path: string): string {
    const current = this.held.get(path)?.plan;
    if (!current) throw new Error(`${path} is no longer a page of the site`);
    return current.render();
  }
}

/** Which page templates must re-render: those using a `changed` template (all of them after a full rebuild). */
export function staleTest(changed: string[], renderer: Renderer, full: boolean): (template: string | undefined) => boolean {
  const verdicts = new Map<string, boolean>();
  return (template) => {
    if (template === undefined || (!full && !changed.length)) return full;
    if (!verdicts.has(template)) {
      const used = renderer.usedBy(template);
      verdicts.set(template, full || !used || changed.some((name) => used.has(name)));
    }
    return verdicts.get(template)!;
  };
}

function carryOver<T>(path: string, from: ReadonlyMap<string, T>, to: Map<string, T>): void {
  const value = from.get(path);
  if (value !== undefined) to.set(path, value);
}

/** True when the page of `plan` shows one of `posts`; pages with no track (the archives, say) are taken to. */
function showsAny(plan: PagePlan, posts: Set<Post>): boolean {
  return plan.track === undefined || plan.track.shows().some((entry) => posts.has(entry.post));
}

/** What tells a page's texts (or keys) apart: SHA-1 of the UTF-16 code units, which need no encoding first (16 µs a page, against 32 µs for SHA-256 of the UTF-8). */
function textDigest(text: string): string {
  return createHash('sha1').update(text, 'utf16le').digest('base64');
}

/** The output guard for paths not served before: inside the site, no path tricks. */
function admit(path: string, source: string | undefined, problems: Diagnostic[]): boolean {
  const unsafe = checkUrlPath(`/${path}`);
  if (unsafe) problems.push({ severity: 'error', file: source ?? '', message: `refusing to serve "${path}": ${unsafe}` });
  return !unsafe;
}
