#!/usr/bin/env node
// The command line: arguments in, terminal output and an exit code out.
import { parseArgs } from 'node:util';
import { buildSite, type BuildSummary } from './build.js';
import { resolveConfig, type ConfigOverrides, type ResolvedConfig } from './config.js';
import { BuildError, formatDiagnostic, type Diagnostic } from './diagnostics.js';
import { createPost } from './new-post.js';
import { progressBar } from './progress.js';

const USAGE = `newsarchive: a static site generator for Chinese news archives

Usage:
  newsarchive build [--posts DIR] [--out DIR] [--config FILE] [--drafts] [--future]
                    [--skip-invalid] [--base-path P]
  newsarchive dev   [--port 4000] [--host 127.0.0.1] [--posts DIR] [--config FILE]
                    [--drafts] [--future]
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

Exit codes: 0 built, 1 invalid posts (nothing written), 2 usage or config error.`;

const OPTIONS = {
  posts: { type: 'string' },
  out: { type: 'string' },
  config: { type: 'string' },
  drafts: { type: 'boolean', default: false },
  future: { type: 'boolean', default: false },
  'skip-invalid': { type: 'boolean', default: false },
  'base-path': { type: 'string' },
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
      throw new UsageError('"newsarchive dev" is not available yet; build with "newsarchive build" and serve dist/ with any static server');
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

function loadConfig(flags: Flags): ResolvedConfig {
  const overrides: ConfigOverrides = { postsDir: flags.posts, outDir: flags.out, basePath: flags['base-path'] };
  const { config, problems } = resolveConfig(process.cwd(), flags.config, overrides);
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
  const { postsReused, postsCleaned, filesWritten } = summary.cache;
  console.log(`cache: ${postsReused} posts reused, ${postsCleaned} cleaned · ${filesWritten} of ${summary.files} files written, the rest unchanged`);
  return 0;
}

/** `published 14 posts (left out: 1 draft, 2 future) · 97 pages, 120 files · 1 warning` */
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
    `${warnings} warning${warnings === 1 ? '' : 's'}`,
  ].join(' · ');
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
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    if (err instanceof UsageError) {
      console.error(`newsarchive: ${err.message}\nRun "newsarchive --help" for usage.`);
      process.exitCode = 2;
    } else if (err instanceof BuildError) {
      printDiagnostics(err.diagnostics);
      const errors = err.diagnostics.filter((d) => d.severity === 'error').length;
      console.error(`newsarchive: ${err.message}${errors ? ` (${errors} error${errors === 1 ? '' : 's'})` : ''}`);
      process.exitCode = err.exitCode;
    } else {
      console.error(err);
      process.exitCode = 1;
    }
  },
);
