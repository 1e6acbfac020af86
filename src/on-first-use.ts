// Loading a big dependency when it is first needed, not at start-up.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/**
 * A CommonJS module, loaded on the first call instead of at start-up: for big dependencies that
 * some builds never use. A rebuild that keeps the site whole places no post and renders no page,
 * and loading pinyin-pro and Nunjucks was about a sixth of its time at 20,000 posts.
 */
export function onFirstUse<T>(specifier: string): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= require(specifier) as T);
}
