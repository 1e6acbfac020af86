// Remembering the results of a pure function, with memory kept flat.

/** A remembered function; `learn` stores a result known from elsewhere (an earlier run of the same function). */
export interface Remembered<K, V> {
  (key: K): V;
  learn(key: K, value: V): void;
}

/**
 * `compute`, remembered per key: at most `limit` results are kept, then all are forgotten at once
 * (cheaper than tracking which is oldest, and the hot keys come back at once). For pure functions
 * only, called on the hot paths with the same few keys over and over.
 */
export function remember<K, V>(compute: (key: K) => V, limit: number): Remembered<K, V> {
  const known = new Map<K, V>();
  const learn = (key: K, value: V) => {
    if (known.size >= limit) known.clear();
    known.set(key, value);
  };
  const remembered = (key: K) => {
    let value = known.get(key);
    if (value === undefined) learn(key, (value = compute(key)));
    return value;
  };
  return Object.assign(remembered, { learn });
}
