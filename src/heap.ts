// How V8 manages the build's heap: tuned for a process that holds a model of every post while it
// churns through page after page of short-lived strings.
import v8 from 'node:v8';

/** The old generation's growth step as set here; 0 is V8's own (up to fourfold). */
let growingPercent = 0;
let pretenuringOff = false;

function growHeapBy(percent: number): void {
  v8.setFlagsFromString(`--heap-growing-percent=${percent}`);
  growingPercent = percent;
}

/**
 * Keeps the heap near its live size while pages are rendered (a build's, and dev's when it renders
 * most of the site). By default V8 lets the old generation grow to four times what survived the
 * last full collection before it collects again, and it allocates objects from sites that once
 * produced long-lived ones (the model's) straight into the old generation: rendering 25,000 pages
 * then piled up 300 MB of garbage over a live heap of 80 MB. At 50 % growth the listings' promoted
 * garbage still lifted a 20,000-post build's peak by some 40 MB at its end; 30 % took 15 MB off the
 * peak (median of four cold builds each) for no measurable CPU, and 20 % cost CPU without going
 * lower. Dev, when it starts from a build whose pages it reads, keeps V8's own steps: at 100,000
 * posts it served after 13.0-13.9 s with them, 15.0-15.8 s at 30 %, modelling every post.
 */
export function tuneHeapForBuild(): void {
  growHeapBy(30);
  if (pretenuringOff) return;
  pretenuringOff = true;
  v8.setFlagsFromString('--no-allocation-site-pretenuring');
}

/**
 * `read` (the cache index read in) under doubled growth steps, then the steps as they were. While
 * the cache index is read, the live heap grows sixfold, and at 30 % growth each step collected all
 * of it again (six full collections at 20,000 posts). V8's own growth, up to fourfold, was worse
 * afterwards: a growth step is set by the last full collection, so when the read's last one came
 * late the render ran on to the end without another, and an added post's rebuild at 20,000 posts
 * peaked at some 310 MiB instead of some 260.
 */
export function whileReadingIndex<T>(read: () => T): T {
  const before = growingPercent;
  growHeapBy(100);
  try {
    return read();
  } finally {
    growHeapBy(before);
  }
}
