// Bundles the compiled load-and-clean worker (lib/parallel/worker.js) and everything it imports
// into one file beside it, and records what it was made from (see worker-script.ts). Run after
// `tsc` by `npm run compile`: `node lib/parallel/bundle-worker.js`.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { BUNDLE_FILE, bundlePath, RECORD_FILE, rootOf, stampOf, type BundleRecord, type FileStamp } from './worker-script.js';

const dir = fileURLToPath(new URL('.', import.meta.url));
const root = rootOf(dir);
const record = path.join(dir, RECORD_FILE);

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
});
// The worker's modules reach `import.meta.url` only for the package's root (fingerprint.ts), which
// is two folders up from the bundle as from them; esbuild keeps it as the bundle's own URL.
const files = [...Object.keys(metafile.inputs), bundlePath(dir)].map((file) => {
  const stamp = stampOf(root, file);
  if (!stamp) throw new Error(`bundle-worker: ${file} is not a file under ${root}`);
  return stamp;
});
const made: BundleRecord = { files: files as FileStamp[] };
fs.writeFileSync(record, `${JSON.stringify(made)}\n`);
console.log(`bundled the load-and-clean worker: ${files.length - 1} files into ${bundlePath(dir)}`);
