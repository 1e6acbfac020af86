// The load stage: post files to `LoadedPost`s.
import type { Diagnostic } from '../diagnostics.js';
import type { LoadedPost } from '../types.js';
import { decodePostBytes } from './decode.js';
import { findPostFiles, type PostFile } from './find-posts.js';
import { parsePostFilename } from './filename.js';
import { splitFrontMatter, type SplitPost } from './front-matter.js';
import { renderMarkdown } from './markdown.js';
import { postFields } from './post-fields.js';
import { readPostBytes } from './read.js';
import { hasEmptyTitle, titleFromBody } from './repair-quirks.js';

export { findPostFiles, type PostFile } from './find-posts.js';
export { readPostBytes } from './read.js';
export { parsePostFilename, titleFromSlug } from './filename.js';

/** Reads one post file; problems go to `problems`, and undefined means the post cannot be built. */
export function loadPost(file: PostFile, timeZone: string, problems: Diagnostic[]): LoadedPost | undefined {
  const bytes = readPostBytes(file, problems);
  return bytes && loadPostBytes(file, bytes, timeZone, problems);
}

/** Builds a post from a file's bytes, already read (the build cache reads them to hash them). */
export function loadPostBytes(file: PostFile, bytes: Uint8Array, timeZone: string, problems: Diagnostic[]): LoadedPost | undefined {
  const decoded = decodePostBytes(bytes);
  if ('error' in decoded) {
    problems.push({ severity: 'error', file: file.sourcePath, line: 1, message: decoded.error });
    return undefined;
  }
  if (decoded.warning) problems.push({ severity: 'warning', file: file.sourcePath, line: 1, message: decoded.warning });
  const split = splitFrontMatter(decoded.text, parsePostFilename(file.sourcePath.slice(file.sourcePath.lastIndexOf('/') + 1)).date);
  if (!('data' in split)) {
    problems.push({ severity: 'error', file: file.sourcePath, line: split.line, message: split.message, hint: split.hint });
    return undefined;
  }
  for (const repair of split.repairs) problems.push({ severity: 'warning', file: file.sourcePath, ...repair });
  for (const error of split.unrepaired) problems.push({ severity: 'error', file: file.sourcePath, ...error });
  const titled = !hasEmptyTitle(split.data) || repairEmptyTitle(file.sourcePath, split, problems);
  if (!titled || split.unrepaired.length) return undefined;
  const fields = postFields(file.sourcePath, split, { timeZone, isInDraftsFolder: file.isInDraftsFolder }, problems);
  if (!fields) return undefined;
  return { ...fields, html: renderMarkdown(split.body) };
}

/** Takes an empty `title:` from the body's heading or first line; false (with an error) when none is certain. */
function repairEmptyTitle(sourcePath: string, split: SplitPost, problems: Diagnostic[]): boolean {
  const line = split.keyLines.title ?? split.openLine;
  const found = titleFromBody(split.body);
  if (!found) {
    problems.push({ severity: 'error', file: sourcePath, line, message: '"title:" is empty and the body does not start with a heading or a short first line to take it from', hint: 'write the title after "title:"' });
    return false;
  }
  split.data.title = found.title;
  split.body = found.body;
  problems.push({ severity: 'warning', file: sourcePath, line, message: `repaired the empty "title:": took the title ${JSON.stringify(found.title)} from line ${split.bodyLine + found.lineIndex} of the body` });
  return true;
}
