// One post file loaded and cleaned in this thread: dev mode's way, kept out of build.ts so that a
// build's main thread, which hands the cleaning to workers, never loads the parser.
import { cleanOptionsOf } from './build.js';
import { cleanPost } from './clean/index.js';
import type { ResolvedConfig } from './config.js';
import type { Diagnostic } from './diagnostics.js';
import { loadPost, loadPostBytes, type PostFile } from './load/index.js';
import type { Post } from './types.js';

/** Loads and cleans one post file (from its `bytes`, when read already); undefined (with problems) when it cannot be built. */
export function readPost(file: PostFile, config: ResolvedConfig, problems: Diagnostic[], bytes?: Uint8Array): Post | undefined {
  const loaded = bytes ? loadPostBytes(file, bytes, config.timeZone, problems) : loadPost(file, config.timeZone, problems);
  return loaded && cleanPost(loaded, cleanOptionsOf(config), problems);
}
