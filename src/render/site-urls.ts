// Site-relative URLs to the hrefs a page writes and the absolute URLs feeds need.

/** Turns site-relative paths into links, under the base path and absolute against the site URL. */
export interface UrlMaker {
  /** `/tag/x/` → `/archive/tag/x/`, percent-encoded: safe in an href and from `file://`. */
  link(path: string): string;
  /** `/tag/x/` → `https://example.com/archive/tag/x/`. */
  absolute(path: string): string;
}

export function urlMaker(siteUrl: string, basePath: string): UrlMaker {
  const prefix = basePath.replace(/\/$/, '');
  const origin = siteUrl.replace(/\/$/, '');
  // Decode first: a permalink written with %-escapes must not be escaped twice.
  const link = (path: string) => encodeURI(`${prefix}${safeDecode(path)}`);
  return { link, absolute: (path) => `${origin}${link(path)}` };
}

function safeDecode(path: string): string {
  try {
    return decodeURI(path);
  } catch {
    return path;
  }
}
