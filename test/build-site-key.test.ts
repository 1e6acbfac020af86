// The whole-site key: a rebuild whose posts, templates, code and settings are all unchanged keeps
// the previous build's files without modelling or rendering, and must still behave as a full build.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { buildSite, type BuildSummary } from '../src/build.ts';
import { resolveConfig } from '../src/config.ts';
import { BuildError } from '../src/diagnostics.ts';
import { coldSnapshot, makeSite, post, runCli, snapshot } from './helpers.ts';

function archive(config = 'title: 测试存档\npageSize: 2\nurl: https://example.com\nsearch: false\n'): Record<string, string> {
  const files: Record<string, string> = { 'newsarchive.yml': config };
  for (let i = 1; i <= 5; i++) {
    files[`posts/2022-01-0${i}-post-${i}.md`] = post({ title: `"第${i}篇报道"`, date: `2022-01-0${i} 08:00:00 +0800`, categories: 'dazhongribao', tags: `[话题${i % 2}]` }, `<p>第${i}篇的正文。</p>`);
  }
  return files;
}

async function buildAt(site: string, now: Date, skipInvalid = false): Promise<BuildSummary> {
  const { config } = resolveConfig(site, undefined);
  return buildSite({ config, includeDrafts: false, includeFuture: false, skipInvalid, now });
}

/** Makes the cache index unreadable: a build that reads it cleans every post again. */
function spoilIndex(site: string): void {
  fs.writeFileSync(path.join(site, '.cache/posts/posts.index'), 'not an index');
}

// A post file's stamp is trusted only 2 s after its last change (see fileStamp): tests that keep a
// site from the stamps wait that long after writing the posts.
const STAMPS_TRUSTED_MS = 2100;

const messages = (summary: BuildSummary) => summary.diagnostics.map((d) => `${d.severity} ${d.file}:${d.line ?? ''} ${d.message}`);

test('an unchanged site is kept whole, and equals a cold build', () => {
  const site = makeSite(archive());
  const first = runCli(site, ['build']);
  assert.equal(first.code, 0, first.stderr);
  assert.doesNotMatch(first.stdout, /site unchanged/);
  const cold = snapshot(path.join(site, 'dist'));
  const again = runCli(site, ['build']);
  assert.equal(again.code, 0, again.stderr);
  assert.match(again.stdout, /5 posts reused, 0 cleaned, 0 files written \(site unchanged\)/);
  assert.deepEqual(snapshot(path.join(site, 'dist')), cold);
  // A changed static file is still copied, and a deleted output folder is built again.
  fs.mkdirSync(path.join(site, 'public'), { recursive: true });
  fs.writeFileSync(path.join(site, 'public/robots-extra.txt'), 'x\n');
  const withStatic = runCli(site, ['build']);
  assert.match(withStatic.stdout, /1 files written \(site unchanged\)/);
  assert.equal(fs.readFileSync(path.join(site, 'dist/robots-extra.txt'), 'utf8'), 'x\n');
  fs.rmSync(path.join(site, 'dist'), { recursive: true });
  const rebuilt = runCli(site, ['build']);
  assert.doesNotMatch(rebuilt.stdout, /site unchanged/);
  assert.deepEqual(snapshot(path.join(site, 'dist')), coldSnapshot(site));
});

test('a site whose post files all keep their stamps is kept from them alone, without the cache index', async () => {
  const site = makeSite({ ...archive(), 'posts/_drafts/2022-02-01-draft.md': post({ title: '"草稿"', date: '2022-02-01 08:00:00 +0800' }, '<p>未完。</p>') });
  await sleep(STAMPS_TRUSTED_MS);
  assert.equal(runCli(site, ['build']).code, 0);
  const cold = snapshot(path.join(site, 'dist'));
  // Had the index been read, every post would have been cleaned again.
  spoilIndex(site);
  const kept = runCli(site, ['build']);
  assert.equal(kept.code, 0, kept.stderr);
  assert.match(kept.stdout, /published 5 posts \(left out: 1 draft\).* 6 posts reused, 0 cleaned, 0 files written \(site unchanged\)/);
  assert.deepEqual(snapshot(path.join(site, 'dist')), cold);
  // Touched, a file has a new stamp: the index is read (every post cleaned again, from the spoilt
  // index), and the site is kept by what the posts hold.
  const touched = path.join(site, 'posts/2022-01-03-post-3.md');
  fs.utimesSync(touched, new Date(), new Date());
  const byContents = runCli(site, ['build']);
  assert.match(byContents.stdout, /published 5 posts .* 0 posts reused, 6 cleaned, 0 files written \(site unchanged\)/);
  // Letting drafts in, or a post deleted, changes the site though no file's stamp changed.
  await sleep(STAMPS_TRUSTED_MS);
  assert.match(runCli(site, ['build']).stdout, /site unchanged/);
  const withDrafts = runCli(site, ['build', '--drafts']);
  assert.match(withDrafts.stdout, /published 6 posts/);
  assert.doesNotMatch(withDrafts.stdout, /site unchanged/);
  assert.match(runCli(site, ['build']).stdout, /published 5 posts/);
  fs.rmSync(touched);
  const deleted = runCli(site, ['build']);
  assert.match(deleted.stdout, /published 4 posts/);
  assert.doesNotMatch(deleted.stdout, /site unchanged/);
  fs.rmSync(path.join(site, 'dist'), { recursive: true });
  assert.doesNotMatch(runCli(site, ['build']).stdout, /site unchanged/);
  assert.deepEqual(snapshot(path.join(site, 'dist')), coldSnapshot(site));
});

test('a post that comes due, an edit, a template change and a setting change each end keeping the site whole', async () => {
  const site = makeSite({ ...archive(), 'posts/2022-03-01-later.md': post({ title: '"定时发布"', date: '2022-03-01 08:00:00 +0800', categories: 'dazhongribao' }, '<p>到时发布。</p>') });
  // Old enough to be kept from their stamps: the post coming due must end that too.
  await sleep(STAMPS_TRUSTED_MS);
  const before = new Date('2022-02-01T00:00:00Z');
  const after = new Date('2022-04-01T00:00:00Z');
  assert.equal((await buildAt(site, before)).published, 5);
  assert.equal((await buildAt(site, before)).cache.siteKept, true);
  // Nothing in the files changed, but the scheduled post is now due: the site is modelled again.
  const due = await buildAt(site, after);
  assert.deepEqual([due.published, due.cache.siteKept], [6, false]);
  assert.ok(fs.existsSync(path.join(site, 'dist/dazhongribao/2022/03/01/later/index.html')));
  assert.equal((await buildAt(site, after)).cache.siteKept, true);

  fs.appendFileSync(path.join(site, 'posts/2022-01-02-post-2.md'), '<p>补充。</p>\n');
  assert.equal((await buildAt(site, after)).cache.siteKept, false);
  fs.mkdirSync(path.join(site, 'templates'), { recursive: true });
  fs.writeFileSync(path.join(site, 'templates/404.njk'), '{% extends "base.njk" %}{% block main %}<p>找不到</p>{% endblock %}');
  assert.equal((await buildAt(site, after)).cache.siteKept, false);
  assert.match(fs.readFileSync(path.join(site, 'dist/404.html'), 'utf8'), /找不到/);
  fs.writeFileSync(path.join(site, 'newsarchive.yml'), 'title: 改名\npageSize: 2\nurl: https://example.com\nsearch: false\n');
  assert.equal((await buildAt(site, after)).cache.siteKept, false);
  assert.equal((await buildAt(site, after)).cache.siteKept, true);
  assert.deepEqual(snapshot(path.join(site, 'dist')), coldSnapshot(site));
});

test('a site kept whole repeats the model\'s and the render\'s warnings, and fails without --skip-invalid as a full build would', async () => {
  const files = archive();
  files['posts/2022-01-06-clash.md'] = post({ title: '"重名"', date: '2022-01-06 08:00:00 +0800', permalink: '/categories/' }, '<p>占用了站点自己的地址。</p>');
  files['posts/2022-01-07-odd-layout.md'] = post({ title: '"怪版式"', date: '2022-01-07 08:00:00 +0800', layout: 'gallery' }, '<p>没有这个版式。</p>');
  files['posts/2022-01-08-broken.md'] = '---\ntitle: "没写完\ndate: 2022-01-08\n---\n<p>坏的头部。</p>\n';
  files['posts/2022-01-09-hidden.md'] = post({ title: '"不发布"', date: '2022-01-09 08:00:00 +0800', published: 'false' });
  const site = makeSite(files);
  const now = new Date('2023-01-01T00:00:00Z');
  const first = await buildAt(site, now, true);
  assert.equal(first.cache.siteKept, false);
  assert.ok(messages(first).some((m) => /odd-layout\.md:\d+ unknown layout "gallery"/.test(m)), messages(first).join('\n'));
  assert.ok(messages(first).some((m) => /clash\.md:\d+ the URL \/categories\//.test(m)), messages(first).join('\n'));
  assert.ok(messages(first).some((m) => /^warning posts\/2022-01-08-broken\.md:\d+ /.test(m)), messages(first).join('\n'));
  // Kept by the posts' contents (the files are too fresh for their stamps), then by their stamps.
  for (const wait of [0, STAMPS_TRUSTED_MS]) {
    await sleep(wait);
    const kept = await buildAt(site, now, true);
    assert.equal(kept.cache.siteKept, true);
    assert.deepEqual(messages(kept), messages(first));
    assert.deepEqual([kept.published, kept.leftOut], [first.published, first.leftOut]);
    await assert.rejects(buildAt(site, now, false), (err: unknown) => err instanceof BuildError && err.diagnostics.some((d) => d.severity === 'error' && /clash\.md/.test(d.file)) && err.diagnostics.some((d) => d.severity === 'error' && /broken\.md/.test(d.file)));
  }
  spoilIndex(site);
  assert.equal((await buildAt(site, now, true)).cache.postsCleaned, 0, 'kept from the stamps');
});

test('with search on, a site kept whole keeps its index, from the stamps too; turning search on or off changes the site', async () => {
  const site = makeSite(archive());
  assert.equal(runCli(site, ['build']).code, 0);
  const setSearch = (on: boolean) => fs.writeFileSync(path.join(site, 'newsarchive.yml'), archive()['newsarchive.yml'].replace('search: false', `search: ${on}`));
  setSearch(true);
  await sleep(STAMPS_TRUSTED_MS);
  const on = runCli(site, ['build']);
  assert.equal(on.code, 0, on.stderr);
  assert.match(on.stdout, /search: \d+ shards?, 0 reused/);
  spoilIndex(site);
  const again = runCli(site, ['build']);
  assert.equal(again.code, 0, again.stderr);
  assert.match(again.stdout, /0 cleaned.*site unchanged/, 'kept from the stamps, the cache index unread');
  assert.ok(fs.existsSync(path.join(site, 'dist/pagefind/pagefind-entry.json')));
  assert.deepEqual(snapshot(path.join(site, 'dist')), coldSnapshot(site));
  setSearch(false);
  const off = runCli(site, ['build']);
  assert.equal(off.code, 0, off.stderr);
  assert.doesNotMatch(off.stdout, /site unchanged/);
  assert.equal(fs.existsSync(path.join(site, 'dist/pagefind')), false);
});
