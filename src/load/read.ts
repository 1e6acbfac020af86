// Reading a post file's bytes, with a clear word for each way it can fail. Kept apart from the
// parsers so that a cache check (hash the bytes, skip the post) never loads markdown-it or cheerio.
import fs from 'node:fs';
import type { Diagnostic } from '../diagnostics.js';
import type { PostFile } from './find-posts.js';

export type { PostFile } from './find-posts.js';

/** The bytes of a post file, or undefined with an error saying why it could not be read. */
export function readPostBytes(file: PostFile, problems: Diagnostic[]): Buffer | undefined {
  try {
    return fs.readFileSync(file.absolutePath);
  } catch (err) {
    problems.push({ severity: 'error', file: file.sourcePath, message: readFailure(err as NodeJS.ErrnoException) });
    return undefined;
  }
}

function readFailure(err: NodeJS.ErrnoException): string {
  if (err.code === 'ENOENT') return 'the file disappeared while the build was reading it';
  if (err.code === 'EACCES' || err.code === 'EPERM') return 'cannot read the file: permission denied';
  if (err.code === 'EISDIR') return 'cannot read the file: it became a folder while the build was reading it';
  return `cannot read the file: ${err.code ?? err.message}`;
}
