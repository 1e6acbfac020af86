// The incremental rebuild policy alone (no server, no watcher): what is re-read, re-rendered, replaced.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { load } from 'cheerio';
import { resolveConfig } from '../src/config.ts';
import { DevSite } from '../src/dev-site.ts';
import { BuildError } from '../src/diagnostics.ts';
import { emptyChangeSet, SiteStore, type ChangeSet } from '../src/serve/index.ts';
import { servedText } from './dev-helpers.ts';
import { makeSite, post, REPO, runCli, snapshot } from './helpers.ts';

/** Twelve posts, one a day, five to a listing page; categories a (even days) and b (odd days). */
function twelvePosts(): string {
  const files: Record<string, string> = { 'newsarchive.yml': 'pageSize: 5\n' };
  for (let d = 1; d <= 12; d++) {
    const day = String(d).padStart(2, '0');
    files[`posts/2022-03-${day}-p${day}.md`] = post({ title: `第${d}篇`, categories: d % 2 ? 'b' : 'a', tags: `t${d % 3}`, description: `摘要${d}` }, `<p>正文${d}。</p>`);
  }
  return makeSite(files);
}

/** Dev's start on `site`; with `checked`, every page it serves unrendered is then rendered, as a session does while idle. */
function devSite(site: string, { checked = true } = {}) {
  // Search off: these sites are compared with `build --no-search`, whose search page says so.
  const { config } = resolveConfig(site, undefined, { search: false });
  const dev = new DevSite({ config, includeDrafts: false, includeFuture: false });
  const store = new SiteStore();
  const first = dev.rebuild(emptyChangeSet(), store, true);
  assert.equal(first.ok, true);
  if (checked) {
    assert.equal(first.deferred.length, store.pages.size);
    assert.deepEqual(dev.checkPages(Infinity), { checked: store.pages.size, failed: 0 });
  }
  const change = (kind: 'posts' | 'templates' | 'publicFiles', ...names: string[]): ChangeSet => {
    const changes = emptyChangeSet();
    for (const name of names) changes[kind].add(kind === 'posts' ? path.join(site, name) : name);
    return changes;
  };
  return { dev, store, change, first, total: first.changed.length };
}

const html = (store: SiteStore, p: string) => load(servedText(store, p) ?? '');

test('a body edit re-reads one post and re-renders its page and the listings and feeds that show it, nothing else', () => {
  const site = twelvePosts();
  const { dev, store, change, total } = devSite(site);
  const file = path.join(site, 'posts/2022-03-06-p06.md');
  fs.writeFileSync(file, post({ title: '第6篇', categories: 'a', tags: 't0', description: '摘要6' }, '<p>改过的正文。</p>'));
  const report = dev.rebuild(change('posts', 'posts/2022-03-06-p06.md'), store);
  assert.equal(report.postsRead, 1);
  // Newest first, five a page: day 6 is 7th on home (page 2, not page 1), 4th in a (page 1), tag t0 (6,3,12,9: page 1), March (page 2).
  // The post keeps its place (same date, terms, URL): the sitemap and stats, which show only places, are not rendered.
  assert.deepEqual(report.rendered.sort(), [
    'a/2022/03/06/p06/index.html',
    'category/a/feed.xml',
    'category/a/index.html',
    'feed.xml',
    'page/2/index.html',
    '2022/page/2/index.html',
    '2022/03/page/2/index.html',
    'tag/t0/index.html',
  ].sort());
  assert.ok(report.rendered.length < total / 3);
  // Only the article and the feeds carry the body; the listings show the excerpt, unchanged, so they were not replaced.
  assert.deepEqual(report.changed.sort(), ['a/2022/03/06/p06/index.html', 'category/a/feed.xml', 'feed.xml'].sort());
  assert.match(html(store, 'a/2022/03/06/p06/index.html')('.article-body').text(), /改过的正文/);
});

test('a title edit reaches its neighbours\' links and every listing, and pages that do not show it stay untouched', () => {
  const site = twelvePosts();
  const { dev, store, change } = devSite(site);
  const untouched = store.pages.get('b/2022/03/01/p01/index.html');
  fs.writeFileSync(path.join(site, 'posts/2022-03-06-p06.md'), post({ title: '新标题', categories: 'a', tags: 't0', description: '摘要6' }, '<p>正文6。</p>'));
  const report = dev.rebuild(change('posts', 'posts/2022-03-06-p06.md'), store);
  assert.ok(report.changed.includes('b/2022/03/05/p05/index.html'), 'the older neighbour links to it by title');
  assert.ok(report.changed.includes('b/2022/03/07/p07/index.html'), 'the newer neighbour links to it by title');
  assert.ok(!report.rendered.includes('b/2022/03/01/p01/index.html'));
  assert.equal(store.pages.get('b/2022/03/01/p01/index.html'), untouched);
  assert.equal(html(store, 'page/2/index.html')('.post-card h2 a').eq(1).text(), '新标题');
  assert.equal(html(store, 'category/a/index.html')('.post-card h2 a').eq(3).text(), '新标题');
  assert.match(servedText(store, 'feed.xml')!, /<title>新标题<\/title>/);
});

test('deleting or renaming a post removes its old page and every listing entry; a new one shifts the pagination', () => {
  const site = twelvePosts();
  const { dev, store, change } = devSite(site);
  fs.renameSync(path.join(site, 'posts/2022-03-06-p06.md'), path.join(site, 'posts/2022-03-06-renamed.md'));
  let report = dev.rebuild(change('posts', 'posts/2022-03-06-p06.md', 'posts/2022-03-06-renamed.md'), store);
  assert.equal(store.pages.has('a/2022/03/06/p06/index.html'), false);
  assert.equal(store.pages.has('a/2022/03/06/renamed/index.html'), true);
  assert.equal(report.pagesRemoved, 1);
  assert.doesNotMatch([...store.pages.values()].map((page) => page.text()).join('\n'), /\/p06\//);
  fs.unlinkSync(path.join(site, 'posts/2022-03-06-renamed.md'));
  report = dev.rebuild(change('posts', 'posts/2022-03-06-renamed.md'), store);
  assert.equal(store.pages.has('a/2022/03/06/renamed/index.html'), false);
  assert.doesNotMatch([...store.pages.values()].map((page) => page.text()).join('\n'), /第6篇/);
  assert.match(html(store, 'index.html')('.listing-count').text(), /共 11 篇/);
  fs.writeFileSync(path.join(site, 'posts/2022-03-20-newest.md'), post({ title: '最新', categories: 'c', tags: '新' }));
  report = dev.rebuild(change('posts', 'posts/2022-03-20-newest.md'), store);
  assert.equal(html(store, 'index.html')('.post-card h2 a').first().text(), '最新');
  assert.equal(html(store, 'category/c/index.html')('.post-card').length, 1);
  assert.ok(store.pages.has('tag/xin/index.html'));
  assert.ok(report.changed.includes('page/2/index.html') && report.changed.includes('page/3/index.html'), 'every home page shifted');
});

test('a template edit re-renders only the pages that use it, a partial only its users', () => {
  const site = twelvePosts();
  const { dev, store, change, total } = devSite(site);
  fs.mkdirSync(path.join(site, 'templates/partials'), { recursive: true });
  fs.writeFileSync(path.join(site, 'templates/partials/pagination.njk'), '<nav class="pagination custom">{{ pager.pageNumber }}</nav>');
  let report = dev.rebuild(change('templates', 'partials/pagination.njk'), store);
  assert.ok(report.rendered.length > 0 && report.rendered.every((p) => !/\/p\d\d\//.test(p)), 'no article re-rendered');
  assert.equal(html(store, 'index.html')('nav.pagination.custom').text(), '1');
  fs.writeFileSync(path.join(site, 'templates/post.njk'), '{% extends "base.njk" %}{% block main %}<h1 class="custom">{{ post.title }}</h1>{% endblock %}');
  report = dev.rebuild(change('templates', 'post.njk'), store);
  assert.equal(report.rendered.filter((p) => /\/p\d\d\//.test(p)).length, 12);
  assert.ok(report.rendered.length < total / 2);
  assert.equal(html(store, 'a/2022/03/06/p06/index.html')('h1.custom').text(), '第6篇');
  fs.writeFileSync(path.join(site, 'templates/base.njk'), '<html lang="zh-CN"><body class="new-base">{% block main %}{% endblock %}</body></html>');
  report = dev.rebuild(change('templates', 'base.njk'), store);
  assert.equal(report.rendered.filter((p) => p.endsWith('.html')).length, [...store.pages.keys()].filter((p) => p.endsWith('.html')).length, 'every page extends base.njk');
});

test('after any series of changes, dev holds exactly the pages a fresh build writes', () => {
  const site = twelvePosts();
  const { dev, store, change } = devSite(site);
  fs.writeFileSync(path.join(site, 'posts/2022-03-06-p06.md'), post({ title: '改名', categories: 'b c', tags: 't9' }));
  fs.unlinkSync(path.join(site, 'posts/2022-03-01-p01.md'));
  fs.writeFileSync(path.join(site, 'posts/2021-12-31-old.md'), post({ title: '去年', categories: 'a' }));
  dev.rebuild(change('posts', 'posts/2022-03-06-p06.md', 'posts/2022-03-01-p01.md', 'posts/2021-12-31-old.md'), store);
  fs.mkdirSync(path.join(site, 'templates'));
  fs.writeFileSync(path.join(site, 'templates/list.njk'), '{% extends "base.njk" %}{% block main %}{% for item in items %}<p>{{ item.title }}</p>{% endfor %}{% endblock %}');
  dev.rebuild(change('templates', 'list.njk'), store);
  const built = runCli(site, ['build', '--no-search']);
  assert.equal(built.code, 0, built.stderr);
  const files = snapshot(path.join(site, 'dist'));
  for (const [file, contents] of files) {
    if (file.startsWith('assets/')) continue;
    assert.equal(servedText(store, file.split(path.sep).join('/')), contents, file);
  }
  assert.equal(store.pages.size, [...files.keys()].filter((f) => !f.startsWith('assets/')).length);
});

test('a broken post keeps its last good page and reports path:line; a new broken post is left out', () => {
  const site = twelvePosts();
  const { dev, store, change } = devSite(site);
  const before = store.pages.get('a/2022/03/06/p06/index.html');
  const file = path.join(site, 'posts/2022-03-06-p06.md');
  fs.writeFileSync(file, '---\ntitle: 第6篇\ndate: 不是日期\n---\n<p>x</p>\n');
  // Older than the write grace: a finished file, not one still being written.
  const old = new Date(Date.now() - 5000);
  fs.utimesSync(file, old, old);
  const report = dev.rebuild(change('posts', 'posts/2022-03-06-p06.md'), store);
  const error = report.problems.find((p) => p.severity === 'error');
  assert.equal(error?.file, 'posts/2022-03-06-p06.md');
  assert.equal(error?.line, 3);
  assert.equal(store.pages.get('a/2022/03/06/p06/index.html'), before);
  const fresh = path.join(site, 'posts/2022-03-30-half.md');
  fs.writeFileSync(fresh, '---\ntitle: 写到一半\n');
  const half = dev.rebuild(change('posts', 'posts/2022-03-30-half.md'), store);
  assert.deepEqual(half.retry, [fresh], 'a file written just now is read again later, not reported');
  assert.equal(half.problems.filter((p) => p.file === 'posts/2022-03-30-half.md').length, 0);
});

test('a post a template fails on, edited in place or added on top, keeps every last good page as it was; fixed, dev serves what a build writes', () => {
  const site = twelvePosts();
  // Fails only for a post titled 坏: the post, not the template, makes the rebuild fail.
  fs.mkdirSync(path.join(site, 'templates'));
  fs.writeFileSync(path.join(site, 'templates/post.njk'), '{% extends "base.njk" %}\n{% block main %}{% if page.title == "坏" %}{{ page.nope() }}{% endif %}<h1>{{ page.title }}</h1>{% endblock %}\n');
  const { dev, store, change } = devSite(site);
  const lastGood = () => new Map([...store.pages].map(([file, page]) => [file, page.text()]));
  const assertServes = (expected: Map<string, string>, what: string) => {
    assert.deepEqual([...store.pages.keys()].sort(), [...expected.keys()].sort(), what);
    for (const [file, text] of expected) assert.equal(servedText(store, file), text, `${file} after ${what}`);
  };

  const good = lastGood();
  // Same date, terms and URL: swapped into the kept model, whose pages render when asked for.
  fs.writeFileSync(path.join(site, 'posts/2022-03-06-p06.md'), post({ title: '坏', categories: 'a', tags: 't0', description: '摘要6' }, '<p>正文6。</p>'));
  const edited = dev.rebuild(change('posts', 'posts/2022-03-06-p06.md'), store);
  assert.equal(edited.ok, false);
  assert.equal(edited.problems.find((p) => p.severity === 'error')?.file, 'templates/post.njk');
  assertServes(good, 'a failed edit in place');

  fs.writeFileSync(path.join(site, 'posts/2022-03-06-p06.md'), post({ title: '第6篇', categories: 'a', tags: 't0', description: '摘要6' }, '<p>正文6。</p>'));
  assert.equal(dev.rebuild(change('posts', 'posts/2022-03-06-p06.md'), store).ok, true);
  const fixed = lastGood();
  // Newest, in known terms: put on top of the kept model in place.
  fs.writeFileSync(path.join(site, 'posts/2022-03-20-p20.md'), post({ title: '坏', categories: 'a', tags: 't0' }, '<p>新的。</p>'));
  const added = dev.rebuild(change('posts', 'posts/2022-03-20-p20.md'), store);
  assert.equal(added.ok, false);
  assertServes(fixed, 'a failed add on top');

  fs.writeFileSync(path.join(site, 'posts/2022-03-20-p20.md'), post({ title: '新的一篇', categories: 'a', tags: 't0' }, '<p>新的。</p>'));
  assert.equal(dev.rebuild(change('posts', 'posts/2022-03-20-p20.md'), store).ok, true);
  const built = runCli(site, ['build', '--no-search']);
  assert.equal(built.code, 0, built.stderr);
  assertServes(new Map([...snapshot(path.join(site, 'dist'))].filter(([file]) => !file.startsWith('assets')).map(([file, text]) => [file.split(path.sep).join('/'), text])), 'the fixes');
});

test('the start serves its pages before rendering them: one asked for is rendered then, the rest while idle; a template failing on some posts shows on their pages and once in the problems, until fixed', () => {
  const site = twelvePosts();
  fs.mkdirSync(path.join(site, 'templates'));
  const failing = '{% extends "base.njk" %}\n{% block main %}{% if page.title == "第6篇" or page.title == "第7篇" %}{{ page.nope() }}{% endif %}<h1>{{ page.title }}</h1>{% endblock %}\n';
  fs.writeFileSync(path.join(site, 'templates/post.njk'), failing);
  const { dev, store, change, first } = devSite(site, { checked: false });
  assert.equal(first.rendered.length, 0, 'nothing was rendered, so nothing failed yet');
  assert.equal(first.deferred.length, store.pages.size);
  assert.equal(dev.pagesToCheck, store.pages.size);

  // Asked for first: rendered then, and not again while idle.
  assert.match(servedText(store, 'index.html')!, /第12篇/);
  assert.equal(dev.pagesToCheck, store.pages.size - 1);
  const broken = 'a/2022/03/06/p06/index.html';
  assert.throws(() => store.pages.get(broken)!.text(), (err) => err instanceof BuildError && err.diagnostics[0].file === 'templates/post.njk');
  // A slice renders at least one page, however short.
  const total = { checked: 0, failed: 0 };
  while (dev.pagesToCheck) {
    const slice = dev.checkPages(0);
    assert.equal(slice.checked, 1);
    total.checked += slice.checked;
    total.failed += slice.failed;
  }
  assert.deepEqual(total, { checked: store.pages.size - 1, failed: 2 });
  const errors = () => dev.problems().filter((p) => p.severity === 'error');
  assert.deepEqual(errors().map((p) => p.file), ['templates/post.njk'], 'one problem for the two pages');

  // Still reported after a rebuild that leaves those pages; a checked page that did not change is not counted as changed.
  fs.writeFileSync(path.join(site, 'posts/2022-03-01-p01.md'), post({ title: '第1篇', categories: 'b', tags: 't1', description: '摘要1' }, '<p>改过的正文。</p>'));
  const edit = dev.rebuild(change('posts', 'posts/2022-03-01-p01.md'), store);
  assert.equal(edit.ok, true);
  assert.deepEqual(edit.problems.filter((p) => p.severity === 'error').map((p) => p.file), ['templates/post.njk']);
  assert.ok(!edit.changed.includes('page/3/index.html') && edit.rendered.includes('page/3/index.html'), 'the listing shows the excerpt, unchanged');

  fs.writeFileSync(path.join(site, 'templates/post.njk'), failing.replace('{{ page.nope() }}', ''));
  const fixed = dev.rebuild(change('templates', 'post.njk'), store);
  assert.equal(fixed.ok, true);
  assert.deepEqual(errors(), []);
  assert.equal(dev.pagesToCheck, 0);
  const built = runCli(site, ['build', '--no-search']);
  assert.equal(built.code, 0, built.stderr);
  for (const [file, text] of snapshot(path.join(site, 'dist'))) if (!file.startsWith('assets')) assert.equal(servedText(store, file.split(path.sep).join('/')), text, file);
});

test('a new newest post: the pages showing it render at once, those it only shifted (and the feeds and sitemap, made by no template) when asked for or while idle; a template failing on a shifted page shows there, not in the rebuild; a removal\'s shifted pages wait too', () => {
  const site = twelvePosts();
  fs.mkdirSync(path.join(site, 'templates'));
  // Fails on the home page whose first card is 第8篇: page 2, once a new post has shifted the pages.
  const failing = fs.readFileSync(path.join(REPO, 'templates/list.njk'), 'utf8').replace('{% for item in items %}', '{% if listing.kind == "home" and items[0].title == "第8篇" %}{{ listing.nope() }}{% endif %}{% for item in items %}');
  fs.writeFileSync(path.join(site, 'templates/list.njk'), failing);
  const { dev, store, change } = devSite(site);
  fs.writeFileSync(path.join(site, 'posts/2022-03-20-p20.md'), post({ title: '新的一篇', categories: 'a', tags: 't0' }, '<p>新的。</p>'));
  const added = dev.rebuild(change('posts', 'posts/2022-03-20-p20.md'), store);
  assert.equal(added.ok, true, 'the failing page was not rendered in the rebuild');
  for (const shows of ['index.html', 'category/a/index.html', 'tag/t0/index.html', 'a/2022/03/20/p20/index.html', 'a/2022/03/12/p12/index.html', 'archives/index.html']) {
    assert.ok(added.rendered.includes(shows), `${shows} shows the new post: rendered now`);
  }
  // Shifted only, or made by no template (which cannot fail on a post): served, rendered later.
  for (const waits of ['page/2/index.html', 'page/3/index.html', 'category/a/page/2/index.html', 'feed.xml', 'sitemap.xml']) {
    assert.ok(added.deferred.includes(waits) && !added.rendered.includes(waits), `${waits} deferred`);
    assert.ok(added.changed.includes(waits), `${waits} counts as changed`);
  }
  assert.equal(dev.pagesToCheck, added.deferred.length);
  assert.match(servedText(store, 'feed.xml')!, /新的一篇/);
  assert.match(servedText(store, 'page/3/index.html')!, /第3篇/);
  assert.throws(() => store.pages.get('page/2/index.html')!.text(), (err) => err instanceof BuildError && err.diagnostics[0].file === 'templates/list.njk');
  // The feed and page 3 were rendered when asked for; page 2, which failed then, is rendered again while idle.
  assert.deepEqual(dev.checkPages(Infinity), { checked: added.deferred.length - 2, failed: 1 });
  assert.deepEqual(dev.problems().filter((p) => p.severity === 'error').map((p) => p.file), ['templates/list.njk']);

  fs.writeFileSync(path.join(site, 'templates/list.njk'), failing.replace('{{ listing.nope() }}', ''));
  const fixed = dev.rebuild(change('templates', 'list.njk'), store);
  assert.equal(fixed.ok, true);
  assert.ok(fixed.rendered.includes('page/2/index.html') && !fixed.deferred.length, 'a changed template renders its pages now');
  assert.equal(dev.pagesToCheck, 0);

  // A post removed shifts the pages back: none of them shows a post read now, so they wait.
  fs.unlinkSync(path.join(site, 'posts/2022-03-20-p20.md'));
  const removed = dev.rebuild(change('posts', 'posts/2022-03-20-p20.md'), store);
  assert.equal(removed.ok, true);
  for (const waits of ['index.html', 'page/2/index.html', 'category/a/index.html', 'a/2022/03/12/p12/index.html', 'sitemap.xml']) {
    assert.ok(removed.deferred.includes(waits) && !removed.rendered.includes(waits), `${waits} deferred after the removal`);
  }
  assert.ok(removed.rendered.includes('archives/index.html'), 'a page with no track renders now');
  assert.deepEqual(dev.checkPages(Infinity), { checked: removed.deferred.length, failed: 0 });
  const built = runCli(site, ['build', '--no-search']);
  assert.equal(built.code, 0, built.stderr);
  for (const [file, text] of snapshot(path.join(site, 'dist'))) if (!file.startsWith('assets')) assert.equal(servedText(store, file.split(path.sep).join('/')), text, file);
});

test('a template that failed in a rebuild still renders its pages in the next one, shifted or not: the last good site stays until it is fixed', () => {
  const site = twelvePosts();
  const { dev, store, change } = devSite(site);
  const good = new Map([...store.pages].map(([file, page]) => [file, page.text()]));
  fs.mkdirSync(path.join(site, 'templates'));
  // Fails only on the second home page, which a new post would merely shift.
  const list = fs.readFileSync(path.join(REPO, 'templates/list.njk'), 'utf8');
  fs.writeFileSync(path.join(site, 'templates/list.njk'), list.replace('{% for item in items %}', '{% if listing.kind == "home" and pager.pageNumber == 2 %}{{ listing.nope() }}{% endif %}{% for item in items %}'));
  assert.equal(dev.rebuild(change('templates', 'list.njk'), store).ok, false);
  fs.writeFileSync(path.join(site, 'posts/2022-03-20-p20.md'), post({ title: '新的一篇', categories: 'a', tags: 't0' }, '<p>新的。</p>'));
  const added = dev.rebuild(change('posts', 'posts/2022-03-20-p20.md'), store);
  assert.equal(added.ok, false, 'page 2, of the template that failed, was rendered in the rebuild');
  assert.deepEqual([...store.pages.keys()].sort(), [...good.keys()].sort());
  for (const [file, text] of good) assert.equal(servedText(store, file), text, file);
});

test('a folder of posts removed, reported only by its own path, takes its posts out; a late report of a handled deletion changes nothing', () => {
  const site = twelvePosts();
  fs.mkdirSync(path.join(site, 'posts/old'));
  fs.writeFileSync(path.join(site, 'posts/old/2021-05-01-o1.md'), post({ title: '旧一', categories: 'a' }));
  fs.writeFileSync(path.join(site, 'posts/old/2021-05-02-o2.md'), post({ title: '旧二', categories: 'b' }));
  const { dev, store, change } = devSite(site);
  assert.ok(store.pages.has('a/2021/05/01/o1/index.html'));
  fs.rmSync(path.join(site, 'posts/old'), { recursive: true });
  const report = dev.rebuild(change('posts', 'posts/old'), store);
  assert.equal(report.pagesRemoved > 0, true);
  assert.ok(!store.pages.has('a/2021/05/01/o1/index.html') && !store.pages.has('b/2021/05/02/o2/index.html'));
  assert.ok(!store.pages.has('2021/index.html'), 'the year archive went with its posts');
  const late = dev.rebuild(change('posts', 'posts/old/2021-05-01-o1.md'), store);
  assert.equal(late.postsRead + late.pagesRendered + late.pagesRemoved, 0);
  const built = runCli(site, ['build', '--no-search']);
  assert.equal(built.code, 0, built.stderr);
  const files = [...snapshot(path.join(site, 'dist')).keys()].filter((f) => !f.startsWith('assets/'));
  assert.deepEqual([...store.pages.keys()].sort(), files.map((f) => f.split(path.sep).join('/')).sort());
});
