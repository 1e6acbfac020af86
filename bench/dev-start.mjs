#!/usr/bin/env node
// How long `newsarchive dev` takes to start serving right after a build, and its peak memory: with
// the pages the build wrote (dev serves those whose key it recorded), against rendering every page
// (the same start with the build's output record moved aside: dev serves every page before it is
// rendered, then renders them all while idle), interleaved. Not part of `npm test`.
//
//   node bench/dev-start.mjs --n 20000 [--runs 3] [--work DIR]
//
// The corpus is generated once into WORK/corpus-N (gen-corpus.mjs; WORK defaults to
// $TMPDIR/newsarchive-bench), the site is built once with the real CLI (search off: the index
// would take minutes and changes nothing here), then each start runs the real CLI until it prints
// the line saying where it serves, and on until it says it rendered the pages it served unrendered
// (when there are any). Peak memory is the process's VmHWM at each of those moments.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const REPO = fileURLToPath(new URL('..', import.meta.url));
const CLI = path.join(REPO, 'lib/cli.js');
const { values } = parseArgs({ options: { n: { type: 'string', default: '20000' }, runs: { type: 'string', default: '3' }, work: { type: 'string' } } });
const n = Number(values.n);
const runs = Number(values.runs);

const work = values.work ?? path.join(os.tmpdir(), 'newsarchive-bench');
const corpus = path.join(work, `corpus-${n}`);
if (!fs.existsSync(path.join(corpus, '_posts'))) {
  fs.mkdirSync(work, { recursive: true });
  const gen = spawnSync(process.execPath, [path.resolve(REPO, '../shared/bench/gen-corpus.mjs'), '--n', String(n), '--out', corpus], { stdio: 'inherit' });
  if (gen.status !== 0) process.exit(1);
}
const site = fs.mkdtempSync(path.join(work, 'dev-start-'));
fs.writeFileSync(path.join(site, 'newsarchive.yml'), 'title: 新闻存档\nurl: https://example.com\nsearch: false\n');
fs.cpSync(path.join(corpus, '_posts'), path.join(site, 'posts'), { recursive: true });
const built = spawnSync(process.execPath, [CLI, 'build'], { cwd: site, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
if (built.status !== 0) process.exit(1);
console.log(built.stdout.trim());

const record = path.join(site, '.cache', 'output.v8');
const aside = `${record}.aside`;

/**
 * Starts dev; resolves, once it has rendered what it served unrendered (at once, when nothing),
 * with the seconds until it served and its peak RSS in MiB then, the same until every page was
 * rendered, and its line saying what the start did; then stops it.
 */
function start() {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [CLI, 'dev', '--port', '0'], { cwd: site, stdio: ['ignore', 'pipe', 'inherit'] });
    const moment = () => ({ seconds: (performance.now() - t0) / 1000, peak: Number(/VmHWM:\s+(\d+)/.exec(fs.readFileSync(`/proc/${child.pid}/status`, 'utf8'))[1]) / 1024 });
    let out = '';
    let built = '';
    let serving;
    // On a small site the pages may all be rendered before the server listens.
    let rendered;
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const lines = out.split('\n');
      out = lines.pop();
      for (const line of lines) {
        if (line.startsWith('built in')) built = line;
        if (line.startsWith('serving ')) serving = moment();
        else if (/^\d+ pages rendered in/.test(line)) rendered = moment();
        if (serving && (rendered || !/to render when first asked for/.test(built))) {
          child.kill();
          return resolve({ ...serving, rendered: rendered ?? serving, built });
        }
      }
    });
    child.on('exit', (code) => reject(new Error(`dev stopped (${code}) before serving and rendering`)));
  });
}

const variants = {
  'with the build\'s pages': () => start(),
  'without them': async () => {
    fs.renameSync(record, aside);
    try {
      return await start();
    } finally {
      fs.renameSync(aside, record);
    }
  },
};
console.log(`load average at the start: ${os.loadavg().map((x) => x.toFixed(1)).join(' ')} on ${os.cpus().length} cores`);
const results = Object.fromEntries(Object.keys(variants).map((name) => [name, []]));
for (let r = 0; r < runs; r++) {
  for (const [name, run] of Object.entries(variants)) {
    const result = await run();
    results[name].push(result);
    console.log(`${name}: serving after ${result.seconds.toFixed(2)} s, ${Math.round(result.peak)} MiB; every page rendered after ${result.rendered.seconds.toFixed(2)} s, ${Math.round(result.rendered.peak)} MiB (${result.built})`);
  }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const figures = (name, pick) => results[name].map(pick);
const cell = (xs, digits) => `${median(xs).toFixed(digits)} (${Math.min(...xs).toFixed(digits)}–${Math.max(...xs).toFixed(digits)})`;
console.log(`\n| ${n.toLocaleString('en')} posts, dev start | serving, s | peak MiB then | every page rendered, s | peak MiB then |\n| --- | ---: | ---: | ---: | ---: |`);
for (const name of Object.keys(variants)) {
  const cells = [(r) => r.seconds, (r) => r.peak, (r) => r.rendered.seconds, (r) => r.rendered.peak].map((pick, i) => cell(figures(name, pick), i % 2 ? 0 : 2));
  console.log(`| ${name} | ${cells.join(' | ')} |`);
}
const [withPages, without] = Object.keys(variants);
const ratio = (pick) => (median(figures(withPages, pick)) / median(figures(without, pick))).toFixed(2);
console.log(`ratio, serving: ${ratio((r) => r.seconds)}× the time, ${ratio((r) => r.peak)}× the memory; every page rendered: ${ratio((r) => r.rendered.seconds)}× the time, ${ratio((r) => r.rendered.peak)}× the memory`);
fs.rmSync(site, { recursive: true, force: true });
