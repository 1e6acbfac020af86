// Where a load-and-clean worker starts: the worker bundled into one file when its record holds (see
// worker-script.ts), else its modules. Checked here, on the worker's thread: the record's 176 `stat`
// calls (some 3 ms) stay off the build's main thread.
import { fileURLToPath } from 'node:url';
import { BUNDLE_FILE, bundleHolds } from './worker-script.js';

await import(bundleHolds(fileURLToPath(new URL('.', import.meta.url))) ? `./${BUNDLE_FILE}` : './worker.js');
