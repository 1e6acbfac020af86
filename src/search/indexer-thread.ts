// A search lane's thread (see lanes.ts): indexes the shards it is sent, one at a time, each with a
// Pagefind process of its own. Pagefind's Node API keeps one process per module instance, and a
// process indexes on one core: a thread per lane is what lets shards be indexed side by side.
import { parentPort, workerData } from 'node:worker_threads';
import type { LaneReply } from './lanes.js';
import { indexShard, type ShardJob } from './pagefind-shard.js';

const { language } = workerData as { language: string };
const reply = (message: LaneReply) => parentPort!.postMessage(message);

parentPort!.on('message', (job: ShardJob) => {
  indexShard(job, language, (count) => reply({ shard: job.shard, indexed: count })).then(
    () => reply({ shard: job.shard, written: true }),
    (err: unknown) => reply({ shard: job.shard, error: err instanceof Error ? err.message : String(err) }),
  );
});
