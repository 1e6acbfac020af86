// The site's largest files (feeds, the sitemap) made as UTF-8 bytes from their parts.

/**
 * The UTF-8 bytes of `parts` joined, in a buffer that owns its memory, so the writer thread can
 * take it without a copy. The text as one string is never made: a string of a feed's size (some
 * 500 KB at 20,000 posts) is born outside V8's young generation, and each one joined or flattened
 * to be encoded stayed until the next full collection, which in a build comes late. Made so, the
 * feeds and the sitemap took some 8 MiB off a cold 20,000-post build's peak (left out altogether,
 * 18 MiB). Each part is encoded alone: a part should be of a page's size, not the whole file's, and
 * no surrogate pair may be split between two parts.
 */
export function utf8Of(parts: readonly string[]): Buffer {
  let size = 0;
  for (const part of parts) size += Buffer.byteLength(part, 'utf8');
  const bytes = Buffer.allocUnsafeSlow(size);
  let at = 0;
  for (const part of parts) at += bytes.write(part, at, 'utf8');
  return bytes;
}

/** A file's text (`render`, which dev serves) and its UTF-8 bytes (`bytes`, which a build writes), both from the parts `parts` makes. */
export function fromParts(parts: () => readonly string[]): { render(): string; bytes(): Buffer } {
  return { render: () => parts().join(''), bytes: () => utf8Of(parts()) };
}
