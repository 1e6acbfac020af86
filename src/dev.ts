// `newsarchive dev`: build once (taking what the last build left), serve, watch, rebuild what changed, reload the browser.
import path from 'node:path';
import { SEARCH_DIR } from './build.js';
import type { ResolvedConfig } from './config.js';
import { formatDiagnostic, type Diagnostic } from './diagnostics.js';
import { DevSite, WRITE_GRACE_MS, type RebuildReport } from './dev-site.js';
import { ChangeQueue, emptyChangeSet, ReloadChannel, SiteStore, startDevServer, watchSite, type ChangeSet, type SiteWatcher, type WatchedPaths } from './serve/index.js';

export { PortInUseError } from './serve/index.js';

export interface DevOptions {
  config: ResolvedConfig;
  /** The config file watched (absolute), whether or not it exists yet. */
  configFile: string;
  /** Reads the config again after its file changed. */
  reloadConfig: () => { config: ResolvedConfig; problems: Diagnostic[] };
  includeDrafts: boolean;
  includeFuture: boolean;
  host: string;
  port: number;
  /** When the port is taken, take the next free one (said aloud) instead of failing. */
  tryNextPorts: boolean;
  /** How long file events must be quiet before a rebuild: lets copies finish and batches them. */
  quietMs?: number;
  /** A line for the terminal. */
  log: (line: string) => void;
}

// Long enough that a slice's overhead is nothing, short enough that a request waits little for it.
const CHECK_SLICE_MS = 25;

const EMPTY_REPORT: RebuildReport = { ok: true, postsRead: 0, pagesRendered: 0, pagesChanged: 0, pagesRemoved: 0, rendered: [], changed: [], deferred: [], problems: [], retry: [] };

/** A running dev session. */
export interface DevSession {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Builds the site, starts watching and serving; resolves once the site is served. */
export async function runDev(options: DevOptions): Promise<DevSession> {
  const store = new SiteStore();
  const channel = new ReloadChannel();
  const site = new DevSite({ config: options.config, includeDrafts: options.includeDrafts, includeFuture: options.includeFuture });
  const printed = new Set<string>();
  let errorsShown = false;

  /** Prints the problems not printed last time, and tells open pages the errors (or that they are gone). */
  const showProblems = (problems: Diagnostic[], ok: boolean) => {
    const errors = problems.filter((p) => p.severity === 'error');
    // Printing only what is new keeps a long-broken post from flooding the terminal.
    const lines = problems.map(formatDiagnostic);
    for (const line of lines) if (!printed.has(line)) options.log(line);
    printed.clear();
    for (const line of lines) printed.add(line);
    if (errorsShown && !errors.length && ok) store.version++;
    errorsShown = errors.length > 0;
    channel.publish({ version: store.version, errors: errors.map(({ file, line, message, hint }) => ({ file, line, message, hint })) });
  };
  const publish = (report: RebuildReport, started: number, label: string) => {
    showProblems(report.problems, report.ok);
    const ms = Math.round(performance.now() - started);
    options.log(`${label} in ${ms} ms: ${report.postsRead} post${report.postsRead === 1 ? '' : 's'} read${postsReadFrom(report)}, ${report.pagesRendered} pages rendered${pagesNotRendered(report)}, ${report.pagesChanged} changed, ${report.pagesRemoved} removed${report.ok ? '' : ' (render failed: still serving the last good site)'}`);
    scheduleCheck();
  };

  // The pages served before they were rendered (the start's) are rendered a slice at a time while
  // the server is idle, so a template failing on one of them is reported without its page opened.
  let checking: { started: number; checked: number; failed: number } | undefined;
  let closed = false;
  const scheduleCheck = () => {
    if (checking || !site.pagesToCheck) return;
    checking = { started: performance.now(), checked: 0, failed: 0 };
    setImmediate(checkSlice);
  };
  const checkSlice = () => {
    if (closed || !checking) return;
    try {
      const { checked, failed } = site.checkPages(performance.now() + CHECK_SLICE_MS);
      checking.checked += checked;
      checking.failed += failed;
    } catch (err) {
      checking = undefined;
      showProblems([...site.problems(), { severity: 'error', file: '', message: `internal error while rendering pages: ${(err as Error).stack ?? err}` }], false);
      return;
    }
    if (site.pagesToCheck) return void setImmediate(checkSlice);
    const { started, checked, failed } = checking;
    checking = undefined;
    if (failed) showProblems(site.problems(), true);
    options.log(`${checked} pages rendered in ${Math.round(performance.now() - started)} ms${failed ? `: ${failed} failed, and show the error when opened` : ''}`);
  };

  let watcher: SiteWatcher | undefined;
  let where = watchedPaths(options.config, options.configFile);
  // Events wait for the first rebuild: it reads the files as the read-ahead found them, so what
  // changes meanwhile is the watcher's to report.
  let firstBuilt!: () => void;
  const firstBuild = new Promise<void>((resolve) => (firstBuilt = resolve));
  const queue = new ChangeQueue(async (changes) => {
    await firstBuild;
    const started = performance.now();
    let report: RebuildReport;
    try {
      if (changes.config && !applyConfig(changes)) return;
      if (changes.config) await site.readAhead();
      report = site.rebuild(changes, store, changes.config);
    } catch (err) {
      // A bug of ours must not stop the server either: say it, keep serving the last good site.
      const message = `internal error while rebuilding: ${(err as Error).stack ?? err}`;
      publish({ ...EMPTY_REPORT, ok: false, problems: [{ severity: 'error', file: '', message }] }, started, 'rebuild failed');
      return;
    }
    publish(report, started, 'rebuilt');
    // Once the reload signal is out: the next edit then needs only its own pages.
    setImmediate(() => site.prepare());
    if (report.retry.length) setTimeout(() => queue.push({ ...emptyChangeSet(), posts: new Set(report.retry) }), WRITE_GRACE_MS).unref();
    const next = watchedPaths(site.config, options.configFile);
    if (JSON.stringify(next) !== JSON.stringify(where)) {
      where = next;
      await watcher?.close();
      watcher = await watchSite(where, (c) => queue.push(c), onWatchError);
    }
  }, options.quietMs ?? 50);

  /** A changed config: invalid keeps the old site (and says why), valid starts over. */
  const applyConfig = (changes: ChangeSet): boolean => {
    const { config, problems } = options.reloadConfig();
    if (problems.length) {
      publish({ ...EMPTY_REPORT, ok: false, problems }, performance.now(), 'config not applied');
      return false;
    }
    site.reset(config);
    servedAs(config);
    changes.config = true;
    return true;
  };
  const onWatchError = (err: Error) => options.log(`watch error: ${err.message}`);
  /** Serves the site under its base path, with the last build's search index when search is on. */
  const servedAs = (config: ResolvedConfig) => {
    store.basePath = config.basePath;
    store.fromOutput = config.search ? path.join(path.resolve(config.root, config.outDir), SEARCH_DIR) : undefined;
  };

  watcher = await watchSite(where, (c) => queue.push(c), onWatchError);
  const started = performance.now();
  try {
    await site.readAhead();
    servedAs(options.config);
    publish(site.rebuild(emptyChangeSet(), store, true), started, 'built');
  } catch (err) {
    queue.close();
    await watcher.close();
    throw err;
  } finally {
    firstBuilt();
  }
  setImmediate(() => site.prepare());
  const server = await startDevServer(store, channel, { host: options.host, port: options.port, tryNextPorts: options.tryNextPorts }).catch(async (err) => {
    await watcher?.close();
    throw err;
  });
  return {
    url: server.url,
    port: server.port,
    async close() {
      closed = true;
      queue.close();
      await watcher?.close();
      await server.close();
    },
  };
}

/** The pages served without being rendered: ` (N more as the last build wrote them, M to render when first asked for)`. */
function pagesNotRendered(report: RebuildReport): string {
  const more = [report.pagesFromBuild && `${report.pagesFromBuild} more as the last build wrote them`, report.deferred.length && `${report.deferred.length} to render when first asked for`].filter(Boolean);
  return more.length ? ` (${more.join(', ')})` : '';
}

/** Where the posts read came from, when not all were read here: ` (N from the build cache, M cleaned on worker threads)`. */
function postsReadFrom(report: RebuildReport): string {
  const from = [report.postsFromCache && `${report.postsFromCache} from the build cache`, report.postsOnWorkers && `${report.postsOnWorkers} cleaned on worker threads`].filter(Boolean);
  return from.length ? ` (${from.join(', ')})` : '';
}

function watchedPaths(config: ResolvedConfig, configFile: string): WatchedPaths {
  return {
    configFile,
    postsDir: path.resolve(config.root, config.postsDir),
    templatesDir: path.resolve(config.root, config.templatesDir),
    publicDir: path.resolve(config.root, config.publicDir),
  };
}
