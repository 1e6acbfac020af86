// Bytes to text: UTF-8 (with or without BOM), UTF-16 with BOM, GB18030 as a fallback.
import { Buffer, isUtf8, transcode } from 'node:buffer';
import { TextDecoder } from 'node:util';

/** The text of a file, or why it has none. */
export type Decoded = { text: string; warning?: string } | { error: string };

const gb18030 = new TextDecoder('gb18030', { fatal: true });

/** Decodes a post file; line endings become `\n` and a BOM is dropped. */
export function decodePostBytes(bytes: Uint8Array): Decoded {
  const decoded = decodeText(bytes);
  if ('error' in decoded || !decoded.text.includes('\r')) return decoded;
  return { ...decoded, text: decoded.text.replace(/\r\n?/g, '\n') };
}

function decodeText(bytes: Uint8Array): Decoded {
  if (isBom(bytes)) return decodeUtf8(bytes.subarray(3));
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return tryDecode(new TextDecoder('utf-16le', { fatal: true }), bytes.subarray(2), 'UTF-16');
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return tryDecode(new TextDecoder('utf-16be', { fatal: true }), bytes.subarray(2), 'UTF-16');
  if (bytes.includes(0)) return { error: 'not a text file (it holds NUL bytes)' };
  const asUtf8 = decodeUtf8(bytes);
  if (!('error' in asUtf8)) return asUtf8;
  const asGb = tryDecode(gb18030, bytes, 'GB18030');
  if ('error' in asGb || hasControlCharacters(asGb.text) || !looksLikeGbText(bytes)) {
    return { error: 'neither valid UTF-8 nor GBK/GB18030 text (Big5, Shift-JIS or Latin-1?); save the file as UTF-8' };
  }
  return { text: asGb.text, warning: 'read as GB18030 (GBK) because it is not valid UTF-8; consider saving it as UTF-8' };
}

function isBom(bytes: Uint8Array): boolean {
  return bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
}

/**
 * Strict UTF-8 as a fatal TextDecoder reads it (dropping one more BOM at the start, as it does),
 * through Buffer's validator and ICU's converter instead: several times faster, on every post.
 */
function decodeUtf8(bytes: Uint8Array): Decoded {
  if (!isUtf8(bytes)) return { error: 'not valid UTF-8' };
  const text = isBom(bytes) ? bytes.subarray(3) : bytes;
  return { text: validUtf8ToString(Buffer.from(text.buffer, text.byteOffset, text.byteLength)) };
}

/**
 * Valid UTF-8 bytes as a string. V8's own UTF-8 decoder (`toString('utf8')`) reads Chinese text at
 * a fifth of the speed of ICU's converter to UTF-16 plus a copy: the biggest cost of reading a
 * post. Both keep every BOM; a Node built without ICU has no `transcode`.
 */
export function validUtf8ToString(bytes: Buffer): string {
  return typeof transcode === 'function' ? transcode(bytes, 'utf8', 'utf16le').toString('utf16le') : bytes.toString('utf8');
}

function tryDecode(decoder: TextDecoder, bytes: Uint8Array, name: string): Decoded {
  try {
    return { text: decoder.decode(bytes) };
  } catch {
    return { error: `not valid ${name}` };
  }
}

// GB18030 accepts most two-byte sequences, so Big5, Shift-JIS or Latin-1 text decodes "cleanly"
// into nonsense. Real GBK news text is almost all GB2312 (lead 0xA1–0xF7, trail 0xA1–0xFE): its
// common characters and full-width punctuation. Demand that of nine in ten multi-byte characters.
function looksLikeGbText(bytes: Uint8Array): boolean {
  let multi = 0;
  let common = 0;
  for (let i = 0; i < bytes.length; i++) {
    const lead = bytes[i];
    if (lead < 0x80) continue;
    multi++;
    const trail = bytes[i + 1] ?? 0;
    if (trail >= 0x30 && trail <= 0x39) {
      i += 3; // a four-byte GB18030 sequence: rare characters
      continue;
    }
    if (lead >= 0xa1 && lead <= 0xf7 && trail >= 0xa1 && trail <= 0xfe) common++;
    i++;
  }
  return multi > 0 && common >= multi * 0.9;
}

// GB18030 maps nearly every byte sequence to something: binary data decodes "cleanly" into
// control characters, which real text never holds.
function hasControlCharacters(text: string): boolean {
  return /[\u0000-\u0008\u000e-\u001f\u007f]/.test(text);
}
