#!/usr/bin/env node
// Where dev mode's rebuild of one new post (the newest) and one post edit goes, in-process: wall
// and CPU time of DevSite.rebuild alone (no watcher, no quiet period), and a CPU profile of the
// new-post rebuilds summed by stage. Not part of `npm test`; run `npx tsc -p .` first.
//
//   node bench/dev-profile.mjs --n 4000 [--runs 9] [--check]
//
// --check: after the first new post, every page dev holds is compared with a fresh build's.
import fs from 'node:fs';
import { Session } from 'node:inspector/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const REPO = fileURLToPath(new URL('..', import.meta.url));
const { values } = parseArgs({ options: { n: { type: 'string', default: '4000' }, runs: { type: 'string', default: '9' }, check: { type: 'boolean', default: false } } });
const n = Number(values.n);
const runs = Number(values.runs);
const { resolveConfig } = await import(path.join(REPO, 'lib/config.js'));
const { DevSite } = await import(path.join(REPO, 'lib/dev-site.js'));
const { SiteStore, emptyChangeSet } = await import(path.join(REPO, 'lib/serve/index.js'));

const corpus = path.join(os.tmpdir(), 'newsarchive-bench', `corpus-${n}`, '_posts');
const site = fs.mkdtempSync(path.join(os.tmpdir(), 'newsarchive-devprof-'));
fs.cpSync(corpus, path.join(site, 'posts'), { recursive: true });
const posts = path.join(site, 'posts');
const { config } = resolveConfig(site, undefined, { search: false });
const dev = new DevSite({ config, includeDrafts: false, includeFuture: false });
const store = new SiteStore();
let t = performance.now();
dev.rebuild(emptyChangeSet(), store, true);
console.log(`load ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}; initial build ${(performance.now() - t).toFixed(0)} ms`);
dev.prepare();

const files = fs.readdirSync(posts).filter((f) => f.endsWith('.md')).sort();
const lastMonth = files.at(-1).slice(0, 7).split('-').map(Number);
const NEWEST = lastMonth[1] === 12 ? `${lastMonth[0] + 1}-01` : `${lastMonth[0]}-${String(lastMonth[1] + 1).padStart(2, '0')}`;
const target = path.join(posts, files[Math.floor(files.length / 2)]);
const original = fs.readFileSync(target, 'utf8');

function timed(write) {
  const changes = emptyChangeSet();
  changes.posts.add(write());
  const cpu = process.cpuUsage();
  const start = performance.now();
  const report = dev.rebuild(changes, store);
  const used = process.cpuUsage(cpu);
  if (!report.ok) throw new Error(report.problems.map((p) => p.message).join('\n'));
  return { wall: performance.now() - start, cpu: (used.user + used.system) / 1000, report };
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const show = (label, xs) =>
  console.log(`${label}: wall median ${median(xs.map((x) => x.wall)).toFixed(0)} ms, cpu median ${median(xs.map((x) => x.cpu)).toFixed(0)} ms (wall: ${xs.map((x) => x.wall.toFixed(0)).join(', ')}); ${xs[0].report.pagesRendered} rendered, ${xs[0].report.pagesChanged} changed`);

const edits = [];
for (let i = 0; i <= runs; i++) {
  const r = timed(() => (fs.writeFileSync(target, original.replace(/^title: .*$/m, `title: "编辑标记${i}"`)), target));
  if (i) edits.push(r);
  dev.prepare();
}
fs.writeFileSync(target, original);
timed(() => target);
show('post edit', edits);

const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.setSamplingInterval', { interval: 200 });
const added = [];
let profiled = 0;
for (let i = 0; i <= runs; i++) {
  const file = path.join(posts, `${NEWEST}-0${(i % 9) + 1}-bench-new-${i}.md`);
  const body = original.replace(/^title: .*$/m, `title: "新文章${i}"`).replace(/^date: .*$/m, `date: ${NEWEST}-0${(i % 9) + 1} 08:00:00 +0800`);
  if (i) await session.post('Profiler.start');
  const r = timed(() => (fs.writeFileSync(file, body), file));
  if (i) {
    const { profile } = await session.post('Profiler.stop');
    if (i === 1) console.log(`new post rebuilt as: ${r.report.mode}`);
    if (i === 1 && values.check) await check();
    summarize(profile);
    profiled++;
    added.push(r);
  }
  dev.prepare();
  fs.unlinkSync(file);
  timed(() => file);
  dev.prepare();
}
show('new post', added);
console.log(`in-process CPU profile of the new-post rebuilds, inclusive ms per rebuild:`);
for (const [name, us] of [...stages].sort((a, b) => b[1] - a[1])) console.log(`  ${name.padEnd(28)} ${(us / 1000 / profiled).toFixed(1)}`);
console.log(`top self time, ms per rebuild:`);
for (const [name, us] of [...selfTimes].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`  ${name.padEnd(60)} ${(us / 1000 / profiled).toFixed(1)}`);
fs.rmSync(site, { recursive: true, force: true });

/** Every page dev holds equals the page a fresh build of the same posts renders. */
async function check() {
  const { findPostFiles, modelSite, renderContextOf } = await import(path.join(REPO, 'lib/build.js'));
  const { readPost } = await import(path.join(REPO, 'lib/read-post.js'));
  const { renderSite } = await import(path.join(REPO, 'lib/render/index.js'));
  const problems = [];
  const all = findPostFiles(config.root, config.postsDir, problems).map((f) => readPost(f, config, problems)).filter(Boolean);
  const { model } = modelSite(all, { config, includeDrafts: false, includeFuture: false }, problems);
  let count = 0;
  const seen = new Set();
  for (const file of renderSite(model, renderContextOf(config), problems)) {
    if (!('contents' in file)) continue;
    seen.add(file.path);
    if (store.pages.get(file.path)?.text() !== String(file.contents)) throw new Error(`dev differs from a fresh build at ${file.path}`);
    count++;
  }
  for (const p of store.pages.keys()) if (!seen.has(p)) throw new Error(`dev holds a page a fresh build does not make: ${p}`);
  console.log(`check: all ${count} pages equal a fresh build's`);
}

/** Frames counted as a stage: the whole time spent under them. */
function stageOf(frame) {
  const f = frame.callFrame;
  const file = f.url.replace(/^.*\/(lib|node_modules)\//, '$1/');
  const named = {
    rebuild: 'DevSite.rebuild',
    readPosts: 'read posts',
    buildSiteModel: 'model',
    insertNewest: 'model (insert)',
    planSite: 'plan',
    sameAs: 'compare (sameAs)',
    key: 'keys',
    render: 'render',
    pagesShowing: 'pagesShowing',
    replace: 'store.replace',
  };
  if (file.startsWith('lib/') && named[f.functionName]) return named[f.functionName];
  if (f.functionName === 'render' && file.includes('nunjucks')) return 'render';
  return undefined;
}
var stages;
var selfTimes;
function summarize(profile) {
  stages ??= new Map();
  selfTimes ??= new Map();
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const deltas = profile.timeDeltas;
  profile.samples.forEach((id, i) => {
    const us = deltas[i + 1] ?? 0;
    const leaf = byId.get(id);
    const self = `${leaf.callFrame.functionName || '(anon)'} ${leaf.callFrame.url.replace(/^.*\/(lib|node_modules)\//, '$1/')}:${leaf.callFrame.lineNumber + 1}`;
    selfTimes.set(self, (selfTimes.get(self) ?? 0) + us);
    const seen = new Set();
    for (let at = id; at !== undefined; at = parent.get(at)) {
      const stage = stageOf(byId.get(at));
      if (stage && !seen.has(stage)) {
        seen.add(stage);
        stages.set(stage, (stages.get(stage) ?? 0) + us);
      }
    }
  });
}
