// Dev mode's start takes the posts a build cleaned from the build cache, and serves what a fresh build writes.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { load } from 'cheerio';
import { buildSite } from '../src/build.ts';
import { resolveConfig } from '../src/config.ts';
import { DevSite } from '../src/dev-site.ts';
import { LastBuild } from '../src/dev/last-build.ts';
import { THEME_TEMPLATES } from '../src/render/index.ts';
import { emptyChangeSet, SiteStore } from '../src/serve/index.ts';
import { CORPUS_DIR } from './clean-helpers.ts';
import { servedText } from './dev-helpers.ts';
import { coldSnapshot, makeSite, post } from './helpers.ts';

/** A site of the corpus's dated posts, three to a listing page. */
function corpusSite(): { site: string; posts: string[] } {
  const names = fs.readdirSync(path.join(CORPUS_DIR, '_posts')).filter((n) => /^\d{4}-\d{2}-\d{2}-.+\.md$/.test(n)).sort();
  assert.ok(names.length >= 6, 'the corpus has its posts');
  const files: Record<string, string | Buffer> = { 'newsarchive.yml': 'title: 存档\npageSize: 3\nsearch: false\n' };
  for (const name of names) files[`posts/${name}`] = fs.readFileSync(path.join(CORPUS_DIR, '_posts', name));
  return { site: makeSite(files), posts: names };
}

async function buildInProcess(site: string): Promise<void> {
  // In this process, as dev runs: the cache's key covers the code that cleans, and the tests run it from src/.
  const { config } = resolveConfig(site, undefined, { search: false });
  await buildSite({ config, includeDrafts: false, includeFuture: false, skipInvalid: false });
}

function devStart(site: string) {
  const { config } = resolveConfig(site, undefined, { search: false });
  const store = new SiteStore();
  const dev = new DevSite({ config, includeDrafts: false, includeFuture: false });
  const report = dev.rebuild(emptyChangeSet(), store, true);
  assert.equal(report.ok, true);
  return { report, store, dev };
}

/** Every page a cold CLI build of `site` writes equals the one dev serves, and dev serves no other. */
function assertServesFreshBuild(site: string, store: SiteStore): void {
  const pages = [...coldSnapshot(site)].filter(([file]) => !file.startsWith('assets'));
  for (const [file, contents] of pages) assert.equal(servedText(store, file.split(path.sep).join('/')), contents, file);
  assert.equal(store.pages.size, pages.length);
}

test('dev starts from the posts a build cleaned: an edited file is read again, a touched one is known by its bytes', async () => {
  const { site, posts } = corpusSite();
  await buildInProcess(site);
  const edited = path.join(site, 'posts', posts[2]);
  fs.appendFileSync(edited, '\n\n<p>编辑后加的一段。</p>\n');
  const touched = path.join(site, 'posts', posts[5]);
  fs.utimesSync(touched, new Date(), new Date(Date.now() + 5000));

  const { report, store } = devStart(site);
  assert.equal(report.postsRead, posts.length);
  assert.equal(report.postsFromCache, posts.length - 1);
  const editedPage = [...store.pages.values()].map((page) => page.text()).find((html) => html.includes('编辑后加的一段。'));
  assert.ok(editedPage, 'the edited post is served as it is now');
  assert.ok(load(editedPage)('p').toArray().some((p) => load(p).text() === '编辑后加的一段。'));
  assertServesFreshBuild(site, store);
});

test('a cache made under other settings is not used, and dev serves what those settings build', async () => {
  const { site, posts } = corpusSite();
  await buildInProcess(site);
  // The time zone shapes a post's date as it is read: every cached post is another's now.
  fs.writeFileSync(path.join(site, 'newsarchive.yml'), 'title: 存档\npageSize: 3\nsearch: false\ntimeZone: America/New_York\n');
  const { report, store } = devStart(site);
  assert.equal(report.postsRead, posts.length);
  assert.equal(report.postsFromCache, undefined);
  assertServesFreshBuild(site, store);
});

test('without a build cache, dev reads every post itself', () => {
  const { site, posts } = corpusSite();
  const { report, store } = devStart(site);
  assert.equal(report.postsRead, posts.length);
  assert.equal(report.postsFromCache, undefined);
  assertServesFreshBuild(site, store);
});

test('a cache whose HTML is gone is read past: dev reads those posts itself and serves what a build writes', async () => {
  const { site, posts } = corpusSite();
  await buildInProcess(site);
  fs.rmSync(path.join(site, '.cache', 'posts', 'html'), { recursive: true });
  const { report, store } = devStart(site);
  assert.equal(report.postsRead, posts.length);
  assert.equal(report.postsFromCache, undefined);
  assertServesFreshBuild(site, store);
});

test('dev serves the pages the last build wrote without rendering them, and renders those an edit since changed when they are asked for', async () => {
  const { site, posts } = corpusSite();
  await buildInProcess(site);
  const edited = path.join(site, 'posts', posts[2]);
  fs.appendFileSync(edited, '\n\n<p>编辑后加的一段。</p>\n');

  const { report, store } = devStart(site);
  const articles = [...store.pages.keys()].filter((p) => /(^|\/)\d{4}\/\d{2}\/\d{2}\/[^/]+\/index\.html$/.test(p));
  const editedArticle = articles.find((p) => servedText(store, p)!.includes('编辑后加的一段。'));
  assert.ok(articles.length >= 6, 'the corpus\'s posts are articles');
  assert.ok(editedArticle, 'the edited post is served as it is now');
  assert.ok(report.deferred.includes(editedArticle), 'its page is to be rendered');
  // Its neighbours show its title only, which the edit left: they are the build's, like the rest.
  assert.ok(articles.filter((p) => !report.deferred.includes(p)).length >= articles.length - 1, `articles to render: ${report.deferred.filter((p) => articles.includes(p))}`);
  assert.equal(report.pagesFromBuild! + report.deferred.length, store.pages.size);
  assert.equal(report.rendered.length, 0, 'nothing is rendered before it is asked for');
  assertServesFreshBuild(site, store);

  // Without the build's files, each page is rendered when asked for: the same bytes.
  fs.rmSync(path.join(site, 'dist'), { recursive: true });
  assertServesFreshBuild(site, store);
});

test('once another build has run, dev renders the pages it took from the last one instead of reading them', async () => {
  const { site } = corpusSite();
  await buildInProcess(site);
  const { store, report } = devStart(site);
  const taken = [...store.pages.keys()].find((p) => !report.deferred.includes(p) && p.endsWith('index.html'))!;
  assert.ok(taken, 'some page is the build\'s');
  // A file changed behind the build's back is written again by the next build.
  fs.writeFileSync(path.join(site, 'dist', taken), '<p>changed by hand</p>');
  await buildInProcess(site);
  assert.notEqual(fs.readFileSync(path.join(site, 'dist', taken), 'utf8'), '<p>changed by hand</p>');
  assertServesFreshBuild(site, store);
});

test('a page of the last build changed or deleted by hand since is not served as it is: dev renders it', async () => {
  const { site } = corpusSite();
  await buildInProcess(site);
  const { store, report } = devStart(site);
  const [changed, keptSize, deleted] = [...store.pages.keys()].filter((p) => !report.deferred.includes(p) && p.endsWith('index.html'));
  assert.ok(deleted, 'some pages are the build\'s');
  fs.writeFileSync(path.join(site, 'dist', changed), '<p>changed by hand</p>');
  const text = fs.readFileSync(path.join(site, 'dist', keptSize), 'utf8');
  fs.writeFileSync(path.join(site, 'dist', keptSize), text.replace('<html', '<HTML'));
  fs.rmSync(path.join(site, 'dist', deleted));
  assertServesFreshBuild(site, store);
});

test('dev under other settings than the last build renders every page, each when first asked for', async () => {
  const { site } = corpusSite();
  await buildInProcess(site);
  assert.ok(LastBuild.open(resolveConfig(site, undefined, { search: false }).config), 'under the build\'s settings, its pages may be served');
  fs.writeFileSync(path.join(site, 'newsarchive.yml'), 'title: 另一个存档\npageSize: 3\nsearch: false\n');
  // Under others none can be: the last build is not taken at all (and the heap is tuned to render every page).
  assert.equal(LastBuild.open(resolveConfig(site, undefined, { search: false }).config), undefined);
  const { report, store } = devStart(site);
  assert.equal(report.pagesFromBuild, undefined);
  assert.equal(report.deferred.length, store.pages.size);
  assertServesFreshBuild(site, store);
});

test('the cache\'s HTML, deleted while dev serves (as a build may), is still read for the posts dev took from it', async () => {
  const { site } = corpusSite();
  await buildInProcess(site);
  const { store, dev } = devStart(site);
  fs.rmSync(path.join(site, '.cache', 'posts', 'html'), { recursive: true });
  // A changed article template renders every article again, each from its post's HTML.
  const template = fs.readFileSync(path.join(THEME_TEMPLATES, 'post.njk'), 'utf8').replace('<article', '<!-- 新模板 --><article');
  fs.mkdirSync(path.join(site, 'templates'), { recursive: true });
  fs.writeFileSync(path.join(site, 'templates', 'post.njk'), template);
  const report = dev.rebuild({ ...emptyChangeSet(), templates: new Set(['post.njk']) }, store);
  assert.equal(report.ok, true, report.problems.map((p) => p.message).join('\n'));
  assert.ok(report.rendered.filter((p) => servedText(store, p)!.includes('<!-- 新模板 -->')).length >= 6);
  assertServesFreshBuild(site, store);
});

test('each pack of the cache is held open once, however often the posts are read again (a config change reads them all)', { skip: process.platform !== 'linux' && 'counts open files in /proc' }, async () => {
  const { site } = corpusSite();
  await buildInProcess(site);
  const packDir = path.join(site, '.cache', 'posts', 'html');
  const packs = fs.readdirSync(packDir).length;
  assert.ok(packs >= 1, 'the build left its pack');
  const openPacks = () => fs.readdirSync('/proc/self/fd').filter((fd) => {
    try {
      return fs.readlinkSync(`/proc/self/fd/${fd}`).startsWith(packDir + path.sep);
    } catch {
      return false;
    }
  }).length;
  const { store, dev } = devStart(site);
  for (let i = 0; i < 3; i++) {
    dev.reset(dev.config);
    assert.equal(dev.rebuild(emptyChangeSet(), store, true).ok, true);
  }
  assert.equal(openPacks(), packs);
  assertServesFreshBuild(site, store);
});

test('after another build, an edit to a page dev took from the last one counts as a change, so open pages reload', async () => {
  const { site, posts } = corpusSite();
  await buildInProcess(site);
  const { store, dev } = devStart(site);
  await buildInProcess(site);
  const edited = path.join(site, 'posts', posts[2]);
  fs.appendFileSync(edited, '\n\n<p>又一次构建之后的修改。</p>\n');
  const report = dev.rebuild({ ...emptyChangeSet(), posts: new Set([edited]) }, store);
  assert.equal(report.ok, true);
  assert.equal(report.mode, 'edited', 'the post was swapped into the kept model');
  const article = report.rendered.find((p) => servedText(store, p)!.includes('又一次构建之后的修改。'));
  assert.ok(article, 'the edited article is served as it is now');
  assert.ok(report.changed.includes(article), 'and counted as changed');
});

test('a post cleaned ahead on a worker thread is taken while its file keeps its stamp or its bytes; a file changed since is read again', async () => {
  // The compiled modules: a worker thread runs lib/parallel/worker.js.
  const { CachedPostReader } = await import('../lib/dev/cached-posts.js');
  const { findPostFiles } = await import('../lib/build.js');
  const { fileStamp } = await import('../lib/cache/index.js');
  const { resolveConfig: resolveLibConfig } = await import('../lib/config.js');
  const site = makeSite({ 'posts/2022-03-01-a.md': post({ title: '甲' }), 'posts/2022-03-02-b.md': post({ title: '乙' }), 'posts/2022-03-03-c.md': post({ title: '丙' }) });
  const { config } = resolveLibConfig(site, undefined, {});
  const files = findPostFiles(config.root, config.postsDir, []);
  // A stamp is taken as if a while after the write (fresher ones are not trusted); b and c have none, so they are told by their bytes' key.
  const stampOf = (file: { absolutePath: string }) => (file.absolutePath.endsWith('-a.md') ? fileStamp(file.absolutePath, Date.now() + 5000) : undefined);
  const stamps = files.map(stampOf);
  assert.equal(stamps.filter(Boolean).length, 1);
  const reader = new CachedPostReader(config);
  process.env.NEWSARCHIVE_THREADS = '2';
  try {
    await reader.cleanAhead(files, stamps);
  } finally {
    delete process.env.NEWSARCHIVE_THREADS;
  }
  fs.writeFileSync(path.join(site, 'posts/2022-03-03-c.md'), post({ title: '丙改' }));
  const titles = files.map((file: { absolutePath: string }) => reader.read(file, stampOf(file), [])?.title);
  reader.finish();
  assert.deepEqual(titles, ['甲', '乙', '丙改']);
  assert.equal(reader.onWorkers, 2, 'a by its stamp, b by its bytes; c read here');
});
