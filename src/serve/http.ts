// The dev server: node:http over the in-memory site, static files and the reload channel.
import fs from 'node:fs';
import http from 'node:http';
import { pipeline } from 'node:stream';
import { BuildError, formatDiagnostic } from '../diagnostics.js';
import { outputPathOf } from '../url-paths.js';
import { escapeHtml } from '../escape-html.js';
import { EVENTS_PATH, injectClient } from './client-script.js';
import type { ReloadChannel } from './reload.js';
import { contentTypeOf, encodePath, isLocalHostHeader, parseRequestTarget } from './request-path.js';
import { realStaticFile, type SiteStore } from './site-store.js';

/** How the server answers. */
export interface ServerOptions {
  /** Answer any `Host` header (set when the user binds beyond loopback); otherwise only local names. */
  anyHost: boolean;
}

const COMMON_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'Cache-Control': 'no-store',
  'Referrer-Policy': 'no-referrer',
};

/** An HTTP server for the site in `store`; not yet listening. */
export function createSiteServer(store: SiteStore, channel: ReloadChannel, options: ServerOptions): http.Server {
  const server = http.createServer((req, res) => {
    try {
      handle(req, res, store, channel, options);
    } catch (err) {
      if (!res.headersSent) text(res, 500, `internal error: ${(err as Error).message}`);
      else res.destroy();
    }
  });
  // Unparseable requests and sockets that die mid-response must not reach the process.
  server.on('clientError', (_err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    else socket.destroy();
  });
  return server;
}

function handle(req: http.IncomingMessage, res: http.ServerResponse, store: SiteStore, channel: ReloadChannel, options: ServerOptions): void {
  res.on('error', () => res.destroy());
  if (!options.anyHost && !isLocalHostHeader(req.headers.host)) return text(res, 403, 'this dev server answers only to localhost and IP addresses');
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('Allow', 'GET, HEAD');
    return text(res, 405, 'method not allowed');
  }
  const target = parseRequestTarget(req.url);
  if ('refused' in target) return text(res, 400, `bad request: ${target.refused}`);
  if (target.path === EVENTS_PATH) {
    if (req.headers.origin && originHost(req.headers.origin) !== req.headers.host) return text(res, 403, 'the reload channel is for this site\'s own pages');
    return channel.open(req, res, COMMON_HEADERS);
  }
  const base = store.basePath;
  if (!target.path.startsWith(base)) {
    if (`${target.path}/` === base || target.path === '/') return redirect(res, base + target.query);
    return notFound(req, res, store);
  }
  const rel = target.path.slice(base.length);
  const key = rel === '' || rel.endsWith('/') ? `${rel}index.html` : rel;
  if (serveKey(req, res, store, key)) return;
  // The page of a URL without a trailing slash or an extension: `/a/b` is written to `a/b.html`.
  const pageFile = outputPathOf(`/${rel}`);
  if (pageFile !== key && serveKey(req, res, store, pageFile)) return;
  if (!rel.endsWith('/') && (store.pages.has(`${rel}/index.html`) || store.statics.has(`${rel}/index.html`))) {
    return redirect(res, `${encodePath(base + rel)}/${target.query}`);
  }
  notFound(req, res, store);
}

/** Serves a static file or a page by output path; false when there is none. */
function serveKey(req: http.IncomingMessage, res: http.ServerResponse, store: SiteStore, key: string, status = 200): boolean {
  const file = store.staticFile(key);
  if (file) {
    const real = realStaticFile(file);
    if (!real) return false;
    const size = fs.statSync(real).size;
    res.writeHead(status, { ...COMMON_HEADERS, 'Content-Type': contentTypeOf(key), 'Content-Length': size });
    if (req.method === 'HEAD') res.end();
    else pipeline(fs.createReadStream(real), res, () => undefined);
    return true;
  }
  const page = store.pages.get(key);
  if (page === undefined) return false;
  const type = contentTypeOf(key);
  let contents: string;
  try {
    contents = page.text();
  } catch (err) {
    if (!(err instanceof BuildError)) throw err;
    renderFailed(req, res, store, err);
    return true;
  }
  const body = Buffer.from(type.startsWith('text/html') ? injectClient(contents, store.version) : contents);
  res.writeHead(status, { ...COMMON_HEADERS, 'Content-Type': type, 'Content-Length': body.length });
  res.end(req.method === 'HEAD' ? undefined : body);
  return true;
}

/**
 * A page whose template fails on it (found when it was first asked for: see HeldPages.deferred):
 * the error as an HTML page, which reloads once a rebuild changes the site, as any page does.
 */
function renderFailed(req: http.IncomingMessage, res: http.ServerResponse, store: SiteStore, err: BuildError): void {
  const details = err.diagnostics.map(formatDiagnostic).join('\n');
  const html = `<!doctype html>\n<html lang="zh-CN"><head><meta charset="utf-8"><title>页面渲染出错 · render failed</title></head><body><h1>页面渲染出错 · render failed</h1><pre>${escapeHtml(details || err.message)}</pre></body></html>\n`;
  const body = Buffer.from(injectClient(html, store.version));
  res.writeHead(500, { ...COMMON_HEADERS, 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': body.length });
  res.end(req.method === 'HEAD' ? undefined : body);
}

function originHost(origin: string): string | undefined {
  try {
    return new URL(origin).host;
  } catch {
    return undefined;
  }
}

function notFound(req: http.IncomingMessage, res: http.ServerResponse, store: SiteStore): void {
  if (!serveKey(req, res, store, '404.html', 404)) text(res, 404, 'not found');
}

function redirect(res: http.ServerResponse, location: string): void {
  // A path starting `//` would be read as another host.
  res.writeHead(301, { ...COMMON_HEADERS, Location: location.replace(/^\/+/, '/'), 'Content-Length': 0 });
  res.end();
}

function text(res: http.ServerResponse, status: number, message: string): void {
  const body = Buffer.from(`${message}\n`);
  res.writeHead(status, { ...COMMON_HEADERS, 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': body.length });
  res.end(body);
}
