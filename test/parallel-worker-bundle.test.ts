import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { Worker } from 'node:worker_threads';
import { CORPUS_DIR } from './clean-helpers.ts';
import { makeSite, REPO, runCli, snapshot, tempDir } from './helpers.ts';
import { BUNDLE_FILE, bundleHolds, RECORD_FILE, type BundleRecord } from '../src/parallel/worker-script.ts';
import { addStamp } from '../src/write/output-stamps.ts';

const LIB_PARALLEL = path.join(REPO, 'lib', 'parallel');

/** A package root with a compiled worker entry and two stand-ins: a "bundle" and "modules" that each say which they are. */
function fakeInstall(): { root: string; dir: string; record: (files: string[]) => void } {
  const root = tempDir('bundle');
  const dir = path.join(root, 'lib', 'parallel');
  fs.mkdirSync(dir, { recursive: true });
  // ES modules, as in the package (Node 20 before 20.19 does not tell them by their syntax).
  fs.writeFileSync(path.join(root, 'package.json'), '{"type":"module"}\n');
  for (const file of ['parallel/worker-entry.js', 'parallel/worker-script.js', 'write/output-stamps.js']) {
    fs.mkdirSync(path.dirname(path.join(root, 'lib', file)), { recursive: true });
    fs.copyFileSync(path.join(REPO, 'lib', file), path.join(root, 'lib', file));
  }
  const says = (what: string) => `import { parentPort } from 'node:worker_threads';\nparentPort.postMessage('${what}');\n`;
  fs.writeFileSync(path.join(dir, BUNDLE_FILE), says('bundle'));
  fs.writeFileSync(path.join(dir, 'worker.js'), says('modules'));
  fs.writeFileSync(path.join(root, 'lib', 'stage.js'), 'export const stage = 1;\n');
  fs.mkdirSync(path.join(root, 'node_modules', 'dep'), { recursive: true });
  fs.writeFileSync(path.join(root, 'node_modules', 'dep', 'index.js'), 'module.exports = 1;\n');
  const record = (files: string[]) => {
    const made: BundleRecord = { paths: [], numbers: [] };
    for (const file of files) addStamp(made, file, fs.statSync(path.join(root, file)));
    fs.writeFileSync(path.join(dir, RECORD_FILE), JSON.stringify(made));
  };
  return { root, dir, record };
}

const ALL = ['lib/stage.js', 'node_modules/dep/index.js', `lib/parallel/${BUNDLE_FILE}`];

/** What a worker started from the entry in `dir` runs: 'bundle' or 'modules'. */
function startedFrom(dir: string): Promise<string> {
  const worker = new Worker(path.join(dir, 'worker-entry.js'));
  return new Promise((resolve, reject) => {
    worker.once('message', (what: string) => void worker.terminate().then(() => resolve(what)));
    worker.once('error', reject);
  });
}

test('the compile step leaves a bundle of the load-and-clean worker whose record holds', () => {
  // npm test compiles first (npm run compile: tsc, then the bundle).
  assert.ok(bundleHolds(LIB_PARALLEL), `lib/parallel/${BUNDLE_FILE} is missing or older than the files it was made from: run npm run compile`);
  const record = JSON.parse(fs.readFileSync(path.join(LIB_PARALLEL, RECORD_FILE), 'utf8')) as BundleRecord;
  const files = record.paths;
  for (const needed of ['lib/parallel/worker.js', 'lib/clean/index.js', 'lib/load/index.js']) assert.ok(files.includes(needed), needed);
  assert.ok(files.some((file) => file.startsWith('node_modules/markdown-it/')));
  assert.ok(files.some((file) => file.startsWith('node_modules/htmlparser2/')));
  // Each module that reads its own URL gets it, not the bundle's (fingerprint.ts finds lib/ from it).
  const bundle = fs.readFileSync(path.join(LIB_PARALLEL, BUNDLE_FILE), 'utf8');
  const uses = bundle.split('\n').filter((line) => line.includes('import.meta.url'));
  assert.ok(uses.some((line) => line.includes('new URL("../cache/fingerprint.js", import.meta.url).href')), uses.join('\n'));
  for (const line of uses.slice(1)) assert.match(line, /new URL\("[^"]+", import\.meta\.url\)\.href/);
  assert.match(uses[0], /newsarchiveCreateRequire\(import\.meta\.url\)/);
});

test('a worker starts from the bundle while its record holds, and from the modules once any file it lists changed', async () => {
  const { root, dir, record } = fakeInstall();
  assert.equal(await startedFrom(dir), 'modules', 'no record yet');
  record(ALL);
  assert.equal(await startedFrom(dir), 'bundle');

  // A module recompiled: another size and time.
  fs.writeFileSync(path.join(root, 'lib', 'stage.js'), 'export const stage = 22;\n');
  assert.equal(await startedFrom(dir), 'modules');
  record(ALL);
  assert.equal(await startedFrom(dir), 'bundle');

  // A package reinstalled as npm does it: the same bytes and the same modification time (npm
  // gives every file one fixed date), a new file.
  const dep = path.join(root, 'node_modules', 'dep', 'index.js');
  const npmDate = new Date('1985-10-26T08:15:00Z');
  fs.utimesSync(dep, npmDate, npmDate);
  record(ALL);
  assert.equal(await startedFrom(dir), 'bundle');
  fs.writeFileSync(`${dep}.new`, fs.readFileSync(dep));
  fs.utimesSync(`${dep}.new`, npmDate, npmDate);
  fs.renameSync(`${dep}.new`, dep);
  assert.equal(fs.statSync(dep).mtimeMs, npmDate.getTime());
  assert.equal(await startedFrom(dir), 'modules');
  record(ALL);

  // The bundle itself edited, or a listed file gone.
  fs.appendFileSync(path.join(dir, BUNDLE_FILE), '// edited\n');
  assert.equal(await startedFrom(dir), 'modules');
  record(ALL);
  fs.rmSync(path.join(root, 'lib', 'stage.js'));
  assert.equal(await startedFrom(dir), 'modules');
});

test('a record that does not list the bundle itself, or cannot be read as a record, vouches for nothing', () => {
  const { dir, record } = fakeInstall();
  record(ALL.slice(0, 2));
  assert.equal(bundleHolds(dir), false);
  for (const broken of ['{"paths":', '{}', '{"paths":[1]}', '{"paths":["lib/parallel/worker.bundle.js"]}', 'null']) {
    fs.writeFileSync(path.join(dir, RECORD_FILE), broken);
    assert.equal(bundleHolds(dir), false, broken);
  }
  record(ALL);
  assert.equal(bundleHolds(dir), true);
});

test('real posts cleaned by bundled workers give the site the main thread gives with the modules', () => {
  assert.ok(bundleHolds(LIB_PARALLEL));
  const files: Record<string, string | Buffer> = { 'newsarchive.yml': 'title: 测试存档\npageSize: 5\nurl: https://example.com\nsearch: false\n' };
  const posts = fs.readdirSync(path.join(CORPUS_DIR, '_posts')).filter((name) => name.endsWith('.md'));
  for (const name of posts) files[`posts/${name}`] = fs.readFileSync(path.join(CORPUS_DIR, '_posts', name));
  const [threaded, single] = [makeSite(files), makeSite(files)];
  for (const [site, threads] of [[threaded, '2'], [single, '1']]) {
    const result = runCli(site, ['build', '--skip-invalid'], { NEWSARCHIVE_THREADS: threads });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, new RegExp(`cache: 0 posts reused, ${posts.length} cleaned`));
  }
  const expected = snapshot(path.join(single, 'dist'));
  assert.ok(expected.size > posts.length);
  assert.deepEqual(snapshot(path.join(threaded, 'dist')), expected);
});
