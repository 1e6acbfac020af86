// A file of length-prefixed v8-serialized records, written a batch of values at a time and read a
// few MB at a time: one serialization of a 100,000-post index would need its whole size (and more)
// in memory at once.
// Each record holds a batch of values: one serialization per value left ~6 KB of native memory
// behind per call until the next full GC (140 MB for a 20,000-post index), and took twice as long.
import fs from 'node:fs';
import v8 from 'node:v8';

const CHUNK = 4 << 20;
const BATCH = 128;

/** Bytes of an earlier record file to copy as they are: [offset, length] spans, each whole batches. */
export interface CopiedBatches {
  file: string;
  spans: [offset: number, length: number][];
}

/**
 * Writes values to a record file as they come: every BATCH values make a record, 4 bytes of length
 * then the batch's v8 serialization. Then, if asked, batches of another record file, byte for byte:
 * serializing a batch again costs far more than copying it.
 */
export class RecordWriter {
  private readonly fd: number;
  private open = true;
  private batch: unknown[] = [];

  constructor(readonly file: string) {
    this.fd = fs.openSync(file, 'w');
  }

  add(value: unknown): void {
    this.batch.push(value);
    if (this.batch.length >= BATCH) this.seal();
  }

  /** Appends the `copied` batches, after the values added so far. */
  copy(copied: CopiedBatches): void {
    this.seal();
    if (copied.spans.length) copyBatches(copied, this.fd);
  }

  /** Writes the last values and closes the file. */
  end(): void {
    this.seal();
    this.close();
  }

  /** Deletes the file, finished or not. */
  abandon(): void {
    this.close();
    fs.rmSync(this.file, { force: true });
  }

  private close(): void {
    if (this.open) fs.closeSync(this.fd);
    this.open = false;
  }

  // Each batch straight to the file: gathering them into bigger writes made copies that lingered.
  private seal(): void {
    if (!this.batch.length) return;
    const body = v8.serialize(withDenseArrays(this.batch));
    const head = Buffer.allocUnsafe(4);
    head.writeUInt32LE(body.length);
    fs.writevSync(this.fd, [head, body]);
    this.batch = [];
  }
}

/**
 * `value` with every array in it dense, ready for v8.serialize. Arrays that came from another
 * thread or from an earlier deserialization are "holey" to V8, which serializes them as sparse
 * (index, value) pairs: those read back slower, and each with room for 16 elements (7 MB more heap
 * for the index of 20,000 posts). Arrays and plain objects are copied on the way, own enumerable
 * fields only (what v8.serialize writes); other objects, such as dates, are kept as they are.
 */
function withDenseArrays(value: unknown): unknown {
  if (Array.isArray(value)) {
    // Pushed one by one: an array made by `map` or with a length can be holey itself.
    const dense: unknown[] = [];
    for (const item of value) dense.push(withDenseArrays(item));
    return dense;
  }
  if (value === null || typeof value !== 'object' || Object.prototype.toString.call(value) !== '[object Object]') return value;
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) copy[key] = withDenseArrays((value as Record<string, unknown>)[key]);
  return copy;
}

function copyBatches({ file, spans }: CopiedBatches, to: number): void {
  const from = fs.openSync(file, 'r');
  try {
    let buffer = Buffer.allocUnsafe(CHUNK);
    for (const [offset, length] of spans) {
      if (buffer.length < length) buffer = Buffer.allocUnsafe(length);
      if (fs.readSync(from, buffer, 0, length, offset) !== length) throw new Error('truncated record file');
      fs.writeSync(to, buffer, 0, length);
    }
  } finally {
    fs.closeSync(from);
  }
}

/** One batch as stored: where its bytes lie in the file (length prefix included), and its values. */
export interface RecordBatch {
  offset: number;
  length: number;
  values: unknown[];
}

/**
 * Reads the batches back in order; throws on a truncated file or one of another format. One buffer
 * serves the whole file: a new one per read lingered, 20 MB of them at 20,000 posts, until the next
 * full collection.
 */
export function* readRecordBatches(file: string): Generator<RecordBatch> {
  const fd = fs.openSync(file, 'r');
  try {
    let buffer = Buffer.allocUnsafe(CHUNK);
    // The bytes read and not yet taken lie in buffer[start, end); `base` is where the buffer starts in the file.
    let start = 0;
    let end = 0;
    let base = 0;
    for (;;) {
      const need = end - start >= 4 ? 4 + buffer.readUInt32LE(start) : 4;
      if (end - start < need) {
        if (need > buffer.length) buffer = Buffer.concat([buffer.subarray(start, end)], need);
        else buffer.copyWithin(0, start, end);
        base += start;
        end -= start;
        start = 0;
        const read = fs.readSync(fd, buffer, end, buffer.length - end, null);
        if (read === 0) {
          if (end === 0) return;
          throw new Error('truncated record file');
        }
        end += read;
        continue;
      }
      const values: unknown = v8.deserialize(buffer.subarray(start + 4, start + need));
      if (!Array.isArray(values)) throw new Error('not a record file of this version');
      yield { offset: base + start, length: need, values };
      start += need;
    }
  } finally {
    fs.closeSync(fd);
  }
}
