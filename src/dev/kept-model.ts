// The model of dev mode's last full rebuild, and the two ways to update it without building it
// again: edited posts that keep their place swapped in, or posts taken out and put in in place.
import type { ModelMemo, ModelSiteOptions } from '../build.js';
import { changeAll, selectPosts, type InPlaceChange } from '../model/index.js';
import type { Post, PostEntry, SiteModel } from '../types.js';
import type { Swap } from './post-states.js';

/** What the last full rebuild made, kept so an edit that moves nothing can re-render just its pages. */
export interface LastModel {
  model: SiteModel;
  entryOf: Map<Post, PostEntry>;
  /** Post → the output paths whose keys mention it; made on first use. */
  showing?: Map<Post, string[]>;
  /** Files the model or render stage reported on (their problems would need the full path to refresh). */
  problemFiles: Set<string>;
  /** True when the model stage reported nothing: a new post may then be put into it in place. */
  modelClean: boolean;
}

/** An edited post that keeps its place: its entry in the kept model, and the post before and after. */
export interface MovedPost {
  entry: PostEntry;
  swap: Swap;
}

/**
 * The re-read posts' entries when every one of them keeps its place in the site: same URL,
 * date, terms, layout, newspaper and publishing state, no problem of the model about it. Then
 * only the pages showing them can change, and the model is updated by swapping the posts in.
 */
export function editsInPlace(last: LastModel | undefined, swaps: Swap[]): MovedPost[] | undefined {
  if (!last || !swaps.length) return undefined;
  const moved: MovedPost[] = [];
  for (const swap of swaps) {
    if (swap.before === swap.after) continue;
    if (!swap.before || !swap.after) return undefined;
    const entry = last.entryOf.get(swap.before);
    if (!entry || last.problemFiles.has(swap.before.sourcePath) || placeOf(swap.before) !== placeOf(swap.after)) return undefined;
    moved.push({ entry, swap });
  }
  return moved;
}

/** Swaps the edited posts into the kept model and its page index; returns the output paths showing them. */
export function swapInEdits(last: LastModel, showing: Map<Post, string[]>, moved: MovedPost[]): Set<string> {
  const paths = new Set<string>();
  for (const { entry, swap } of moved) {
    const before = swap.before!;
    const after = swap.after!;
    entry.post = after;
    last.entryOf.delete(before);
    last.entryOf.set(after, entry);
    const shown = showing.get(before) ?? [];
    showing.delete(before);
    showing.set(after, shown);
    for (const path of shown) paths.add(path);
  }
  return paths;
}

/**
 * New posts (one, or a day's dropped in at once), removed ones, and edited ones that move (another
 * date, other terms), taken out of the kept model and put into it in place (see changeAll) when
 * posts are all that changed. Undefined: nothing was touched, and the model is to
 * be built again; 'spoiled': the kept model was changed and must be dropped, with the memo.
 */
export function changeInPlace(last: LastModel | undefined, swaps: Swap[], options: ModelSiteOptions & { memo: ModelMemo }): InPlaceChange | 'spoiled' | undefined {
  const { config, includeDrafts, includeFuture, memo } = options;
  const changed = swaps.filter((s) => s.before !== s.after);
  if (!changed.length || !last?.modelClean) return undefined;
  // A post the site did not publish (a draft, say) is in no model: nothing to take out or put in.
  const gone = changed.flatMap((s) => (s.before && last.entryOf.get(s.before)) || []);
  const fresh = selectPosts(changed.flatMap((s) => s.after ?? []), { includeDrafts, includeFuture, now: new Date() }).published;
  return changeAll(last.model, gone, fresh, { ...config, siteTitle: config.title, memo });
}

/** What decides a post's place in the site and the pages listing it, besides its shown fields. */
function placeOf(post: Post): string {
  return JSON.stringify([post.sourcePath, post.slug, post.date.getTime(), post.categories, post.tags, post.layout, post.permalink, post.isDraft, post.published, post.source]);
}
