// A file of length-prefixed v8-serialized records, written a batch of values at a time and read a
// few MB at a time: one serialization of a 100,000-post index would need its whole size (and more)
// in memory at once.
// Each record holds a batch of values: one serialization per value left ~6 KB of native memory
// behind per call until the next full GC (140 MB for a 20,000-post index), and took twice as long.
import fs from 'node:fs';
import v8 from 'node:v8';

const CHUNK = 4 << 20;
const BATCH = 128;

/** Writes the values in batches, each a record: 4 bytes of length, then the batch's v8 serialization. */
export function writeRecords(file: string, values: Iterable<unknown>): void {
  const fd = fs.openSync(file, 'w');
  try {
    let batch: unknown[] = [];
    // Each batch straight to the file: gathering them into bigger writes made copies that lingered.
    const seal = () => {
      if (!batch.length) return;
      const body = v8.serialize(batch);
      const head = Buffer.allocUnsafe(4);
      head.writeUInt32LE(body.length);
      fs.writevSync(fd, [head, body]);
      batch = [];
    };
    for (const value of values) {
      batch.push(value);
      if (batch.length >= BATCH) seal();
    }
    seal();
  } finally {
    fs.closeSync(fd);
  }
}

/** Reads the values back in order; throws on a truncated file or one of another format. */
export function* readRecords(file: string): Generator<unknown> {
  const fd = fs.openSync(file, 'r');
  try {
    let buffer = Buffer.alloc(0);
    let offset = 0;
    for (;;) {
      if (buffer.length - offset < 4 || buffer.length - offset < 4 + buffer.readUInt32LE(offset)) {
        const need = buffer.length - offset >= 4 ? 4 + buffer.readUInt32LE(offset) : 4;
        const chunk = Buffer.allocUnsafe(Math.max(CHUNK, need));
        const read = fs.readSync(fd, chunk, 0, chunk.length, null);
        if (read === 0) {
          if (offset === buffer.length) return;
          throw new Error('truncated record file');
        }
        buffer = Buffer.concat([buffer.subarray(offset), chunk.subarray(0, read)]);
        offset = 0;
        continue;
      }
      const length = buffer.readUInt32LE(offset);
      const batch: unknown = v8.deserialize(buffer.subarray(offset + 4, offset + 4 + length));
      if (!Array.isArray(batch)) throw new Error('not a record file of this version');
      yield* batch;
      offset += 4 + length;
    }
  } finally {
    fs.closeSync(fd);
  }
}
