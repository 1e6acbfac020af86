// cheerio's `load`, imported without the rest of cheerio's main entry.
import type { load as Load } from 'cheerio';

/**
 * The address of the module that defines the `load` cheerio's main entry re-exports (`export * from './load-parse.js'`).
 * The main entry also imports undici, encoding-sniffer and parse5-parser-stream for `fromURL`,
 * `loadBuffer` and the stream API, which the build never uses: two thirds of the ~0.2 s CPU each
 * load and clean thread spent importing cheerio. Same module, same function (test/clean-cheerio-load
 * proves it against `cheerio` itself); where a cheerio release moves the file, the main entry is used.
 */
export function cheerioLoadModuleUrl(): string {
  return new URL('./load-parse.js', import.meta.resolve('cheerio')).href;
}

/** cheerio's `load`, from its own module when it is where this release keeps it. */
export async function loadCheerioLoad(): Promise<typeof Load> {
  try {
    const module = (await import(cheerioLoadModuleUrl())) as { load?: typeof Load };
    if (typeof module.load === 'function') return module.load;
  } catch {
    // Not there in this release: fall back below.
  }
  return (await import('cheerio')).load;
}
