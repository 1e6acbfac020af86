// Which posts are published in this build.
import type { Post } from '../types.js';

/** Build flags that let more posts in. */
export interface SelectOptions {
  includeDrafts: boolean;
  includeFuture: boolean;
  now: Date;
}

/** Posts left out of this build, by reason. */
export interface LeftOut {
  drafts: number;
  future: number;
  unpublished: number;
}

/**
 * Keeps the posts this build publishes: not `published: false`, drafts and future posts only when
 * asked. `nextDue` is the date of the first post left out as future: from then on, the same posts
 * select differently.
 */
export function selectPosts<P extends Pick<Post, 'isDraft' | 'date' | 'published'>>(posts: P[], options: SelectOptions): { published: P[]; leftOut: LeftOut; nextDue?: number } {
  const leftOut: LeftOut = { drafts: 0, future: 0, unpublished: 0 };
  let nextDue: number | undefined;
  const published = posts.filter((post) => {
    if (post.published === false) leftOut.unpublished++;
    else if (post.isDraft && !options.includeDrafts) leftOut.drafts++;
    else if (post.date.getTime() > options.now.getTime() && !options.includeFuture) {
      leftOut.future++;
      nextDue = Math.min(nextDue ?? Infinity, post.date.getTime());
    } else return true;
    return false;
  });
  return { published, leftOut, nextDue };
}
