// URL checks shared by the clean rules and the sanitizer.
import { DATA_IMAGE, LINK_SCHEMES } from './allowlist.js';

/** `//host/x` → `https://host/x`: protocol-relative URLs break from `file://` and in feeds. */
export function withHttps(url: string): string {
  return url.startsWith('//') ? `https:${url}` : url;
}

/** An absolute http(s) URL, cleaned as a link; anything else (a script URL, a path) is undefined. */
export function safeWebUrl(url: string | undefined): string | undefined {
  return url !== undefined && /^https?:\/\//i.test(url.trim()) ? safeUrl(url, 'a', 'href') : undefined;
}

/** The URL if it is safe to keep in `attribute` of `element`, else undefined. */
export function safeUrl(url: string, element: string, attribute: string): string | undefined {
  // Browsers ignore control characters and whitespace inside a scheme: `java\tscript:` runs.
  const compact = url.replace(/[\u0000-\u0020\u007f-\u00a0\u1680\u2000-\u200f\u2028-\u202f\u205f\u3000\ufeff]+/g, '');
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(compact)?.[1]?.toLowerCase();
  if (!scheme) return compact.startsWith('\\') || compact.startsWith('/\\') ? undefined : withHttps(url.trim());
  if (LINK_SCHEMES.has(scheme)) return url.trim();
  if (scheme === 'data' && element === 'img' && attribute === 'src' && DATA_IMAGE.test(url.trim())) return url.trim();
  return undefined;
}
