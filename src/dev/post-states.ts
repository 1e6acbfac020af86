// Dev mode's posts: the last reading of each post file, and re-reading only the files that changed.
import fs from 'node:fs';
import path from 'node:path';
import { findPostFiles, type PostFile } from '../build.js';
import { fileStamp } from '../cache/stamps.js';
import type { ResolvedConfig } from '../config.js';
import type { Diagnostic } from '../diagnostics.js';
import { isPostFile } from '../load/filename.js';
import { toSitePath } from '../load/find-posts.js';
import { readPost } from '../read-post.js';
import { CachedPostReader } from './cached-posts.js';
import type { Post } from '../types.js';

/** A post that fails to build while its file was written this recently may still be being written. */
export const WRITE_GRACE_MS = 1000;

/** The last reading of one post file; `post` is the last good one, kept while the file is broken. */
interface PostState {
  file: PostFile;
  post?: Post;
  problems: Diagnostic[];
  /** The file's stamp when read (see fileStamp): a second report of the same write reads nothing. Undefined while too fresh to trust. */
  stamp: string | undefined;
}

/** A post file read again: its post before and after (the same object when it did not change); a removed file's has none after. */
export interface Swap {
  before?: Post;
  after?: Post;
}

/** What one look at the post files did. */
export interface Reread {
  /** Files read. */
  count: number;
  /** Of those, the posts taken from the build cache (see CachedPostReader). */
  fromCache: number;
  /** Of those, the posts cleaned ahead on worker threads (see readAhead). */
  onWorkers: number;
  /** Known posts whose files are gone. */
  removed: number;
  /** Post files that failed while freshly written (see RebuildReport.retry). */
  retry: string[];
  swaps: Swap[];
}

/** Every post file of the site as last read, by absolute path. */
export class PostStates {
  private readonly states = new Map<string, PostState>();
  private walkProblems: Diagnostic[] = [];
  /** The files as found and stamped by readAhead, and its reader, for the next full read under the same config. */
  private ahead?: { config: ResolvedConfig; files: PostFile[]; stamps: (string | undefined)[]; walkProblems: Diagnostic[]; reader: CachedPostReader };

  /** The problems of the last walk of the posts folder (kept while no walk is needed). */
  get siteProblems(): Diagnostic[] {
    return this.walkProblems;
  }

  /**
   * Finds and stamps the post files for the next full read (of `config`'s posts), and cleans ahead,
   * on worker threads, those it would otherwise load and clean on this thread (see
   * CachedPostReader.cleanAhead). A file changed meanwhile is the watcher's to report.
   */
  async readAhead(config: ResolvedConfig): Promise<void> {
    const walkProblems: Diagnostic[] = [];
    const files = findPostFiles(config.root, config.postsDir, walkProblems);
    const stamps = files.map((file) => fileStamp(file.absolutePath));
    const reader = new CachedPostReader(config);
    await reader.cleanAhead(files, stamps);
    this.ahead = { config, files, stamps, walkProblems, reader };
  }

  /** Forgets every reading. */
  clear(): void {
    this.states.clear();
  }

  /** Finds the post files and re-reads the new and changed ones; forgets the removed ones. */
  read(touched: Set<string>, full: boolean, config: ResolvedConfig): Reread {
    let files: PostFile[] = [];
    let removed = 0;
    const swaps: Swap[] = [];
    // A removed file's post leaves the site: a swap to nothing.
    const forget = (path: string) => {
      const post = this.states.get(path)?.post;
      if (!this.states.delete(path)) return;
      removed++;
      if (post) swaps.push({ before: post });
    };
    const ahead = full && this.ahead?.config === config ? this.ahead : undefined;
    this.ahead = undefined;
    const known = full ? undefined : this.knownChanges(touched, config);
    if (known) {
      for (const path of known.gone) forget(path);
      // Only touched files can have changed: the others (20,000 of them, maybe) are not looked at.
      for (const path of touched) {
        const state = this.states.get(path);
        if (state) files.push(state.file);
      }
      files.push(...known.added);
    } else {
      this.walkProblems = ahead?.walkProblems ?? [];
      files = ahead?.files ?? findPostFiles(config.root, config.postsDir, this.walkProblems);
      const present = new Set(files.map((f) => f.absolutePath));
      for (const path of [...this.states.keys()]) if (!present.has(path)) forget(path);
    }
    let count = 0;
    const retry: string[] = [];
    // Every file read at once (the session's start, a new config): a build may have cleaned them.
    const reader = full ? (ahead?.reader ?? new CachedPostReader(config)) : undefined;
    try {
      for (const [i, file] of files.entries()) {
        const before = this.states.get(file.absolutePath);
        if (before && !full && !touched.has(file.absolutePath)) continue;
        // A file too fresh for a stamp (see fileStamp) is read again: an event means it may have changed.
        const stamp = ahead ? ahead.stamps[i] : fileStamp(file.absolutePath);
        if (before && !full && stamp !== undefined && before.stamp === stamp) continue;
        count++;
        const problems: Diagnostic[] = [];
        const post = reader ? reader.read(file, stamp, problems) : readPost(file, config, problems);
        if (post) this.states.set(file.absolutePath, { file, post, problems, stamp });
        else if (isFreshlyWritten(file.absolutePath)) retry.push(file.absolutePath);
        else this.states.set(file.absolutePath, { file, post: before?.post, problems, stamp });
        swaps.push({ before: before?.post, after: this.states.get(file.absolutePath)?.post });
      }
    } finally {
      reader?.finish();
    }
    return { count, fromCache: reader?.fromCache ?? 0, onWorkers: reader?.onWorkers ?? 0, removed, retry, swaps };
  }

  /** The last good post of every file. */
  goodPosts(): Post[] {
    const posts: Post[] = [];
    for (const state of this.states.values()) if (state.post) posts.push(state.post);
    return posts;
  }

  /** The problems of every file's last reading. */
  problems(): Diagnostic[] {
    const problems: Diagnostic[] = [];
    for (const state of this.states.values()) if (state.problems.length) problems.push(...state.problems);
    return problems;
  }

  /**
   * The new and the deleted posts among `touched`, when the folder need not be walked to know:
   * every touched path is a known post still there, a path that is gone, or a new plain post file
   * right in the posts folder (where the walk would find it as it is). Undefined: walk the folder.
   */
  private knownChanges(touched: Set<string>, config: ResolvedConfig): { added: PostFile[]; gone: string[] } | undefined {
    const postsDir = path.resolve(config.root, config.postsDir);
    const added: PostFile[] = [];
    const gone: string[] = [];
    for (const file of touched) {
      // The folder itself (made, removed, replaced): the walk also reports on it.
      if (file === postsDir) return undefined;
      let stat: fs.Stats | undefined;
      try {
        stat = fs.lstatSync(file);
      } catch {
        stat = undefined;
      }
      if (!stat) {
        // A path that is gone: a known post, or a folder of them, or something that was never a post
        // (a late second report of a deletion already handled): its known posts, if any, are gone.
        if (this.states.has(file)) gone.push(file);
        else for (const known of this.states.keys()) if (known.startsWith(file + path.sep)) gone.push(known);
        continue;
      }
      if (this.states.has(file)) {
        // A symlink is for the walk to judge: one to outside the site is skipped there.
        if (!stat.isFile()) return undefined;
        continue;
      }
      const name = path.basename(file);
      if (!stat.isFile() || path.dirname(file) !== postsDir || name.startsWith('.') || !isPostFile(name)) return undefined;
      added.push({ absolutePath: file, sourcePath: toSitePath(config.root, file), isInDraftsFolder: false });
    }
    return { added, gone };
  }
}

function isFreshlyWritten(file: string): boolean {
  try {
    return Date.now() - fs.statSync(file).mtimeMs < WRITE_GRACE_MS;
  } catch {
    return false;
  }
}
