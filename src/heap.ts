// How V8 manages the build's heap: tuned for a process that holds a model of every post while it
// churns through page after page of short-lived strings.
import v8 from 'node:v8';

let tuned = false;

/**
 * Keeps the heap near its live size (in builds, and in dev, which holds a model the same way). By default V8 lets the old generation grow to four times what
 * survived the last full collection before it collects again, and it allocates objects from sites
 * that once produced long-lived ones (the model's) straight into the old generation: rendering
 * 25,000 pages then piled up 300 MB of garbage over a live heap of 80 MB. At 50 % growth the
 * listings' promoted garbage still lifted a 20,000-post build's peak by some 40 MB at its end; 30 %
 * took 15 MB off the peak (median of four cold builds each) for no measurable CPU, and 20 % cost CPU
 * without going lower.
 */
export function tuneHeapForBuild(): void {
  v8.setFlagsFromString('--heap-growing-percent=30');
  if (tuned) return;
  tuned = true;
  v8.setFlagsFromString('--no-allocation-site-pretenuring');
}

/**
 * While the cache index is read, the live heap grows sixfold, and at 30 % growth each step
 * collected all of it again (six full collections at 20,000 posts): the steps are doubled then.
 * V8's own growth, up to fourfold, was worse afterwards: a growth step is set by the last full
 * collection, so when the read's last one came late the render ran on to the end without another,
 * and an added post's rebuild at 20,000 posts peaked at some 310 MiB instead of some 260.
 */
function tuneHeapForIndexRead(): void {
  v8.setFlagsFromString('--heap-growing-percent=100');
}

/** `read` (the cache index read in) under the index read's growth steps, then the build's. */
export function whileReadingIndex<T>(read: () => T): T {
  tuneHeapForIndexRead();
  try {
    return read();
  } finally {
    tuneHeapForBuild();
  }
}
