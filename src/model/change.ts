// A change of posts made to a kept model in place: the posts gone taken out (remove.ts), then the
// new ones put in (insert.ts). Dev mode changes its kept model so; a build, the last build's.
import type { Post, PostEntry, SiteModel } from '../types.js';
import type { ModelOptions } from './index.js';
import { mergeChange, type InPlaceChange } from './in-place.js';
import { insertAll } from './insert.js';
import { removeAll } from './remove.js';

// Past these counts, taking posts out of a model or putting them in one by one costs more than
// building the model whole: each one relists the home page, its terms and its archives. Rebuilds of
// the 20,000-post bench site (tmpfs, the other posts' stamps settled, two runs each), in place
// against whole: 32 scattered posts removed 1.76-1.95 s (33, whole: 1.95-2.02 s), 64 removed
// 2.12-2.22 s against 2.17-2.22 s, 100 removed 2.36 s against 2.27-2.31 s; new newest posts, 30 put
// in 1.85-1.91 s against 2.13-2.20 s, 100 put in 2.19-2.21 s against 2.27-2.32 s, 400 put in
// 2.86-2.97 s against 2.60-2.67 s, and 2,000 (a month's archive dropped in at once) 6.26-6.40 s
// against 3.39-3.46 s, peaking at 283-284 MiB against 253-255 MiB.
export const MOST_TAKEN_OUT = 32;
export const MOST_PUT_IN = 100;

/** True when `taken` posts taken out of a model and `put` posts put in cost less in place than a model built whole. */
export function fitsInPlace(taken: number, put: number): boolean {
  return taken <= MOST_TAKEN_OUT && put <= MOST_PUT_IN;
}

/**
 * Takes the `gone` entries out of `model` and puts the published `fresh` posts into it, in place.
 * Undefined: nothing was touched; build the model again (so too when the change does not fit
 * in place: see fitsInPlace). 'spoiled': the model was changed before the change could not be
 * finished; build it again from the posts, with a fresh memo.
 */
export function changeAll(model: SiteModel, gone: PostEntry[], fresh: Post[], options: ModelOptions): InPlaceChange | 'spoiled' | undefined {
  if (!fitsInPlace(gone.length, fresh.length)) return undefined;
  const removed = removeAll(model, gone, options);
  if (removed === undefined || removed === 'spoiled') return removed;
  const inserted = insertAll(model, fresh, options);
  if (inserted === undefined) return removed.removed.length ? 'spoiled' : undefined;
  if (inserted === 'spoiled') return inserted;
  mergeChange(inserted, removed);
  return { ...inserted, removed: removed.removed };
}
