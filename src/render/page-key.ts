// A page's input key: equal keys (under the same templates, settings and code) render equal files.
import { createHash } from 'node:crypto';
import type { PostEntry } from '../types.js';

/** The keys of the previous build and the salt both builds' keys are made under. */
export interface PageKeys {
  /** Everything besides a page's view that shapes it: template files, render code, settings. */
  salt: string;
  /** Output path → key, for the files now in the output folder. */
  previous: ReadonlyMap<string, string>;
}

/** The key of a page rendered with `template` from `view`. */
export function pageKey(salt: string, template: string, view: object, contentKey = ''): string {
  return createHash('sha256').update(salt).update('\0').update(template).update('\0').update(contentKey).update('\0').update(JSON.stringify(view)).digest('base64url');
}

/**
 * The entry with its post's HTML left out, for keying: the post's content key stands for it, so
 * keying an unchanged article never reads its HTML back from the cache.
 */
export function withoutHtml(entry: PostEntry): PostEntry {
  if (!entry.post.contentKey) return entry;
  return { ...entry, post: { ...entry.post, html: '' } };
}
