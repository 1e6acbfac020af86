// Remembering the results of a pure function, with memory kept flat.

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
