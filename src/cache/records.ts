// A file of length-prefixed v8-serialized records, written and read a few MB at a time: one
// serialization of a 100,000-post index would need its whole size (and more) in memory at once.
import fs from 'node:fs';
import v8 from 'node:v8';

const CHUNK = 4 << 20;

/** Writes each value as a record: 4 bytes of length, then its v8 serialization. */
export function writeRecords(file: string, values: Iterable<unknown>): void {
  const fd = fs.openSync(file, 'w');
  try {
    let pending: Buffer[] = [];
    let size = 0;
    const flush = () => {
      if (size) fs.writeSync(fd, Buffer.concat(pending, size));
      pending = [];
      size = 0;
    };
    for (const value of values) {
      const body = v8.serialize(value);
      const head = Buffer.allocUnsafe(4);
      head.writeUInt32LE(body.length);
      pending.push(head, body);
      size += 4 + body.length;
      if (size >= CHUNK) flush();
    }
    flush();
  } finally {
    fs.closeSync(fd);
  }
}

/** Reads the records back in order; throws on a truncated file. */
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
      yield v8.deserialize(buffer.subarray(offset + 4, offset + 4 + length));
      offset += 4 + length;
    }
  } finally {
    fs.closeSync(fd);
  }
}
