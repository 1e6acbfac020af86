// The output check's worker (see OutputCheck).
import fs from 'node:fs';
import os from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { checkClaimed, type CheckerData } from './output-check.js';

const { outDir, paths, stamps, next } = workerData as CheckerData;
// This thread alone at the lowest priority (Linux keeps one per thread): the build's threads come
// first, and the build, once it waits for the answer, checks what is left itself.
try {
  os.setPriority(Number(fs.readlinkSync('/proc/thread-self').split('/').pop()), 19);
} catch {
  // Elsewhere the check runs at the build's priority.
}
parentPort!.postMessage(checkClaimed(outDir, paths.split('\0'), stamps, next).touched);
