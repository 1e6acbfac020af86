#!/usr/bin/env node
// The command line: arguments in, terminal output and an exit code out.
import { parseArgs } from 'node:util';
import { buildSite, type BuildSummary } from './build.js';
import path from 'node:path';
import { CONFIG_FILE, resolveConfig, type ConfigOverrides, type ResolvedConfig } from './config.js';
import { BuildError, formatDiagnostic, type Diagnostic } from './diagnostics.js';
import { createPost } from './new-post.js';
import { progressBar } from './progress.js';

const USAGE = `newsarchive: a static site generator for Chinese news archives

Usage:
  newsarchive build [--posts DIR] [--out DIR] [--config FILE] [--drafts] [--future]
                    [--skip-invalid] [--base-path P] [--no-search]
  newsarchive dev   [--port 4000] [--host 127.0.0.1] [--posts DIR] [--config FILE]
                    [--drafts] [--future] [--base-path P] [--no-search]
  newsarchive new "标题" [--category NAME] [--tags a,b] [--posts DIR]
  newsarchive --help | --version

Options:
  --posts DIR      folder of Markdown posts (default: posts)
  --out DIR        output folder (default: dist)
  --config FILE    site config (default: newsarchive.yml in the current folder, if present)
  --drafts         include drafts (posts/_drafts/ and "draft: true")
  --future         include posts dated in the future
  --skip-invalid   publish the valid posts; report invalid ones as warnings and exit 0
  --base-path P    serve the site under a sub-path, e.g. /archive/
  --no-search      skip the search index (quicker; the search page says search is off)
  --port N         dev: port to serve on (default 4000, or the next free one; 0: any free port)
  --host H         dev: address to listen on (default 127.0.0.1: this machine only)

Exit codes: 0 built, 1 invalid posts (nothing written), 2 usage or config error.`;

const OPTIONS = {
  posts: { type: 'string' },
  out: { type: 'string' },
  config: { type: 'string' },
  drafts: { type: 'boolean', default: false },
  future: { type: 'boolean', default: false },
  'skip-invalid': { type: 'boolean', default: false },
  'base-path': { type: 'string' },
  'no-search': { type: 'boolean', default: false },
  port: { type: 'string' },
  host: { type: 'string' },
  category: { type: 'string' },
  tags: { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
  version: { type: 'boolean', short: 'v', default: false },
} as const;

type Flags = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>['values'];

class UsageError extends Error {}

async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const { values: flags, positionals } = parsed;
  const [command, ...rest] = positionals;
  if (flags.version) {
    console.log(await packageVersion());
    return 0;
  }
  if (flags.help || command === 'help') {
    console.log(USAGE);
    return 0;
  }
  switch (command) {
    case 'build':
      expectNoArguments(rest);
      return await runBuild(flags);
    case 'dev':
      expectNoArguments(rest);
      return await runDevCommand(flags);
    case 'new':
      if (rest.length !== 1) throw new UsageError('"new" takes the title of the post, in quotes');
      return runNew(rest[0], flags);
    case undefined:
      throw new UsageError('no command given');
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

function expectNoArguments(rest: string[]): void {
  if (rest.length) throw new UsageError(`unexpected argument "${rest[0]}"`);
}

function configOverrides(flags: Flags): ConfigOverrides {
  return { postsDir: flags.posts, outDir: flags.out, basePath: flags['base-path'], search: flags['no-search'] ? false : undefined };
}

function loadConfig(flags: Flags): ResolvedConfig {
  const { config, problems } = resolveConfig(process.cwd(), flags.config, configOverrides(flags));
  if (problems.length) throw new BuildError('the config is invalid', problems, 2);
  return config;
}

async function runBuild(flags: Flags): Promise<number> {
  const started = performance.now();
  const config = loadConfig(flags);
  const progress = progressBar(process.stderr);
  let summary: BuildSummary;
  try {
    summary = await buildSite({ config, includeDrafts: flags.drafts, includeFuture: flags.future, skipInvalid: flags['skip-invalid'], onProgress: progress.update });
  } finally {
    progress.done();
  }
  printDiagnostics(summary.diagnostics);
  const seconds = ((performance.now() - started) / 1000).toFixed(2);
  console.log(`${summaryLine(summary)} into ${config.outDir}/ in ${seconds} s`);
  return 0;
}

/** `published 14 posts (left out: 1 draft) · 97 pages, 120 files · cache: 13 posts reused, 1 cleaned, 5 files written · search: 1 shard, 0 reused · 1 warning` */
export function summaryLine(summary: BuildSummary): string {
  const { drafts, future, unpublished, invalid } = summary.leftOut;
  const leftOut = [
    drafts && `${drafts} draft${drafts > 1 ? 's' : ''}`,
    future && `${future} future`,
    unpublished && `${unpublished} unpublished`,
    invalid && `${invalid} invalid`,
  ].filter(Boolean);
  const warnings = summary.diagnostics.filter((d) => d.severity === 'warning').length;
  return [
    `published ${summary.published} post${summary.published === 1 ? '' : 's'}${leftOut.length ? ` (left out: ${leftOut.join(', ')})` : ''}`,
    `${summary.pages} pages, ${summary.files} files`,
    `cache: ${summary.cache.postsReused} posts reused, ${summary.cache.postsCleaned} cleaned, ${summary.cache.filesWritten} files written${summary.cache.siteKept ? ' (site unchanged)' : ''}${touchedNote(summary.cache.outputTouched)}`,
    ...(summary.search ? [`search: ${summary.search.shards} shard${summary.search.shards === 1 ? '' : 's'}, ${summary.search.reused} reused`] : []),
    `${warnings} warning${warnings === 1 ? '' : 's'}`,
  ].join(' · ');
}

/** Files of the output folder a rebuild found deleted or changed since the last build (by hand, say), and wrote again. */
const touchedNote = (count: number | undefined) => (count ? ` (${count} in the output folder changed since the last build)` : '');

const DEFAULT_PORT = 4000;

/** Serves the site until Ctrl-C; resolves with the exit code once everything is closed. */
async function runDevCommand(flags: Flags): Promise<number> {
  const config = loadConfig(flags);
  const port = flags.port === undefined ? DEFAULT_PORT : Number(flags.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be a number from 0 to 65535 (got "${flags.port}")`);
  const host = flags.host ?? '127.0.0.1';
  // Imported here: the parser, Markdown and the watcher cost a build's main thread a third of a second it never uses.
  const { PortInUseError, runDev } = await import('./dev.js');
  let session;
  try {
    session = await runDev({
      config,
      configFile: path.resolve(process.cwd(), flags.config ?? CONFIG_FILE),
      reloadConfig: () => resolveConfig(process.cwd(), flags.config, configOverrides(flags)),
      includeDrafts: flags.drafts,
      includeFuture: flags.future,
      host,
      port,
      tryNextPorts: flags.port === undefined,
      log: (line) => console.log(line),
    });
  } catch (err) {
    if (err instanceof PortInUseError) throw new UsageError(err.message);
    throw err;
  }
  if (flags.port === undefined && session.port !== DEFAULT_PORT) console.log(`port ${DEFAULT_PORT} is in use; using ${session.port} instead`);
  if (!['127.0.0.1', 'localhost', '::1'].includes(host)) console.log(`warning: --host ${host} makes the dev server reachable from other machines`);
  const search = config.search ? '; search uses the last build\'s index ("newsarchive build" makes it)' : '';
  console.log(`serving ${session.url} (Ctrl-C to stop${search})`);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await session.close();
  console.log('stopped');
  return 0;
}

function runNew(title: string, flags: Flags): number {
  const config = loadConfig(flags);
  const tags = flags.tags ? flags.tags.split(/[,，]/).map((t) => t.trim()).filter(Boolean) : [];
  const file = createPost(config, { title, category: flags.category, tags, now: new Date() });
  console.log(`created ${file}`);
  return 0;
}

function printDiagnostics(diagnostics: Diagnostic[]): void {
  for (const d of diagnostics) console.error(formatDiagnostic(d));
}

async function packageVersion(): Promise<string> {
  const { readFile } = await import('node:fs/promises');
  const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

main(process.argv.slice(2)).then(
  (code) => exitOnceFlushed(code),
  (err: unknown) => {
    if (err instanceof UsageError) {
      console.error(`newsarchive: ${err.message}\nRun "newsarchive --help" for usage.`);
      process.exitCode = 2;
    } else if (err instanceof BuildError) {
      printDiagnostics(err.diagnostics);
      const errors = err.diagnostics.filter((d) => d.severity === 'error').length;
      console.error(`newsarchive: ${err.message}${errors ? ` (${errors} error${errors === 1 ? '' : 's'})` : ''}`);
      process.exitCode = err.exitCode;
    } else if (err instanceof Error && typeof (err as NodeJS.ErrnoException).syscall === 'string') {
      // The system refused (a folder it may not write to, a full disk): its message names the file;
      // a stack trace would only say where in newsarchive it was asked.
      console.error(`newsarchive: ${err.message}`);
      process.exitCode = 1;
    } else {
      console.error(err);
      process.exitCode = 1;
    }
    exitOnceFlushed(process.exitCode);
  },
);

/**
 * Ends the process as soon as what it printed is out, instead of letting Node tear down the heap
 * first. At 20,000 posts a no-change rebuild ended 35–64 ms after its summary line, and 17–24 ms
 * so (5 runs each); an edit's rebuild, 60–80 ms against 32–51 ms. Every command has finished its
 * work by now; the writes' callbacks wait for pipes, which are asynchronous on some systems.
 */
function exitOnceFlushed(code: number | string | undefined): void {
  let pending = 2;
  const done = () => {
    if (--pending === 0) process.exit(code);
  };
  process.stdout.write('', done);
  process.stderr.write('', done);
}
