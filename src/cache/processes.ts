// Telling whether the process a cache file names is another one, still running.

/** True when `pid`, read from a file, is a process id other than this process's. */
export function isAnotherProcess(pid: number): boolean {
  return Number.isInteger(pid) && pid > 0 && pid !== process.pid;
}

/** True when a process `pid` runs (as any user). */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it runs, as another user.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
