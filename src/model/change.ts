// A change of posts made to a kept model in place: the posts gone taken out (remove.ts), then the
// new ones put in (insert.ts). Dev mode changes its kept model so; a build, the last build's.
import type { Post, PostEntry, SiteModel } from '../types.js';
import type { ModelOptions } from './index.js';
import { mergeChange, type InPlaceChange } from './in-place.js';
import { insertAll } from './insert.js';
import { removeAll } from './remove.js';

/**
 * Takes the `gone` entries out of `model` and puts the published `fresh` posts into it, in place.
 * Undefined: nothing was touched; build the model again. 'spoiled': the model was changed before
 * the change could not be finished; build it again from the posts, with a fresh memo.
 */
export function changeAll(model: SiteModel, gone: PostEntry[], fresh: Post[], options: ModelOptions): InPlaceChange | 'spoiled' | undefined {
  const removed = removeAll(model, gone, options);
  if (removed === undefined || removed === 'spoiled') return removed;
  const inserted = insertAll(model, fresh, options);
  if (inserted === undefined) return removed.removed.length ? 'spoiled' : undefined;
  if (inserted === 'spoiled') return inserted;
  mergeChange(inserted, removed);
  return { ...inserted, removed: removed.removed };
}
