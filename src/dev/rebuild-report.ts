// What a dev rebuild did, and its last step: the new pages swapped into the served site.
import type { Diagnostic } from '../diagnostics.js';
import type { ServedPage, SiteStore } from '../serve/index.js';

/** What one rebuild did. */
export interface RebuildReport {
  /** False when the site could not be rendered; the last good site is still served. */
  ok: boolean;
  postsRead: number;
  /** Of the posts read, those taken cleaned from the build cache (a session's first rebuild). */
  postsFromCache?: number;
  /** Of the posts read, those loaded and cleaned on worker threads (see DevSite.readAhead). */
  postsOnWorkers?: number;
  pagesRendered: number;
  /** Pages served as the last build wrote them, not rendered (see LastBuild). */
  pagesFromBuild?: number;
  pagesChanged: number;
  pagesRemoved: number;
  /** Output paths rendered, and those whose contents changed (added included). */
  rendered: string[];
  changed: string[];
  /** Output paths served before they are rendered: each is rendered when first asked for, and checked soon after (see HeldPages.checkDeferred). */
  deferred: string[];
  /** Every current problem (not just this rebuild's): the overlay shows the errors. */
  problems: Diagnostic[];
  /** Post files that failed while freshly written: to be read again once their writing has surely ended. */
  retry: string[];
  /** How the model was had: built again, edited posts swapped in, or posts put in, taken out or moved in place. */
  mode?: 'built' | 'edited' | 'added' | 'removed' | 'moved';
}

/** The report as a rebuild fills it in, before it knows whether it succeeds and which problems stand. */
export type RebuildProgress = Omit<RebuildReport, 'ok' | 'problems'>;

/** Counts what was rendered and changed, and serves `pages` when any page changed or went away. */
export function publishPages(store: SiteStore, pages: ReadonlyMap<string, ServedPage>, report: RebuildProgress): void {
  report.pagesRendered = report.rendered.length;
  report.pagesChanged = report.changed.length;
  if (report.pagesChanged || report.pagesRemoved) store.replace(pages);
}
