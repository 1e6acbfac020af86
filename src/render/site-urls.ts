// Site-relative URLs to the hrefs a page writes and the absolute URLs feeds need.
import path from 'node:path';
import { outputPathOf } from '../url-paths.js';

/** Turns site-relative paths into links, under the base path and absolute against the site URL. */
export interface UrlMaker {
  /**
   * `/tag/x/` → `/archive/tag/x/`, percent-encoded. With relative links, seen from the page at
   * `fromPage`: `../../tag/x/index.html`, which a browser follows from `file://` too.
   */
  link(path: string, fromPage?: string): string;
  /** `/tag/x/` → `https://example.com/archive/tag/x/`. */
  absolute(path: string): string;
}

export function urlMaker(siteUrl: string, basePath: string, relativeLinks = false): UrlMaker {
  const prefix = basePath.replace(/\/$/, '');
  const origin = siteUrl.replace(/\/$/, '');
  // Decode first: a permalink written with %-escapes must not be escaped twice.
  // A listing page makes some eighty links, mostly to the same few targets: each is made once.
  const made = new Map<string, string>();
  const rooted = (target: string) => {
    let link = made.get(target);
    if (link === undefined) {
      if (made.size >= 100_000) made.clear();
      made.set(target, (link = encodeURI(`${prefix}${safeDecode(target)}`)));
    }
    return link;
  };
  // The 404 page is shown at whatever URL was asked for: only rooted links work from it.
  const link = (target: string, fromPage?: string) =>
    relativeLinks && fromPage !== undefined && fromPage !== '/404.html' && target.startsWith('/') ? relativeLink(target, fromPage) : rooted(target);
  return { link, absolute: (target) => `${origin}${rooted(target)}` };
}

/** The file `target` is written to, relative to the folder of the page at `fromPage`; query and fragment kept. */
function relativeLink(target: string, fromPage: string): string {
  const [, pathPart, rest] = /^([^?#]*)(.*)$/.exec(safeDecode(target))!;
  const from = path.posix.dirname(outputPathOf(safeDecode(fromPage)));
  const to = outputPathOf(pathPart);
  return encodeURI(path.posix.relative(from, to) || path.posix.basename(to)) + rest;
}

function safeDecode(path: string): string {
  try {
    return decodeURI(path);
  } catch {
    return path;
  }
}
