// Dev plumbing's front door: watching, serving, reloading.
import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSiteServer } from './http.js';
import type { ReloadChannel } from './reload.js';
import type { SiteStore } from './site-store.js';

export { ChangeQueue, emptyChangeSet, type ChangeSet, type WatchedPaths } from './changes.js';
export { injectClient, EVENTS_PATH, OVERLAY_ID } from './client-script.js';
export { ReloadChannel, type OverlayError, type SiteStatus } from './reload.js';
export { SiteStore, type ServedPage } from './site-store.js';
export { watchSite, type SiteWatcher } from './watch.js';

/** Where to listen. */
export interface ListenOptions {
  host: string;
  port: number;
  /** Try the next ports when `port` is taken (the default port), instead of failing. */
  tryNextPorts: boolean;
}

/** A listening dev server. */
export interface DevServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Thrown when no port could be had; the message says what to do. */
export class PortInUseError extends Error {}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

/** Starts serving `store` on loopback (or `host`), with the reload channel. */
export async function startDevServer(store: SiteStore, channel: ReloadChannel, options: ListenOptions): Promise<DevServer> {
  const server = createSiteServer(store, channel, { anyHost: !LOOPBACK.has(options.host) });
  const attempts = options.tryNextPorts && options.port !== 0 ? 10 : 1;
  for (let i = 0; i < attempts; i++) {
    const port = options.port + i;
    if (await listen(server, options.host, port)) {
      const actual = (server.address() as AddressInfo).port;
      const host = options.host.includes(':') ? `[${options.host}]` : options.host;
      return { url: `http://${host}:${actual}${store.basePath}`, port: actual, close: () => closeServer(server, channel) };
    }
  }
  const ports = attempts > 1 ? `ports ${options.port}–${options.port + attempts - 1} are` : `port ${options.port} is`;
  throw new PortInUseError(`${ports} in use on ${options.host}; stop the other server or pass --port N`);
}

function listen(server: http.Server, host: string, port: number): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      if (err.code === 'EADDRINUSE') resolve(false);
      else reject(err);
    };
    const onListening = () => {
      server.off('error', onError);
      resolve(true);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}

function closeServer(server: http.Server, channel: ReloadChannel): Promise<void> {
  channel.close();
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
