#!/usr/bin/env node
// npm run bench [-- --sizes 1000,4000,20000 --runs 3 --warm-runs 1 --search-runs 1 --peers hugo,eleventy --peers-max 20000 --work DIR --100k --settle 70 --keep]
// Builds the same generated corpus with newsarchive and its peers, interleaved, and prints one table:
// medians of cold builds, no-change rebuilds, one-post edits and additions, peak RSS of the process tree;
// and, apart, our cold build with the search index and its rebuilds after an edit and an addition.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { measure, median } from './measure.mjs';
import { coldCommand, SHARED_BENCH, tools, warmCommand } from './sites.mjs';

const { values: args } = parseArgs({
  options: {
    sizes: { type: 'string', default: '1000,4000,20000' },
    '100k': { type: 'boolean', default: false },
    runs: { type: 'string', default: '3' },
    'warm-runs': { type: 'string' },
    // Indexing takes minutes at 20,000 posts: one run of it is often enough.
    'search-runs': { type: 'string' },
    peers: { type: 'string', default: 'hugo,eleventy' },
    'peers-max': { type: 'string', default: '20000' },
    work: { type: 'string', default: path.join(os.tmpdir(), 'newsarchive-bench') },
    keep: { type: 'boolean', default: false },
    // Seconds between deleting a tool's previous output (untimed) and its cold build; see `settle`.
    settle: { type: 'string', default: '0' },
  },
});
const sizes = args.sizes.split(',').map(Number).concat(args['100k'] ? [100000] : []);
const runs = Number(args.runs);
const warmRuns = Number(args['warm-runs'] ?? args.runs);
const searchRuns = Math.max(1, Number(args['search-runs'] ?? args.runs));
const work = path.resolve(args.work);
const all = tools(work, path.join(work, 'peers'));
const wanted = ['newsarchive', ...args.peers.split(',').filter(Boolean)];
const logs = path.join(work, 'logs');
fs.mkdirSync(logs, { recursive: true });

for (const name of wanted.slice(1)) {
  const tool = all[name];
  if (!tool) throw new Error(`unknown peer ${name}`);
  if (!tool.available() && tool.install) tool.install();
}
const present = wanted.filter((name) => name === 'newsarchive' || all[name].available());
for (const name of wanted.filter((n) => !present.includes(n))) console.error(`${name} is not installed: left out`);

const settleSeconds = Number(args.settle);

/**
 * With `--settle N`: deletes the tool's output and caches, untimed, and waits N seconds before its
 * cold build (whose own `rm -rf` then finds nothing). On ext4 without a journal, as on this
 * machine, the kernel skips over inodes freed in the last minute or so when it allocates new ones
 * (find_inode_bit → recently_deleted). The system time of cold builds run one after another,
 * each deleting the last one's 45,000 files, grew from 3 to 20 s; in the one profiled (7 s of it),
 * perf put two thirds in that scan. It falls on whichever tool builds next.
 */
async function settle(tool, site) {
  if (!settleSeconds) return;
  for (const name of tool.deletes) fs.rmSync(path.join(site, name), { recursive: true, force: true });
  execFileSync('sync');
  await new Promise((resolve) => setTimeout(resolve, settleSeconds * 1000));
}

function corpusFor(n) {
  const dir = path.join(work, `corpus-${n}`);
  const manifest = path.join(dir, 'corpus-manifest.json');
  if (!fs.existsSync(manifest) || JSON.parse(fs.readFileSync(manifest, 'utf8')).posts !== n) {
    execFileSync(process.execPath, [path.join(SHARED_BENCH, 'gen-corpus.mjs'), '--n', String(n), '--out', dir], { stdio: 'ignore' });
  }
  return dir;
}

function checkPages(manifest, outDir, label) {
  const out = execFileSync(process.execPath, [path.join(SHARED_BENCH, 'check-pages.mjs'), manifest, outDir, label], { encoding: 'utf8' }).trim();
  return JSON.parse(out);
}

/** The middle post of the corpus, the same file for every tool. */
function middlePost(corpus) {
  const names = fs.readdirSync(path.join(corpus, '_posts')).filter((n) => n.endsWith('.md')).sort();
  return names[names.length >> 1];
}

function editPost(file, run) {
  const text = fs.readFileSync(file, 'utf8');
  fs.writeFileSync(file, text.replace(/(<p class="em_media">)/, `<p>（第 ${run + 1} 次更正：本文数据有误，已修改。）</p>\n$1`));
}

/** The posts folder as the corpus has it again: the edited post put back, the added ones gone. */
function restorePosts(dir, corpus, edited) {
  fs.copyFileSync(path.join(corpus, '_posts', edited), path.join(dir, edited));
  for (const name of fs.readdirSync(dir)) if (name.startsWith(ADDED_PREFIX)) fs.rmSync(path.join(dir, name));
}

const ADDED_PREFIX = '2024-01-01-bench-added-';

function addPost(dir, template, run) {
  const text = fs.readFileSync(template, 'utf8')
    .replace(/^title: .*$/m, `title: "新增的第${run + 1}篇报道"`)
    .replace(/^date: .*$/m, `date: 2024-01-01 00:00:0${run % 10} +0800`);
  fs.writeFileSync(path.join(dir, `${ADDED_PREFIX}${run + 1}.md`), text);
}

const results = [];
for (const n of sizes) {
  const corpus = corpusFor(n);
  const manifestPath = path.join(corpus, 'corpus-manifest.json');
  const names = present.filter((name) => name === 'newsarchive' || n <= Number(args['peers-max']));
  const sites = {};
  for (const name of names) {
    const site = path.join(work, 'sites', `${name}-${n}`);
    fs.rmSync(site, { recursive: true, force: true });
    fs.mkdirSync(site, { recursive: true });
    all[name].setup(site, corpus);
    sites[name] = site;
  }
  const row = Object.fromEntries(names.map((name) => [name, { cold: [], coldCpu: [], warm: [], edit: [], add: [], peak: [], rebuildPeak: [], search: [], searchPeak: [], searchEdit: [], searchAdd: [] }]));
  const run = async (name, kind, command) => {
    if (kind === 'cold') await settle(all[name], sites[name]);
    const m = await measure(command, path.join(logs, `${name}-${n}.log`));
    row[name][kind].push(m.seconds);
    if (kind === 'cold') {
      row[name].peak.push(m.peakBytes);
      row[name].coldCpu.push(m.cpuSeconds);
    } else {
      row[name].rebuildPeak.push(m.peakBytes);
    }
    process.stderr.write(`  ${n} ${name} ${kind}: ${m.seconds.toFixed(2)} s (cpu ${m.cpuSeconds.toFixed(2)} s), ${(m.peakBytes / 2 ** 20).toFixed(0)} MiB\n`);
  };
  // Search indexing on its own row: a cold build with the index, beside the cold builds without.
  // First, because it shares the site's .cache: the cold builds below start from none anyway.
  for (let r = 0; r < searchRuns; r++) {
    const m = await measure(all.newsarchive.withSearch(sites.newsarchive), path.join(logs, `newsarchive-search-${n}.log`));
    row.newsarchive.search.push(m.seconds);
    row.newsarchive.searchPeak.push(m.peakBytes);
    process.stderr.write(`  ${n} newsarchive cold with search: ${m.seconds.toFixed(2)} s, ${(m.peakBytes / 2 ** 20).toFixed(0)} MiB\n`);
  }
  // In rounds: each round's cold builds, then its rebuilds. A shared machine drifts over minutes,
  // and the ratios of our rebuilds to our cold build were taken from blocks run minutes apart: at
  // 20,000 posts, adds came to 0.23 and 0.25 of the cold build in two runs half an hour apart, of
  // two versions of the code that interleaved pairs put within 5 % of each other. Before each cold
  // build after the first, the posts are put back as the corpus has them: every cold build builds
  // the corpus itself.
  const edited = middlePost(corpus);
  const postsOf = (name) => path.join(sites[name], all[name].postsDir);
  const checks = {};
  for (let r = 0; r < Math.max(runs, warmRuns); r++) {
    if (r < runs) {
      if (r > 0) {
        for (const name of names) restorePosts(postsOf(name), corpus, edited);
        // Untimed: a file changed less than 2 s before a build is not trusted by its stamp (see
        // src/cache/stamps.ts), and the next no-change rebuild would then read the posts again.
        await new Promise((resolve) => setTimeout(resolve, 2500));
      }
      for (const name of names) await run(name, 'cold', coldCommand(all[name], sites[name]));
    }
    if (r === 0) {
      // Page counts before any other figure: every tool must have built the same articles and listings.
      for (const name of names) {
        checks[name] = checkPages(manifestPath, path.join(sites[name], all[name].output), `${name}-${n}`);
        if (!checks[name].ok) throw new Error(`${name} at ${n} posts built other pages than expected: ${JSON.stringify(checks[name])}`);
      }
      const digests = new Set(names.map((name) => checks[name].articlesDigest));
      if (digests.size !== 1) throw new Error(`the tools built different sets of articles at ${n} posts`);
    }
    if (r >= warmRuns) continue;
    for (const name of names) await run(name, 'warm', warmCommand(all[name], sites[name]));
    for (const name of names) {
      editPost(path.join(postsOf(name), edited), r);
      await run(name, 'edit', warmCommand(all[name], sites[name]));
    }
    for (const name of names) {
      addPost(postsOf(name), path.join(postsOf(name), edited), r);
      await run(name, 'add', warmCommand(all[name], sites[name]));
    }
  }
  // Rebuilds with the index, last, so the posts they change are in no other row's corpus. The
  // first brings the indexed site up to the posts the rows above edited and added, untimed.
  const searched = sites.newsarchive;
  await measure(all.newsarchive.rebuildWithSearch(searched), path.join(logs, `newsarchive-search-${n}.log`));
  for (let r = 0; r < searchRuns; r++) {
    editPost(path.join(searched, all.newsarchive.postsDir, edited), warmRuns + r);
    const e = await measure(all.newsarchive.rebuildWithSearch(searched), path.join(logs, `newsarchive-search-${n}.log`));
    addPost(path.join(searched, all.newsarchive.postsDir), path.join(searched, all.newsarchive.postsDir, edited), warmRuns + r);
    const a = await measure(all.newsarchive.rebuildWithSearch(searched), path.join(logs, `newsarchive-search-${n}.log`));
    row.newsarchive.searchEdit.push(e.seconds);
    row.newsarchive.searchAdd.push(a.seconds);
    process.stderr.write(`  ${n} newsarchive with search: 1 edited ${e.seconds.toFixed(2)} s, 1 added ${a.seconds.toFixed(2)} s\n`);
  }
  for (const name of names) {
    const m = row[name];
    results.push({ n, tool: name, runs, warmRuns, search: m.search.length ? median(m.search) : undefined, searchPeakMiB: m.searchPeak.length ? median(m.searchPeak) / 2 ** 20 : undefined, searchEdit: m.searchEdit.length ? median(m.searchEdit) : undefined, searchAdd: m.searchAdd.length ? median(m.searchAdd) : undefined, cold: median(m.cold), coldCpu: median(m.coldCpu), warm: median(m.warm), edit: median(m.edit), add: median(m.add), peakMiB: median(m.peak) / 2 ** 20, rebuildPeakMiB: m.rebuildPeak.length ? Math.max(...m.rebuildPeak) / 2 ** 20 : NaN, coldRange: [Math.min(...m.cold), Math.max(...m.cold)], check: checks[name] });
  }
  if (!args.keep) for (const site of Object.values(sites)) fs.rmSync(site, { recursive: true, force: true });
}

const fmt = (s) => (s < 10 ? s.toFixed(2) : s.toFixed(1));
const ratio = (a, b) => (a / b).toFixed(2);
const lines = [
  `newsarchive benchmark · ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC · ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'} · ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB · Node ${process.version} · load average at the end ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`,
  `medians of ${runs} cold run(s) and ${warmRuns} run(s) of each rebuild, in rounds (each round's rebuilds right after its cold builds); wall time of the whole process (no npm), its CPU time (user + system, whole tree), peak RSS of its process tree: median of the cold builds, and the highest of the rebuilds${settleSeconds ? `; each cold build ${settleSeconds} s after its previous output was deleted (the deletion untimed)` : '; each cold build deletes the previous output (timed, as in RESULTS.md)'}`,
  '',
  '| posts | tool | cold s (min–max) | cold cpu s | no-change s | 1 edited s | 1 added s | peak MiB | rebuild peak MiB | pages checked | files written |',
  '| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
];
for (const r of results) {
  lines.push(`| ${r.n.toLocaleString('en')} | ${r.tool} | ${fmt(r.cold)} (${fmt(r.coldRange[0])}–${fmt(r.coldRange[1])}) | ${fmt(r.coldCpu)} | ${fmt(r.warm)} | ${fmt(r.edit)} | ${fmt(r.add)} | ${r.peakMiB.toFixed(0)} | ${r.rebuildPeakMiB.toFixed(0)} | ${r.check.pages} | ${r.check.pages + r.check.otherHtml + r.check.otherFiles + r.check.redirects} |`);
}
lines.push('', '| posts | ratio | cold | cold cpu | no-change | 1 edited | 1 added | peak memory |', '| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const n of sizes) {
  const ours = results.find((r) => r.n === n && r.tool === 'newsarchive');
  for (const peer of results.filter((r) => r.n === n && r.tool !== 'newsarchive')) {
    lines.push(`| ${n.toLocaleString('en')} | newsarchive ÷ ${peer.tool} | ${ratio(ours.cold, peer.cold)} | ${ratio(ours.coldCpu, peer.coldCpu)} | ${ratio(ours.warm, peer.warm)} | ${ratio(ours.edit, peer.edit)} | ${ratio(ours.add, peer.add)} | ${ratio(ours.peakMiB, peer.peakMiB)} |`);
  }
  lines.push(`| ${n.toLocaleString('en')} | newsarchive rebuild ÷ its cold build | 1 | | ${ratio(ours.warm, ours.cold)} | ${ratio(ours.edit, ours.cold)} | ${ratio(ours.add, ours.cold)} | |`);
}
// The curve: how our cold build grows from one size to the next (time that grows no faster than
// the posts is "no worse than linear").
const ourSizes = results.filter((r) => r.tool === 'newsarchive').sort((a, b) => a.n - b.n);
if (ourSizes.length > 1) {
  lines.push('', '| newsarchive, cold | posts × | time × | cpu × | peak memory × |', '| --- | ---: | ---: | ---: | ---: |');
  for (let i = 1; i < ourSizes.length; i++) {
    const [a, b] = [ourSizes[i - 1], ourSizes[i]];
    lines.push(`| ${a.n.toLocaleString('en')} → ${b.n.toLocaleString('en')} posts | ${ratio(b.n, a.n)} | ${ratio(b.cold, a.cold)} | ${ratio(b.coldCpu, a.coldCpu)} | ${ratio(b.peakMiB, a.peakMiB)} |`);
  }
}
lines.push('', 'What each tool builds (all from the same corpus; "pages checked" = articles + home + category + tag pages, counted by check-pages.mjs):');
for (const name of present) lines.push(`- ${name}: ${all[name].builds}`);
lines.push('- search indexing: not in the rows above (no peer indexes); timed apart below, with our rebuilds after an edit and an addition (made after every row above).');
lines.push('', '| posts | newsarchive cold build | with the search index | indexing (difference) | peak MiB with search (whole tree, Pagefind included) | 1 edited, with search | 1 added, with search |', '| ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const r of results.filter((x) => x.tool === 'newsarchive')) {
  lines.push(`| ${r.n.toLocaleString('en')} | ${fmt(r.cold)} | ${fmt(r.search)} | ${fmt(r.search - r.cold)} | ${r.searchPeakMiB.toFixed(0)} | ${fmt(r.searchEdit)} | ${fmt(r.searchAdd)} |`);
}
const table = lines.join('\n');
console.log(table);
fs.writeFileSync(path.join(work, 'results.md'), `${table}\n`);
fs.writeFileSync(path.join(work, 'results.json'), JSON.stringify(results, null, 2));
