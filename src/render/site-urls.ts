// Site-relative URLs to the hrefs a page writes and the absolute URLs feeds need.
import path from 'node:path';
import { remember } from '../memo.js';
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

// Enough to hold the links of the pages near the one being rendered; past it, start over (flat memory).
const MEMO_LIMIT = 20_000;

/** Characters `encodeURI` keeps as they are, without `%`: a path of only these is its own encoding. */
const URI_INVARIANT = /^[\w;,/?:@&=+$.!~*'()#-]*$/;

export function urlMaker(siteUrl: string, basePath: string, relativeLinks = false): UrlMaker {
  const prefix = basePath.replace(/\/$/, '');
  const origin = siteUrl.replace(/\/$/, '');
  // Decode first: a permalink written with %-escapes must not be escaped twice. Remembered: every
  // page links the same few site pages, and each post's URL recurs on a dozen others.
  const remembered = remember((target: string) => encodeURI(`${prefix}${safeDecode(target)}`), MEMO_LIMIT);
  // Most targets (every post and listing URL of a slugged site) are plain ASCII that neither
  // decoding nor encoding changes: checking that is cheaper than looking them up.
  const encodedPrefix = encodeURI(prefix);
  const rooted = (target: string) => (URI_INVARIANT.test(target) ? (encodedPrefix ? encodedPrefix + target : target) : remembered(target));
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
