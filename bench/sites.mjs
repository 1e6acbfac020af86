// The tools under test: how to lay out each one's site on a corpus, and the commands that build it.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = fileURLToPath(new URL('..', import.meta.url));
export const SHARED_BENCH = path.resolve(REPO, '..', 'shared', 'bench');
const CLI = path.join(REPO, 'lib', 'cli.js');

/**
 * One tool: `setup` copies the corpus into its site, `postsDir` is where its posts live, `output`
 * is what check-pages.mjs counts, `deletes` its output and caches; `build` builds the site, and
 * `rebuild` (when it differs) rebuilds it over what the last build left.
 */
export function tools(work, peersDir) {
  const eleventy = path.join(peersDir, 'node_modules', '.bin', 'eleventy');
  return {
    newsarchive: {
      builds: 'articles, home, category and tag pages (pinyin tag URLs) + year/month archives, term indexes, 404, Atom feeds (site + 30 categories), sitemap, robots.txt',
      setup(site, corpus) {
        fs.cpSync(path.join(corpus, '_posts'), path.join(site, 'posts'), { recursive: true });
        // The peers' URL scheme, so check-pages.mjs finds the articles at /posts/<id>/.
        // Search off here: no peer indexes, so indexing is timed on its own (`withSearch`).
        const config = 'title: 新闻存档\nurl: https://example.com\npermalink: /posts/:title/\npageSize: 20\n';
        fs.writeFileSync(path.join(site, 'newsarchive.yml'), `${config}search: false\n`);
        fs.writeFileSync(path.join(site, 'newsarchive-search.yml'), `${config}search: true\n`);
      },
      /** The same cold build with the search index, into another folder. */
      withSearch: (site) => `cd ${site} && rm -rf dist-search .cache && node ${CLI} build --config newsarchive-search.yml --out dist-search`,
      /** A build with the search index over what the last one left in that folder. */
      rebuildWithSearch: (site) => `cd ${site} && node ${CLI} build --config newsarchive-search.yml --out dist-search`,
      postsDir: 'posts',
      output: 'dist',
      deletes: ['dist', '.cache'],
      build: `node ${CLI} build`,
    },
    hugo: {
      builds: 'articles, home, category and tag pages (+ one page/1/ redirect stub per list)',
      setup(site, corpus) {
        fs.cpSync(path.join(SHARED_BENCH, 'peers', 'hugo'), site, { recursive: true });
        fs.cpSync(path.join(corpus, '_posts'), path.join(site, 'content', 'posts'), { recursive: true });
      },
      postsDir: 'content/posts',
      output: 'public',
      available: () => fs.existsSync('/usr/bin/hugo'),
      deletes: ['public', 'resources'],
      build: 'hugo',
    },
    eleventy: {
      builds: 'articles, home, category and tag pages',
      setup(site, corpus) {
        const peer = path.join(SHARED_BENCH, 'peers', 'eleventy');
        for (const name of ['eleventy.config.mjs', '_includes', 'index.njk', 'category.njk', 'tag.njk']) fs.cpSync(path.join(peer, name), path.join(site, name), { recursive: true });
        fs.cpSync(path.join(corpus, '_posts'), path.join(site, '_posts'), { recursive: true });
        fs.copyFileSync(path.join(peer, 'posts.11tydata.mjs'), path.join(site, '_posts', '_posts.11tydata.mjs'));
      },
      postsDir: '_posts',
      output: '_site',
      available: () => fs.existsSync(eleventy),
      install() {
        fs.mkdirSync(peersDir, { recursive: true });
        if (!fs.existsSync(path.join(peersDir, 'package.json'))) fs.writeFileSync(path.join(peersDir, 'package.json'), '{"private":true}\n');
        execFileSync('npm', ['install', '--no-audit', '--no-fund', '@11ty/eleventy@3'], { cwd: peersDir, stdio: 'inherit' });
      },
      deletes: ['_site', '.cache'],
      build: eleventy,
      // A one-off --incremental build: Eleventy's closest thing to a rebuild that may skip work.
      rebuild: `${eleventy} --incremental`,
    },
  };
}

/** A cold build, as ../shared/bench/RESULTS.md times it: the output and caches deleted, then the build. */
export function coldCommand(tool, site) {
  return `cd ${site} && rm -rf ${tool.deletes.join(' ')} && ${tool.build}`;
}

/** A build over the output and caches the last one left. */
export function warmCommand(tool, site) {
  return `cd ${site} && ${tool.rebuild ?? tool.build}`;
}
