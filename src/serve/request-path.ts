// Request targets to site paths: the only place a URL from the network becomes a lookup key.

/** Why a request target is refused, or the decoded path it asks for. */
export type RequestTarget = { path: string; query: string } | { refused: string };

/**
 * Decodes a request target (`/a/b%20c/?x`) once. Refused: anything not starting with `/` (absolute
 * or `*` forms), a malformed %-escape, control characters, backslashes, and `.` or `..` segments,
 * whether written plainly or %-encoded (`%2e%2e`, `..%2f`). Double encoding (`%252e`) stays a
 * literal name, since nothing decodes twice.
 */
export function parseRequestTarget(raw: string | undefined): RequestTarget {
  if (!raw || !raw.startsWith('/')) return { refused: 'the request target must start with "/"' };
  const cut = raw.search(/[?#]/);
  const pathname = cut === -1 ? raw : raw.slice(0, cut);
  const query = cut === -1 ? '' : raw.slice(cut);
  let path: string;
  try {
    path = decodeURIComponent(pathname);
  } catch {
    return { refused: 'malformed %-escape' };
  }
  if (/[\u0000-\u001f\u007f]/.test(path)) return { refused: 'control characters' };
  if (path.includes('\\')) return { refused: 'backslash' };
  if (path.split('/').some((s) => s === '.' || s === '..')) return { refused: 'dot segment' };
  return { path, query: query.startsWith('?') ? query : '' };
}

/** A site path as a URL: each segment %-encoded, so `?` or `#` in a name cannot change its meaning. */
export function encodePath(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

/** The `Host` names a loopback server answers to: IP literals and localhost. Others may be DNS rebinding. */
export function isLocalHostHeader(host: string | undefined): boolean {
  if (!host) return false;
  const name = host.replace(/:\d+$/, '').toLowerCase();
  return name === 'localhost' || name.endsWith('.localhost') || /^\d{1,3}(\.\d{1,3}){3}$/.test(name) || /^\[[0-9a-f:.]+\]$/.test(name);
}

const TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  css: 'text/css; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  mjs: 'text/javascript; charset=utf-8',
  json: 'application/json; charset=utf-8',
  xml: 'application/xml; charset=utf-8',
  txt: 'text/plain; charset=utf-8',
  svg: 'image/svg+xml; charset=utf-8',
  map: 'application/json; charset=utf-8',
  webmanifest: 'application/manifest+json; charset=utf-8',
  wasm: 'application/wasm',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  avif: 'image/avif',
  ico: 'image/x-icon',
  woff: 'font/woff',
  woff2: 'font/woff2',
  pdf: 'application/pdf',
};

/** The Content-Type of an output path, with `charset=utf-8` for text. */
export function contentTypeOf(file: string): string {
  if (file.endsWith('feed.xml')) return 'application/atom+xml; charset=utf-8';
  const ext = /\.([a-z0-9]+)$/i.exec(file)?.[1].toLowerCase();
  return (ext && TYPES[ext]) || 'application/octet-stream';
}
