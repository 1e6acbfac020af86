#!/usr/bin/env node
// Time from a file's change to the reload signal in `newsarchive dev`: one post edit, the same
// post moved to another date, one new post, and that post removed again, on a generated corpus;
// and the CPU the dev process spent on each change. Not part of `npm test`.
//
//   node bench/dev-latency.mjs --n 4000 [--runs 7] [--work DIR]
//
// The corpus is generated once into WORK/corpus-N (gen-corpus.mjs; WORK defaults to
// $TMPDIR/newsarchive-bench). The dev server runs as the real CLI; the clock starts just before
// the write and stops when the reload channel announces a new site version; each result is then
// checked on the served page. The CPU (user + system, all threads, from /proc) is counted from the
// write until 2 s after the signal, so what the change sets off after the rebuild (the watch's own
// work, say) is in it.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const REPO = fileURLToPath(new URL('..', import.meta.url));
const { values } = parseArgs({ options: { n: { type: 'string', default: '4000' }, runs: { type: 'string', default: '7' }, work: { type: 'string' } } });
const n = Number(values.n);
const runs = Number(values.runs);

const work = values.work ?? path.join(os.tmpdir(), 'newsarchive-bench');
const corpus = path.join(work, `corpus-${n}`);
if (!fs.existsSync(path.join(corpus, '_posts'))) {
  fs.mkdirSync(work, { recursive: true });
  const gen = spawnSync(process.execPath, [path.resolve(REPO, '../shared/bench/gen-corpus.mjs'), '--n', String(n), '--out', corpus], { stdio: 'inherit' });
  if (gen.status !== 0) process.exit(1);
}
const posts = path.join(corpus, '_posts');
const site = fs.mkdtempSync(path.join(os.tmpdir(), 'newsarchive-devbench-'));

const child = spawn(process.execPath, [path.join(REPO, 'lib/cli.js'), 'dev', '--port', '0', '--posts', posts], { cwd: site, stdio: ['ignore', 'pipe', 'inherit'] });
const logLines = [];
let out = '';
// The pages served unrendered at the start are rendered while dev is idle (at 100,000 posts, for
// half a minute): the changes wait for that, or it would be in their CPU.
let allRendered;
const rendered = new Promise((resolve) => (allRendered = resolve));
const serving = new Promise((resolve) => {
  child.stdout.on('data', (chunk) => {
    out += chunk;
    const lines = out.split('\n');
    out = lines.pop();
    for (const line of lines) {
      if (process.env.DEBUG) console.error("dev:", line.slice(0, 200));
      if (/^(built|rebuilt) in/.test(line)) logLines.push(line);
      if (/^built in/.test(line) && !/to render when first asked for/.test(line)) allRendered();
      if (/^\d+ pages rendered in/.test(line)) allRendered();
      const m = /^serving (\S+)/.exec(line);
      if (m) resolve(m[1]);
    }
  });
});
console.log(`load average at the start: ${os.loadavg().map((x) => x.toFixed(1)).join(' ')} on ${os.cpus().length} cores`);
const t0 = performance.now();
const url = await serving;
const initialMs = performance.now() - t0;
const rssMb = Math.round(Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${child.pid}/status`, 'utf8'))[1]) / 1024);
await rendered;

// The reload channel: resolve waiters when the site version moves.
let version = -1;
let waiters = [];
http.get(new URL('/__newsarchive/events', url), (res) => {
  let buf = '';
  res.setEncoding('utf8');
  res.on('data', (chunk) => {
    buf += chunk;
    let at;
    while ((at = buf.indexOf('\n\n')) !== -1) {
      const event = buf.slice(0, at);
      buf = buf.slice(at + 2);
      const data = /^data: (.*)$/m.exec(event)?.[1];
      if (!data) continue;
      version = JSON.parse(data).version;
      const now = performance.now();
      waiters = waiters.filter((w) => (version > w.after ? (w.resolve(now), false) : true));
    }
  });
});
while (version < 0) await new Promise((r) => setTimeout(r, 20));
const nextVersion = () => {
  const after = version;
  return new Promise((resolve, reject) => {
    waiters.push({ after, resolve });
    setTimeout(() => reject(new Error(`no reload signal within 60 s; last server line: ${logLines.at(-1)}`)), 60_000).unref();
  });
};
const get = (p) => new Promise((resolve, reject) => http.get(new URL(p, url), (res) => { let b = ''; res.setEncoding('utf8'); res.on('data', (c) => (b += c)); res.on('end', () => resolve(b)); }).on('error', reject));
const settle = () => new Promise((r) => setTimeout(r, 400));
const TICK_MS = 1000 / Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim() || 100);
/** The dev process's CPU so far, in ms: utime and stime of /proc/PID/stat (after the command's name). */
const cpuMs = () => {
  const fields = fs.readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
};

const files = fs.readdirSync(posts).filter((f) => f.endsWith('.md') && !f.includes('bench-new')).sort();
// The month after the newest post of the corpus (not in the future, which dev leaves out).
const last = files.at(-1).slice(0, 7).split('-').map(Number);
const NEWEST = last[1] === 12 ? `${last[0] + 1}-01` : `${last[0]}-${String(last[1] + 1).padStart(2, '0')}`;
const target = path.join(posts, files[Math.floor(files.length / 2)]);
const original = fs.readFileSync(target, 'utf8');
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Ms from the change to the reload signal, and the CPU ms it cost the dev process. */
async function timed(change, check) {
  if (process.env.DEBUG) console.error("timed", version, logLines.at(-1));
  const signal = nextVersion();
  const cpuBefore = cpuMs();
  const start = performance.now();
  change();
  const end = await signal;
  await new Promise((r) => setTimeout(r, 2000));
  const cpu = cpuMs() - cpuBefore;
  await check();
  await settle();
  return { ms: end - start, cpu };
}

const edits = [];
const moved = [];
const added = [];
const removed = [];
const editCpu = [];
const movedCpu = [];
const addedCpu = [];
const removedCpu = [];
const rebuiltFor = (what) => async () => {
  await settle();
  if (!/ 1 post read, [1-9]\d* pages rendered( \([^)]*\))?, [1-9]/.test(logLines.at(-1))) throw new Error(`unexpected rebuild for ${what}: ${logLines.at(-1)}`);
};
try {
  for (let i = 0; i <= runs; i++) {
    const marker = `编辑标记${Date.now()}-${i}`;
    const result = await timed(() => fs.writeFileSync(target, original.replace(/^title: .*$/m, `title: "${marker}"`)), rebuiltFor('an edit'));
    if (i > 0) edits.push(result.ms), editCpu.push(result.cpu); // the first is a warm-up
  }
  // The same post a year or two older: it moves in every list it is in, and its URL changes.
  for (let i = 0; i <= runs; i++) {
    const result = await timed(() => fs.writeFileSync(target, original.replace(/^date: (\d{4})/m, (_, year) => `date: ${Number(year) - 1 - (i % 2)}`)), rebuiltFor('a move'));
    if (i > 0) moved.push(result.ms), movedCpu.push(result.cpu);
  }
  const back = nextVersion();
  fs.writeFileSync(target, original);
  await back;
  await settle();
  // A new post is usually the newest: it goes on top of every listing it is in and shifts their pages.
  const sample = original.replace(/^title: .*$/m, 'title: "新文章标记"').replace(/^date: .*$/m, 'date: 2099-01-01 08:00:00 +0800');
  for (let i = 0; i <= runs; i++) {
    const file = path.join(posts, `${NEWEST}-0${(i % 9) + 1}-bench-new-${i}.md`);
    const body = sample.replace(/^date: .*$/m, `date: ${NEWEST}-0${(i % 9) + 1} 08:00:00 +0800`).replace('新文章标记', `新文章标记${i}`);
    const result = await timed(
      () => fs.writeFileSync(file, body),
      async () => {
        // The newest post heads the home page (the sitemap is an index of sitemaps past 50,000 URLs).
        const loc = new RegExp(`href="(/[^"]*bench-new-${i}/)"`).exec(await get('/'))?.[1];
        if (!loc || !(await get(loc)).includes(`新文章标记${i}`)) throw new Error('the new post is not served');
      },
    );
    if (i > 0) added.push(result.ms), addedCpu.push(result.cpu);
    // And taken out again, as an undo would.
    const undone = await timed(
      () => fs.unlinkSync(file),
      async () => {
        if ((await get('/')).includes(`bench-new-${i}/`)) throw new Error('the removed post is still on the home page');
      },
    );
    if (i > 0) removed.push(undone.ms), removedCpu.push(undone.cpu);
  }
} finally {
  fs.writeFileSync(target, original);
  await settle();
  child.kill('SIGINT');
}
const fmt = (xs) => `median ${median(xs).toFixed(0)} ms (runs: ${xs.map((x) => x.toFixed(0)).join(', ')})`;
console.log(`N=${n}: initial build and serve ${(initialMs / 1000).toFixed(1)} s, RSS ${rssMb} MB`);
console.log(`N=${n}: post edit → reload signal: ${fmt(edits)}`);
console.log(`N=${n}: post moved to another date → reload signal: ${fmt(moved)}`);
console.log(`N=${n}: new post → reload signal: ${fmt(added)}`);
console.log(`N=${n}: that post removed → reload signal: ${fmt(removed)}`);
console.log(`N=${n}: CPU of the dev process per post edit: ${fmt(editCpu)}; per move: ${fmt(movedCpu)}; per new post: ${fmt(addedCpu)}; per removed post: ${fmt(removedCpu)}`);
console.log(`N=${n}: the server's own rebuild times (write → publish, without the watcher and quiet period): ${logLines.slice(-4).join(' | ')}`);
console.log(`load average at the end: ${os.loadavg().map((x) => x.toFixed(1)).join(' ')} on ${os.cpus().length} cores`);
fs.rmSync(site, { recursive: true, force: true });
