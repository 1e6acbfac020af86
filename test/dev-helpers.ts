// Plumbing for dev-server tests: a dev session in this process or as the real CLI, the reload channel, raw requests.
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import { load, type CheerioAPI } from 'cheerio';
import { resolveConfig } from '../src/config.ts';
import { runDev, type DevSession } from '../src/dev.ts';
import type { SiteStore } from '../src/serve/index.ts';
import { CLI } from './helpers.ts';

/** The text dev serves at output path `file` (rendered or read as it is asked for), if any. */
export const servedText = (store: SiteStore, file: string): string | undefined => store.pages.get(file)?.text();

/** A dev session on a free port, in this process, with its terminal lines collected. */
export async function startDev(site: string, extra: { includeDrafts?: boolean; quietMs?: number } = {}): Promise<DevSession & { lines: string[] }> {
  const { config, problems } = resolveConfig(site, undefined);
  if (problems.length) throw new Error(problems.map((p) => p.message).join('\n'));
  const lines: string[] = [];
  const session = await runDev({
    config,
    configFile: `${site}/newsarchive.yml`,
    reloadConfig: () => resolveConfig(site, undefined),
    includeDrafts: extra.includeDrafts ?? false,
    includeFuture: false,
    host: '127.0.0.1',
    port: 0,
    tryNextPorts: false,
    quietMs: extra.quietMs ?? 30,
    log: (line) => lines.push(line),
  });
  return Object.assign(session, { lines });
}

/** A response read whole. */
export interface Fetched {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A GET (or other method) with the path sent exactly as given: no normalization by a URL parser. */
export function request(base: string, rawPath: string, options: { method?: string; headers?: Record<string, string> } = {}): Promise<Fetched> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: url.hostname, port: url.port, path: rawPath, method: options.method ?? 'GET', headers: options.headers, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** The served page at `path`, parsed. */
export async function served(base: string, path: string): Promise<{ status: number; $: CheerioAPI; body: string }> {
  const res = await request(base, path);
  return { status: res.status, $: load(res.body), body: res.body };
}

/** Polls `check` until it returns a truthy value, or fails after `tries` × 50 ms. */
export async function eventually<T>(check: () => Promise<T | undefined | false> | T | undefined | false, what: string, tries = 200): Promise<T> {
  let last: unknown;
  for (let i = 0; i < tries; i++) {
    try {
      const value = await check();
      if (value) return value as T;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`gave up waiting for ${what}${last ? `: ${last}` : ''}`);
}

/** The reload channel's status messages, as they arrive. */
export interface StatusStream {
  messages: { version: number; errors: { file: string; line?: number; message: string }[] }[];
  close(): void;
}

export function listenStatus(base: string): Promise<StatusStream> {
  return new Promise((resolve, reject) => {
    const messages: StatusStream['messages'] = [];
    const req = http.get(new URL('/__newsarchive/events', base), { agent: false }, (res) => {
      let buf = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => {
        buf += chunk;
        for (let at = buf.indexOf('\n\n'); at !== -1; at = buf.indexOf('\n\n')) {
          const data = /^data: (.*)$/m.exec(buf.slice(0, at))?.[1];
          buf = buf.slice(at + 2);
          if (data) messages.push(JSON.parse(data));
        }
      });
      resolve({ messages, close: () => req.destroy() });
    });
    req.on('error', reject);
  });
}

/** The real CLI's `dev` in `cwd` (with `env` besides the test's own); resolves once it says where it serves. */
export function spawnDev(cwd: string, args: string[] = [], env: Record<string, string> = {}): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const child = spawn(process.execPath, [CLI, 'dev', ...args], { cwd, env: { ...process.env, TZ: 'America/New_York', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (c) => (output += c));
  child.stderr!.on('data', (c) => (output += c));
  return new Promise((resolve, reject) => {
    const onData = () => {
      const m = /serving (\S+)/.exec(output);
      if (m) resolve({ child, url: m[1], output: () => output });
    };
    child.stdout!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`dev exited with ${code}:\n${output}`)));
  });
}
