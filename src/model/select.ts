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

/** Keeps the posts this build publishes: not `published: false`, drafts and future posts only when asked. */
export function selectPosts<P extends Pick<Post, 'isDraft' | 'date' | 'published'>>(posts: P[], options: SelectOptions): { published: P[]; leftOut: LeftOut } {
  const leftOut: LeftOut = { drafts: 0, future: 0, unpublished: 0 };
  const published = posts.filter((post) => {
    if (post.published === false) leftOut.unpublished++;
    else if (post.isDraft && !options.includeDrafts) leftOut.drafts++;
    else if (post.date.getTime() > options.now.getTime() && !options.includeFuture) leftOut.future++;
    else return true;
    return false;
  });
  return { published, leftOut };
}
