// How many cores the build may keep busy: the CPUs this process may run on, capped by a CPU quota.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Where the kernel describes this process's control groups; tests point both at a fake tree. */
export interface CgroupFiles {
  /** The list of this process's cgroups (`/proc/self/cgroup`). */
  membership: string;
  /** Where the cgroup file systems are mounted (`/sys/fs/cgroup`). */
  root: string;
}

const SYSTEM_CGROUPS: CgroupFiles = { membership: '/proc/self/cgroup', root: '/sys/fs/cgroup' };

/**
 * The cores this process can use. Node 20's `os.availableParallelism()` counts the CPUs the
 * process may run on (its affinity), not a CPU quota: a container or CI job limited to one CPU
 * (`docker --cpus=1`, a Kubernetes CPU limit) on a larger host would start a worker per host core,
 * all of them throttled to the one CPU's worth of time, each with a heap of its own. A fractional
 * quota is rounded up: two threads under a quota of 1.5 CPUs still get 1.5 CPUs of work done.
 */
export function availableCores(files: CgroupFiles = SYSTEM_CGROUPS, cores = os.availableParallelism()): number {
  const quota = cgroupCpuQuota(files);
  return quota === undefined ? cores : Math.max(1, Math.min(cores, Math.ceil(quota)));
}

/** `NEWSARCHIVE_THREADS`, when it is set to a thread count: how many threads the build may use. */
export function threadsFromEnv(): number | undefined {
  const fromEnv = Number(process.env.NEWSARCHIVE_THREADS);
  return Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : undefined;
}

/**
 * The CPU quota of this process, in CPUs (1.5 for 150 ms of CPU time per 100 ms), or undefined
 * when none is set or none can be read. A cgroup's quota also binds every cgroup below it, so the
 * smallest quota of the process's cgroup and its ancestors counts. The path in the membership list
 * is the cgroup's path in the whole hierarchy; inside a container the mount may start at the
 * container's own cgroup instead, so every folder from the full path up to the mount's root that
 * exists is read.
 */
export function cgroupCpuQuota(files: CgroupFiles = SYSTEM_CGROUPS): number | undefined {
  let membership: string;
  try {
    membership = fs.readFileSync(files.membership, 'utf8');
  } catch {
    return undefined; // not Linux, or no /proc
  }
  const quotas: (number | undefined)[] = [];
  for (const line of membership.split('\n')) {
    // `hierarchy-ID:controller-list:cgroup-path`; cgroup v2 has one line with no controllers.
    const m = /^\d+:([^:]*):(\/.*)$/.exec(line);
    if (!m) continue;
    const [, controllers, cgroupPath] = m;
    if (controllers === '') {
      for (const dir of selfAndAncestors(files.root, cgroupPath)) quotas.push(readV2Quota(dir));
    } else if (controllers.split(',').includes('cpu')) {
      // cgroup v1 mounts the cpu controller alone or together with cpuacct.
      const mount = [controllers, 'cpu', 'cpu,cpuacct'].map((name) => path.join(files.root, name)).find((dir) => fs.existsSync(dir));
      if (mount) for (const dir of selfAndAncestors(mount, cgroupPath)) quotas.push(readV1Quota(dir));
    }
  }
  const set = quotas.filter((quota) => quota !== undefined);
  return set.length ? Math.min(...set) : undefined;
}

/** The folders of `cgroupPath` under `mount` and of each of its ancestors, up to `mount` itself, that exist. */
function selfAndAncestors(mount: string, cgroupPath: string): string[] {
  const dirs: string[] = [];
  const parts = cgroupPath.split('/').filter(Boolean);
  for (let n = parts.length; n >= 0; n--) {
    const dir = path.join(mount, ...parts.slice(0, n));
    if (fs.existsSync(dir)) dirs.push(dir);
  }
  return dirs;
}

/** `cpu.max` of cgroup v2: `max 100000` (no quota) or `150000 100000` (quota and period, in µs). */
function readV2Quota(dir: string): number | undefined {
  const [quota, period] = readText(path.join(dir, 'cpu.max'))?.trim().split(/\s+/) ?? [];
  return ratio(quota, period);
}

/** cgroup v1: `cpu.cfs_quota_us` (-1: no quota) over `cpu.cfs_period_us`. */
function readV1Quota(dir: string): number | undefined {
  return ratio(readText(path.join(dir, 'cpu.cfs_quota_us'))?.trim(), readText(path.join(dir, 'cpu.cfs_period_us'))?.trim());
}

function ratio(quota: string | undefined, period: string | undefined): number | undefined {
  if (!quota || !period || !/^\d+$/.test(quota) || !/^\d+$/.test(period)) return undefined;
  const value = Number(quota) / Number(period);
  return value > 0 && Number.isFinite(value) ? value : undefined;
}

function readText(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
