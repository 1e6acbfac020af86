// File events to change sets: sorted by kind, coalesced, one rebuild at a time.
import path from 'node:path';

/** What changed since the last rebuild, by kind; paths are absolute. */
export interface ChangeSet {
  /** Post files (or folders under the posts folder) added, changed or removed. */
  posts: Set<string>;
  /** Template files, as names relative to the templates folder (`partials/x.njk`). */
  templates: Set<string>;
  /** Files under the site's `public/`, relative to it. */
  publicFiles: Set<string>;
  /** The config file changed: everything is rebuilt. */
  config: boolean;
}

/** The watched places of a site, absolute. */
export interface WatchedPaths {
  postsDir: string;
  templatesDir: string;
  publicDir: string;
  configFile: string;
}

export function emptyChangeSet(): ChangeSet {
  return { posts: new Set(), templates: new Set(), publicFiles: new Set(), config: false };
}

/** Adds one changed path to `changes` by where it is; false when it is none of the site's inputs. */
export function classifyChange(changes: ChangeSet, file: string, where: WatchedPaths): boolean {
  if (file === where.configFile) return (changes.config = true);
  const inside = (dir: string) => {
    const rel = path.relative(dir, file);
    return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel)) ? rel.split(path.sep).join('/') : undefined;
  };
  const post = inside(where.postsDir);
  if (post !== undefined) return !!changes.posts.add(file);
  const template = inside(where.templatesDir);
  if (template !== undefined) return !!changes.templates.add(template);
  const publicFile = inside(where.publicDir);
  if (publicFile !== undefined) return !!changes.publicFiles.add(publicFile);
  return false;
}

/** Merges `more` into `into`. */
export function mergeChangeSets(into: ChangeSet, more: ChangeSet): void {
  for (const p of more.posts) into.posts.add(p);
  for (const t of more.templates) into.templates.add(t);
  for (const f of more.publicFiles) into.publicFiles.add(f);
  into.config ||= more.config;
}

export function isEmptyChangeSet(changes: ChangeSet): boolean {
  return !changes.config && !changes.posts.size && !changes.templates.size && !changes.publicFiles.size;
}

/**
 * Runs `rebuild` once events have been quiet for `quietMs`, never two at a time: what arrives
 * during a rebuild waits and goes into the next one, so a thousand files copied at once give one
 * or a few rebuilds (Eleventy's WatchQueue). The quiet period also lets a file being copied finish.
 */
export class ChangeQueue {
  private pending = emptyChangeSet();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private closed = false;
  private waitingSince = 0;

  constructor(
    private readonly rebuild: (changes: ChangeSet) => Promise<void>,
    private readonly quietMs: number,
    /** A stream of events that never pauses is flushed after this long anyway. */
    private readonly maxWaitMs = 1000,
  ) {}

  /** Adds changes and (re)starts the quiet period. */
  push(changes: ChangeSet): void {
    if (this.closed) return;
    if (isEmptyChangeSet(this.pending)) this.waitingSince = Date.now();
    mergeChangeSets(this.pending, changes);
    if (this.timer) clearTimeout(this.timer);
    const wait = Math.min(this.quietMs, Math.max(0, this.waitingSince + this.maxWaitMs - Date.now()));
    this.timer = setTimeout(() => this.flush(), wait);
  }

  /** Resolves when no rebuild is running or due. */
  async idle(): Promise<void> {
    while (this.running || this.timer) await (this.running ?? new Promise((r) => setTimeout(r, this.quietMs)));
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private flush(): void {
    this.timer = undefined;
    if (this.running || this.closed || isEmptyChangeSet(this.pending)) return;
    const changes = this.pending;
    this.pending = emptyChangeSet();
    this.running = this.rebuild(changes).finally(() => {
      this.running = undefined;
      if (!isEmptyChangeSet(this.pending) && !this.timer) this.flush();
    });
  }
}
