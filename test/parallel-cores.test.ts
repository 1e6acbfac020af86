// How many threads a build starts: the cores the process may use, capped by its cgroup's CPU quota,
// read from fake cgroup trees (v1 and v2, as a host and as a container mount them) and, where this
// machine lets a test make one, from a real cgroup with a one-CPU quota.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { availableCores, cgroupCpuQuota, type CgroupFiles } from '../src/parallel/cores.ts';
import { REPO, tempDir } from './helpers.ts';

/** A fake `/proc/self/cgroup` and `/sys/fs/cgroup` holding `files` (path under the root → contents). */
function fakeCgroups(membership: string, files: Record<string, string>): CgroupFiles {
  const dir = tempDir('cgroups');
  const root = path.join(dir, 'sys-fs-cgroup');
  fs.mkdirSync(root);
  for (const [name, contents] of Object.entries(files)) {
    fs.mkdirSync(path.join(root, path.dirname(name)), { recursive: true });
    fs.writeFileSync(path.join(root, name), contents);
  }
  fs.writeFileSync(path.join(dir, 'cgroup'), membership);
  return { membership: path.join(dir, 'cgroup'), root };
}

test('cgroup v2: the quota of the process\'s own cgroup, in CPUs, rounded up to whole threads', () => {
  const files = fakeCgroups('0::/ci/job-7\n', { 'cpu.max': 'max 100000\n', 'ci/cpu.max': 'max 100000\n', 'ci/job-7/cpu.max': '150000 100000\n' });
  assert.equal(cgroupCpuQuota(files), 1.5);
  assert.equal(availableCores(files, 8), 2);
  assert.equal(availableCores(files, 1), 1, 'never more threads than the CPUs the process may run on');
});

test('cgroup v2: a smaller quota on an ancestor binds the cgroups below it', () => {
  const files = fakeCgroups('0::/ci/job-7\n', { 'ci/cpu.max': '100000 100000\n', 'ci/job-7/cpu.max': 'max 100000\n' });
  assert.equal(cgroupCpuQuota(files), 1);
  assert.equal(availableCores(files, 8), 1);
});

test('cgroup v2: half a CPU still gets one thread', () => {
  const files = fakeCgroups('0::/\n', { 'cpu.max': '50000 100000\n' });
  assert.equal(cgroupCpuQuota(files), 0.5);
  assert.equal(availableCores(files, 4), 1);
});

test('cgroup v1 inside a container: the membership names the host\'s path, the mount starts at the container\'s cgroup', () => {
  const membership = '12:memory:/docker/abc\n5:cpu,cpuacct:/docker/abc\n1:name=systemd:/docker/abc\n';
  const files = fakeCgroups(membership, { 'cpu,cpuacct/cpu.cfs_quota_us': '100000\n', 'cpu,cpuacct/cpu.cfs_period_us': '100000\n' });
  assert.equal(cgroupCpuQuota(files), 1);
  assert.equal(availableCores(files, 16), 1);
});

test('cgroup v1 on a host: the cpu controller mounted alone, the quota two levels up', () => {
  const files = fakeCgroups('4:cpu:/batch/build\n3:cpuacct:/batch/build\n', {
    'cpu/cpu.cfs_quota_us': '-1\n',
    'cpu/cpu.cfs_period_us': '100000\n',
    'cpu/batch/cpu.cfs_quota_us': '300000\n',
    'cpu/batch/cpu.cfs_period_us': '100000\n',
    'cpu/batch/build/cpu.cfs_quota_us': '-1\n',
    'cpu/batch/build/cpu.cfs_period_us': '100000\n',
  });
  assert.equal(cgroupCpuQuota(files), 3);
  assert.equal(availableCores(files, 8), 3);
  assert.equal(availableCores(files, 2), 2);
});

test('no quota, no cgroup files, or files that say something else: every core the process may run on', () => {
  const unlimited = fakeCgroups('0::/user.slice\n', { 'cpu.max': 'max 100000\n', 'user.slice/cpu.max': 'max 100000\n' });
  assert.equal(cgroupCpuQuota(unlimited), undefined);
  assert.equal(availableCores(unlimited, 4), 4);
  const v1Unlimited = fakeCgroups('2:cpu,cpuacct:/\n', { 'cpu,cpuacct/cpu.cfs_quota_us': '-1\n', 'cpu,cpuacct/cpu.cfs_period_us': '100000\n' });
  assert.equal(availableCores(v1Unlimited, 4), 4);
  const missing = { membership: path.join(tempDir('cgroups'), 'no-such-file'), root: '/nonexistent' };
  assert.equal(availableCores(missing, 3), 3);
  const garbled = fakeCgroups('not a cgroup line\n0::relative\n', { 'cpu.max': 'lots 0\n' });
  assert.equal(availableCores(garbled, 2), 2);
  const zeroPeriod = fakeCgroups('0::/\n', { 'cpu.max': '100000 0\n' });
  assert.equal(availableCores(zeroPeriod, 2), 2);
});

// A real cgroup with a one-CPU quota, where this machine lets a test make one (cgroup v1's cpu
// controller, writable as root on the project's machines): a process moved into it sees one core.
const V1_CPU = '/sys/fs/cgroup/cpu';

/** A new cgroup limited to one CPU, or undefined where none can be made here. */
function oneCpuCgroup(): string | undefined {
  const group = path.join(V1_CPU, `newsarchive-test-${process.pid}`);
  try {
    fs.mkdirSync(group);
  } catch {
    return undefined;
  }
  try {
    fs.writeFileSync(path.join(group, 'cpu.cfs_period_us'), '100000');
    fs.writeFileSync(path.join(group, 'cpu.cfs_quota_us'), '100000');
    return group;
  } catch {
    fs.rmdirSync(group);
    return undefined;
  }
}

const canMakeCgroup = ((probe) => {
  if (probe) fs.rmdirSync(probe);
  return probe !== undefined;
})(oneCpuCgroup());

test('a process in a real cgroup limited to one CPU counts one core', { skip: !canMakeCgroup && 'no cgroup v1 cpu controller this test may write to' }, () => {
  const group = oneCpuCgroup();
  assert.ok(group, 'the cgroup could be made a moment ago');
  try {
    const probe = `import { availableCores, cgroupCpuQuota } from ${JSON.stringify(path.join(REPO, 'lib/parallel/cores.js'))}; console.log(cgroupCpuQuota(), availableCores());`;
    // The shell joins the cgroup, then becomes the probe: the probe is in it from its first instruction.
    const script = `echo $$ > ${group}/cgroup.procs && exec "${process.execPath}" --input-type=module -e '${probe}'`;
    const inside = spawnSync('sh', ['-c', script], { encoding: 'utf8' });
    assert.equal(inside.status, 0, inside.stderr);
    assert.equal(inside.stdout.trim(), '1 1');
  } finally {
    fs.rmdirSync(group);
  }
});
