// Remembering the results of a pure function, with memory kept flat; loading a module once, when
// it is first needed.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/**
 * A CommonJS module, loaded on the first call instead of at start-up: for big dependencies that
 * some builds never use. A rebuild that keeps the site whole places no post and renders no page,
 * and loading pinyin-pro and Nunjucks was about a sixth of its time at 20,000 posts.
 */
export function onFirstUse<T>(specifier: string): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= require(specifier) as T);
}

/**
 * `compute`, remembered per key: at most `limit` results are kept, then all are forgotten at once
 * (cheaper than tracking which is oldest, and the hot keys come back at once). For pure functions
 * only, called on the hot paths with the same few keys over and over.
 */
export function remember<K, V>(compute: (key: K) => V, limit: number): (key: K) => V {
  const known = new Map<K, V>();
  return (key) => {
    let value = known.get(key);
    if (value === undefined) {
      value = compute(key);
      if (known.size >= limit) known.clear();
      known.set(key, value);
    }
    return value;
  };
}
