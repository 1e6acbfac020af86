// Loading a big dependency when it is first needed, not at start-up.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** The loaders of modules not loaded yet. */
const notLoaded = new Set<() => unknown>();

/**
 * A CommonJS module, loaded on the first call instead of at start-up: for big dependencies that
 * some builds never use. A rebuild that keeps the site whole places no post and renders no page,
 * and loading pinyin-pro and Nunjucks was about a sixth of its time at 20,000 posts.
 */
export function onFirstUse<T>(specifier: string): () => T {
  let loaded: T | undefined;
  const load = (): T => {
    if (loaded === undefined) {
      loaded = require(specifier) as T;
      notLoaded.delete(load);
    }
    return loaded;
  };
  notLoaded.add(load);
  return load;
}

/**
 * Loads now every module still waiting for its first use: for a thread with nothing else to do
 * meanwhile, such as this one while the workers clean the posts a build will then model and render.
 */
export function loadWaitingModules(): void {
  for (const load of [...notLoaded]) load();
}
