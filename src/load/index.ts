// The load stage: post files to `LoadedPost`s.
import fs from 'node:fs';
import type { Diagnostic } from '../diagnostics.js';
import type { LoadedPost } from '../types.js';
import { decodePostBytes } from './decode.js';
import { findPostFiles, type PostFile } from './find-posts.js';
import { splitFrontMatter } from './front-matter.js';
import { renderMarkdown } from './markdown.js';
import { postFields } from './post-fields.js';

export { findPostFiles, type PostFile } from './find-posts.js';
export { parsePostFilename, titleFromSlug } from './filename.js';

/** Reads one post file; problems go to `problems`, and undefined means the post cannot be built. */
export function loadPost(file: PostFile, timeZone: string, problems: Diagnostic[]): LoadedPost | undefined {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file.absolutePath);
  } catch (err) {
    problems.push({ severity: 'error', file: file.sourcePath, message: `cannot read the file: ${(err as NodeJS.ErrnoException).code ?? err}` });
    return undefined;
  }
  return loadPostBytes(file, bytes, timeZone, problems);
}

/** Builds a post from a file's bytes, already read (the build cache reads them to hash them). */
export function loadPostBytes(file: PostFile, bytes: Uint8Array, timeZone: string, problems: Diagnostic[]): LoadedPost | undefined {
  const decoded = decodePostBytes(bytes);
  if ('error' in decoded) {
    problems.push({ severity: 'error', file: file.sourcePath, line: 1, message: decoded.error });
    return undefined;
  }
  if (decoded.warning) problems.push({ severity: 'warning', file: file.sourcePath, line: 1, message: decoded.warning });
  const split = splitFrontMatter(decoded.text);
  if (!('data' in split)) {
    problems.push({ severity: 'error', file: file.sourcePath, line: split.line, message: split.message, hint: split.hint });
    return undefined;
  }
  const fields = postFields(file.sourcePath, split, { timeZone, isInDraftsFolder: file.isInDraftsFolder }, problems);
  if (!fields) return undefined;
  return { ...fields, html: renderMarkdown(split.body) };
}

/** Finds and reads every post under `postsDir`. */
export function loadPosts(root: string, postsDir: string, timeZone: string, problems: Diagnostic[]): LoadedPost[] {
  const posts: LoadedPost[] = [];
  for (const file of findPostFiles(root, postsDir, problems)) {
    const post = loadPost(file, timeZone, problems);
    if (post) posts.push(post);
  }
  return posts;
}
