// Posts are decoded through ICU's UTF-8 to UTF-16 converter rather than V8's UTF-8 decoder (several
// times faster on Chinese text). The text must be exactly what V8's decoder gives: every
// character, astral ones, BOMs and line endings included.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { decodePostBytes, validUtf8ToString } from '../src/load/decode.ts';

/** Text as posts hold it: Chinese, ASCII, full-width and astral characters, BOMs, CR and LF. */
const postText = fc.array(
  fc.oneof(
    fc.string({ unit: 'binary', maxLength: 20 }),
    fc.stringMatching(/^[\u4e00-\u9fff\u3000-\u303f\uff00-\uffef]{1,30}$/),
    fc.constantFrom('\ufeff', '\r\n', '\r', '\n', '😀', '𠀋', 'é', '<p>', ' '),
  ),
  { maxLength: 30 },
).map((parts) => parts.join('').replace(/\0/g, ''));

test('validUtf8ToString gives exactly what V8 decodes from valid UTF-8', () => {
  fc.assert(
    fc.property(postText, (text) => {
      const bytes = Buffer.from(text, 'utf8');
      assert.equal(validUtf8ToString(bytes), bytes.toString('utf8'));
    }),
    { numRuns: 2000 },
  );
  assert.equal(validUtf8ToString(Buffer.alloc(0)), '');
});

test('decodePostBytes drops one BOM (two after a BOM), turns CR and CRLF into LF, keeps the rest', () => {
  fc.assert(
    fc.property(postText, fc.constantFrom('', '\ufeff', '\ufeff\ufeff', '\ufeff\ufeff\ufeff'), (text, boms) => {
      const bytes = Buffer.from(boms + text, 'utf8');
      const decoded = decodePostBytes(bytes);
      assert.ok('text' in decoded);
      const all = boms + text;
      // V8's reading of the same bytes, with the BOMs a fatal TextDecoder drops.
      const dropped = all.startsWith('\ufeff\ufeff') ? all.slice(2) : all.startsWith('\ufeff') ? all.slice(1) : all;
      assert.equal(decoded.text, dropped.replace(/\r\n?/g, '\n'));
    }),
    { numRuns: 2000 },
  );
});
