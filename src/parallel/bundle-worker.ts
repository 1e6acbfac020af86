// Bundles the compiled load-and-clean worker (lib/parallel/worker.js) and everything it imports
// into one file beside it, and records what it was made from (see worker-script.ts). Run after
// `tsc` by `npm run compile`: `node lib/parallel/bundle-worker.js`.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';
import { addStamp, statOf } from '../write/output-stamps.js';
import { BUNDLE_FILE, bundlePath, RECORD_FILE, rootOf, type BundleRecord } from './worker-script.js';

const dir = fileURLToPath(new URL('.', import.meta.url));
const root = rootOf(dir);
const record = path.join(dir, RECORD_FILE);

/**
 * esbuild leaves `import.meta.url` as written, which in the bundle is the bundle's URL. Each module
 * gets its own back, made from the bundle's (the path between them is fixed): fingerprint.ts finds
 * lib/ from it, and the worker would find any file it names beside a module as the module does.
 */
const ownModuleUrls: Plugin = {
  name: 'own-module-urls',
  setup(build) {
    build.onLoad({ filter: /\.[cm]?js$/ }, (args) => {
      const source = fs.readFileSync(args.path, 'utf8');
      if (!source.includes('import.meta.url')) return undefined;
      const relative = path.relative(dir, args.path).split(path.sep).join('/');
      return { contents: source.replaceAll('import.meta.url', `new URL(${JSON.stringify(relative)}, import.meta.url).href`), loader: 'js' };
    });
  },
};

// The old record goes first: should the bundle fail half-written, no record vouches for it.
fs.rmSync(record, { force: true });
const { metafile } = await build({
  absWorkingDir: root,
  entryPoints: [path.join(dir, 'worker.js')],
  outfile: path.join(dir, BUNDLE_FILE),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  metafile: true,
  logLevel: 'warning',
  // The CommonJS packages (gray-matter, js-yaml) call `require`, which an ES module lacks.
  banner: { js: "import { createRequire as newsarchiveCreateRequire } from 'node:module';\nconst require = newsarchiveCreateRequire(import.meta.url);" },
  plugins: [ownModuleUrls],
});
const made: BundleRecord = { paths: [], numbers: [] };
for (const file of [...Object.keys(metafile.inputs), bundlePath(dir)]) {
  const stats = statOf(path.join(root, file));
  if (!stats) throw new Error(`bundle-worker: ${file} is not a file under ${root}`);
  addStamp(made, file, stats);
}
fs.writeFileSync(record, `${JSON.stringify(made)}\n`);
console.log(`bundled the load-and-clean worker: ${made.paths.length - 1} files into ${bundlePath(dir)}`);
