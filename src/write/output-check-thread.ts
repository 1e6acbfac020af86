// The output check's thread (see touchedOutput).
import { parentPort, workerData } from 'node:worker_threads';
import { touchedFiles, type StampedFiles } from './output-stamps.js';

const { outDir, ...previous } = workerData as StampedFiles & { outDir: string };
parentPort!.postMessage(touchedFiles(outDir, previous));
