// A seeded random series of post changes: after each rebuild, dev holds exactly the pages a fresh
// build of the same posts renders, page for page. Guards the in-place swaps and the memos kept
// between rebuilds (related lists, placements) against drifting from what a build makes.
process.env.TZ = 'America/New_York';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import { findPostFiles, modelSite, renderContextOf } from '../src/build.ts';
import { readPost } from '../src/read-post.ts';
import { resolveConfig } from '../src/config.ts';
import { DevSite } from '../src/dev-site.ts';
import type { RebuildReport } from '../src/dev/rebuild-report.ts';
import { renderSite } from '../src/render/index.ts';
import { emptyChangeSet, SiteStore } from '../src/serve/index.ts';
import type { Post } from '../src/types.ts';
import { servedText } from './dev-helpers.ts';
import { makeSite, post, runCli, snapshot } from './helpers.ts';
import { CATEGORIES, randomPosts, renderPost as render, TAGS, type PostFields as Fields } from './random-posts.ts';

/** Builds the site's posts afresh, as `build` does, and renders every page in memory. */
function freshPages(site: string): Map<string, string> {
  const { config } = resolveConfig(site, undefined, { search: false });
  const problems: Parameters<typeof readPost>[2] = [];
  const posts = findPostFiles(config.root, config.postsDir, problems)
    .map((file) => readPost(file, config, problems))
    .filter((p): p is Post => p !== undefined);
  const { model } = modelSite(posts, { config, includeDrafts: false, includeFuture: false }, problems);
  const pages = new Map<string, string>();
  for (const file of renderSite(model, renderContextOf(config), problems)) {
    if ('contents' in file) pages.set(file.path, String(file.contents));
  }
  return pages;
}

/** A dev site on `site` (search off), not built yet, and the store it serves from. */
function devOn(site: string): { dev: DevSite; store: SiteStore } {
  const { config } = resolveConfig(site, undefined, { search: false });
  return { dev: new DevSite({ config, includeDrafts: false, includeFuture: false }), store: new SiteStore() };
}

/** The text of every page `store` serves, each rendered as it is asked for. */
function servedPages(store: SiteStore): Map<string, string | undefined> {
  return new Map([...store.pages.keys()].map((file) => [file, servedText(store, file)]));
}

/** Every page that now shows something else (or is new) is reported as changed, or as to be rendered (see RebuildReport). */
function assertChangesReported(before: Map<string, string | undefined>, now: Map<string, string>, report: RebuildReport, context: string): void {
  const reported = new Set([...report.changed, ...report.deferred]);
  for (const [file, contents] of now) if (before.get(file) !== contents) assert.ok(reported.has(file), `${file} changed unreported; ${context}`);
}

/**
 * `newest`: the share of steps that only add a post newer than all (the case dev puts into its kept
 * model); `removals`: of the others, the share that only delete one post or two (the case dev takes
 * out of its kept model).
 */
function runSeries(seed: number, steps: number, newest = 0, removals = 0): void {
  const { rand, pick, when, fields } = randomPosts(seed);
  let serial = 0;
  const posts = new Map<string, Fields>();
  const fileOf = (f: Fields) => `posts/${f.date.slice(0, 10)}-p${++serial}.md`;
  const files: Record<string, string> = { 'newsarchive.yml': 'pageSize: 3\nfeedSize: 4\nsearch: false\n' };
  for (let i = 0; i < 14; i++) {
    const f = fields();
    const name = fileOf(f);
    posts.set(name, f);
    files[name] = render(f);
  }
  const site = makeSite(files);
  const { dev, store } = devOn(site);
  assert.equal(dev.rebuild(emptyChangeSet(), store, true).ok, true);

  const write = (name: string, f: Fields) => {
    posts.set(name, f);
    fs.writeFileSync(path.join(site, name), render(f));
  };
  const log: string[] = [];
  let inPlaceSteps = 0;
  let addedSteps = 0;
  let removedSteps = 0;
  let movedSteps = 0;
  for (let step = 0; step < steps; step++) {
    const changes = emptyChangeSet();
    const touch = (name: string) => changes.posts.add(path.join(site, name));
    if (newest && rand() < newest) {
      // Two days after the last newest one: now and then in a new month, with a new archive page.
      // Now and then a second one, a day later, dropped in with it.
      for (let day = 0; day < (rand() < 0.3 ? 2 : 1); day++) {
        const added = { ...fields(), date: `${new Date(Date.UTC(2022, 3, 1 + 2 * step + day)).toISOString().slice(0, 10)} 12:00:00 +0800` };
        const fresh = fileOf(added);
        log.push(`${step}: add newest ${fresh}`);
        write(fresh, added);
        touch(fresh);
      }
    }
    if (!changes.posts.size && removals && posts.size > 8 && rand() < removals) {
      for (let n = rand() < 0.3 ? 2 : 1; n > 0; n--) {
        const name = pick([...posts.keys()]);
        log.push(`${step}: delete only ${name}`);
        posts.delete(name);
        fs.unlinkSync(path.join(site, name));
        touch(name);
      }
    }
    for (let n = changes.posts.size ? 0 : 1 + Math.floor(rand() * 3); n > 0; n--) {
      const names = [...posts.keys()];
      const name = pick(names);
      const f = { ...posts.get(name)! };
      const op = posts.size < 6 ? 'add' : pick(['title', 'title', 'body', 'body', 'date', 'terms', 'add', 'delete', 'rename']);
      log.push(`${step}: ${op} ${name}`);
      if (op === 'title') f.title = fields().title;
      else if (op === 'body') f.body = fields().body;
      else if (op === 'date') f.date = rand() < 0.3 ? '2022-03-31 23:00:00 +0800' : when();
      else if (op === 'terms') [f.categories, f.tags] = rand() < 0.5 ? [pick(CATEGORIES), f.tags] : [f.categories, pick(TAGS)];
      if (op === 'add') {
        const added = fields();
        // Often the newest post: it shifts every listing it is on.
        if (rand() < 0.5) added.date = `2022-03-${String(20 + step % 10).padStart(2, '0')} 12:00:00 +0800`;
        const fresh = fileOf(added);
        write(fresh, added);
        touch(fresh);
      } else if (op === 'delete') {
        posts.delete(name);
        fs.unlinkSync(path.join(site, name));
        touch(name);
      } else if (op === 'rename') {
        const moved = fileOf(f);
        posts.delete(name);
        fs.renameSync(path.join(site, name), path.join(site, moved));
        posts.set(moved, f);
        touch(name);
        touch(moved);
      } else {
        write(name, f);
        touch(name);
      }
    }
    const before = servedPages(store);
    const report = dev.rebuild(changes, store);
    assert.equal(report.ok, true, `${log.join('\n')}\n${report.problems.map((p) => p.message).join('\n')}`);
    assert.deepEqual(report.problems.map((p) => `${p.file}: ${p.message}`), [], log.join('\n'));
    if (report.mode === 'edited') inPlaceSteps++;
    if (report.mode === 'added') addedSteps++;
    if (report.mode === 'removed') removedSteps++;
    if (report.mode === 'moved') movedSteps++;
    const expected = freshPages(site);
    const context = `seed ${seed}, after:\n${log.slice(-6).join('\n')}`;
    assert.deepEqual([...store.pages.keys()].sort(), [...expected.keys()].sort(), context);
    for (const [file, contents] of expected) assert.equal(servedText(store, file), contents, `${file} differs; ${context}`);
    assertChangesReported(before, expected, report, context);
  }
  // Some steps must have taken the in-place path the series is for, or it tests only the full one.
  if (removals) assert.ok(removedSteps > 0, 'no removed post was taken out of the kept model');
  else assert.ok(inPlaceSteps > 0, 'no step was rebuilt in place');
  if (!newest && !removals) assert.ok(movedSteps > 0, 'no post was moved in place');
  if (newest) assert.ok(addedSteps > 0, 'no new post was put into the kept model');

  // And the real build, through the CLI, writes the same pages.
  const built = runCli(site, ['build', '--no-search']);
  assert.equal(built.code, 0, built.stderr);
  const written = snapshot(path.join(site, 'dist'));
  for (const [file, contents] of written) {
    if (!file.startsWith('assets/')) assert.equal(servedText(store, file.split(path.sep).join('/')), contents, file);
  }
}

test('a seeded random series of edits, moves, adds, deletes and renames leaves dev with exactly the pages of a fresh build', () => {
  for (const seed of [1, 2, 3]) runSeries(seed, 25);
});

test('a series where many steps add the newest post (put into the kept model in place) leaves dev with the pages of a fresh build', () => {
  for (const seed of [4, 5, 6]) runSeries(seed, 30, 0.5);
});

test('a series where many steps only delete posts (taken out of the kept model in place) leaves dev with the pages of a fresh build', () => {
  for (const seed of [7, 8, 9]) runSeries(seed, 30, 0.3, 0.6);
});

test('a new newest post whose new month page takes an older post\'s URL: dev gives up the in-place model, reports the clash and holds the pages of a fresh build', () => {
  const site = makeSite({
    'newsarchive.yml': 'pageSize: 2\nsearch: false\n',
    'posts/2022-04-01-a.md': post({ title: '甲', date: '2022-04-01 12:00:00 +0800', categories: 'a', tags: 't1' }),
    'posts/2022-03-01-b.md': post({ title: '乙', date: '2022-03-01 12:00:00 +0800', categories: 'a', tags: 't1', permalink: '/2022/05/' }),
    'posts/2022-02-01-c.md': post({ title: '丙', date: '2022-02-01 12:00:00 +0800', categories: 'a', tags: 't1' }),
  });
  const { dev, store } = devOn(site);
  assert.deepEqual(dev.rebuild(emptyChangeSet(), store, true).problems, []);
  assert.ok(store.pages.has('2022/05/index.html'));

  const added = path.join(site, 'posts/2022-05-10-d.md');
  fs.writeFileSync(added, post({ title: '丁', date: '2022-05-10 12:00:00 +0800', categories: 'a', tags: 't1' }));
  const changes = emptyChangeSet();
  changes.posts.add(added);
  const report = dev.rebuild(changes, store);
  assert.equal(report.mode, 'built');
  assert.match(report.problems.map((p) => `${p.file}: ${p.message}`).join('\n'), /posts\/2022-03-01-b\.md: the URL \/2022\/05\/ is the site's own page/);
  const expected = freshPages(site);
  assert.deepEqual([...store.pages.keys()].sort(), [...expected.keys()].sort());
  for (const [file, contents] of expected) assert.equal(servedText(store, file), contents, file);
  assert.match(servedText(store, '2022/05/index.html') ?? '', /丁/);

  // A model with a problem is not added to in place: the next new post builds it again too.
  const next = path.join(site, 'posts/2022-05-20-e.md');
  fs.writeFileSync(next, post({ title: '戊', date: '2022-05-20 12:00:00 +0800', categories: 'a', tags: 't1' }));
  const again = emptyChangeSet();
  again.posts.add(next);
  assert.equal(dev.rebuild(again, store).mode, 'built');
});

test('new newest posts go into the kept model, one or two at once, new tags with them; another spelling, or a new tag that would move another\'s URL, builds it again', () => {
  const site = makeSite({
    'newsarchive.yml': 'pageSize: 2\nsearch: false\n',
    'posts/2022-04-01-a.md': post({ title: '甲', date: '2022-04-01 12:00:00 +0800', categories: 'Paper', tags: 't1 t2' }),
    'posts/2022-03-01-b.md': post({ title: '乙', date: '2022-03-01 12:00:00 +0800', categories: 'Paper', tags: 't2' }),
  });
  const { dev, store } = devOn(site);
  dev.rebuild(emptyChangeSet(), store, true);
  const cases: [string, Record<string, string>, string][] = [
    ['2022-05-01-c.md', { title: '丙', date: '2022-05-01 12:00:00 +0800', categories: 'Paper', tags: 't2 t1' }, 'added'],
    ['2022-05-02-d.md', { title: '丁', date: '2022-05-02 12:00:00 +0800', categories: 'Paper', tags: 't3' }, 'added'],
    // A newspaper of its own, named from its tag: 人民日报.
    ['2022-05-02-x.md', { title: '丑', date: '2022-05-02 13:00:00 +0800', categories: 'rmrb', tags: '人民日报新闻' }, 'added'],
    ['2022-05-03-e.md', { title: '戊', date: '2022-05-03 12:00:00 +0800', categories: 'paper', tags: 't1' }, 'built'],
    ['2022-01-01-f.md', { title: '己', date: '2022-01-01 12:00:00 +0800', categories: 'Paper', tags: 't1' }, 'built'],
    ['2022-06-01-g.md', { title: '庚', date: '2022-06-01 12:00:00 +0800', categories: 'paper', tags: 't3 t1 电力' }, 'added'],
  ];
  // Two at a time, as a day's posts dropped in at once: both go on top. When the newer one has a
  // new tag that would move another's URL (dianli, slug of 电力 too, sorts first and would take it),
  // the older one is on top already, and the model is built again from the posts.
  cases.push(
    ['2022-07-01-h.md', { title: '辛', date: '2022-07-01 12:00:00 +0800', categories: 'paper', tags: 't1' }, 'with the next'],
    ['2022-07-02-i.md', { title: '壬', date: '2022-07-02 12:00:00 +0800', categories: 'paper', tags: 't2 t3' }, 'added'],
    ['2022-07-03-j.md', { title: '癸', date: '2022-07-03 12:00:00 +0800', categories: 'paper', tags: 't1' }, 'with the next'],
    ['2022-07-04-k.md', { title: '子', date: '2022-07-04 12:00:00 +0800', categories: 'paper', tags: 'dianli' }, 'built'],
  );
  const changes = emptyChangeSet();
  for (const [name, fields, mode] of cases) {
    const file = path.join(site, 'posts', name);
    fs.writeFileSync(file, post(fields));
    changes.posts.add(file);
    if (mode === 'with the next') continue;
    const report = dev.rebuild(changes, store);
    changes.posts.clear();
    assert.equal(report.mode, mode, name);
    assert.equal(report.postsRead, /-[ik]\.md$/.test(name) ? 2 : 1, name);
    const expected = freshPages(site);
    assert.deepEqual([...store.pages.keys()].sort(), [...expected.keys()].sort(), name);
    for (const [file, contents] of expected) assert.equal(servedText(store, file), contents, `${file} after ${name}`);
  }
});

test('removed posts are taken out of the kept model, a month, year or term left empty with them; another spelling or derived name, or a term gone that moves another\'s URL, builds it again', () => {
  // `rmrb` is named from its newest posts' <报名>新闻 tags: 人民日报 while two of its three say so.
  const files: [name: string, title: string, categories: string, tags: string][] = [
    ['2022-03-01-a', '甲', 'Paper', 't1'],
    ['2022-03-02-b', '乙', 'other', 't2'],
    ['2022-03-03-c', '丙', 'Paper', 't1'],
    ['2022-03-04-d', '丁', 'other', 't2'],
    ['2022-03-05-e', '戊', 'Paper', 't1 t3'],
    ['2022-03-06-f', '己', 'paper', 't1'],
    ['2022-03-07-g', '庚', 'rmrb', '人民日报新闻'],
    ['2022-03-08-h', '辛', 'rmrb', '人民日报新闻'],
    ['2022-03-09-i', '壬', 'rmrb', '光明日报新闻'],
    ['2022-02-01-j', '癸', 'other', 't2'],
    ['2022-03-10-k', '子', 'other', 't2'],
    ['2022-03-11-l', '丑', 'other', 't2'],
    ['2021-12-01-m', '寅', 'other', 't2'],
    ['2022-03-12-n', '卯', 'other', 'dianli'],
    ['2022-03-13-o', '辰', 'other', '电力'],
    ['2022-03-14-p', '巳', 'solo', 't2'],
  ];
  const site = makeSite({
    'newsarchive.yml': 'pageSize: 2\nsearch: false\n',
    ...Object.fromEntries(files.map(([name, title, categories, tags]) => [`posts/${name}.md`, post({ title, date: `${name.slice(0, 10)} 12:00:00 +0800`, categories, tags })])),
  });
  const { dev, store } = devOn(site);
  dev.rebuild(emptyChangeSet(), store, true);
  // Each page rendered once, as opened: a page the start only planned renders from the model as it is.
  for (const file of store.pages.keys()) servedText(store, file);
  assert.match(servedText(store, 'category/rmrb/index.html') ?? '', /人民日报/);
  const cases: [names: string[], mode: string][] = [
    // 丁: its neighbours in the archive, 丙 and 戊, share no term with it: their links change all the same.
    [['2022-03-04-d.md'], 'removed'],
    // 戊 alone carries t3, which goes with it.
    [['2022-03-05-e.md'], 'removed'],
    // 巳 alone is in solo, which goes with it.
    [['2022-03-14-p.md'], 'removed'],
    // 卯 alone carries dianli: without it, 电力 would take its slug and leave its own (dianli-…).
    [['2022-03-12-n.md'], 'built'],
    // 己 is the newest of Paper, spelt paper: Paper names the category without it.
    [['2022-03-06-f.md'], 'built'],
    // Without 庚, 人民日报 and 光明日报 are one each: the newest, 光明日报, names rmrb.
    [['2022-03-07-g.md'], 'built'],
    // 癸 alone is in February, 寅 alone in 2021: their month and year go.
    [['2022-02-01-j.md'], 'removed'],
    [['2021-12-01-m.md'], 'removed'],
    // Two at once, one the newest of all.
    [['2022-03-02-b.md', '2022-03-11-l.md'], 'removed'],
    // And the newest one put back (an undo): its URL is free again, so it goes on top in place.
    [['2022-03-11-l.md'], 'added'],
  ];
  const removedText = new Map<string, string>();
  for (const [names, mode] of cases) {
    const changes = emptyChangeSet();
    for (const name of names) {
      const file = path.join(site, 'posts', name);
      if (removedText.has(name)) fs.writeFileSync(file, removedText.get(name)!);
      else {
        removedText.set(name, fs.readFileSync(file, 'utf8'));
        fs.unlinkSync(file);
      }
      changes.posts.add(file);
    }
    const context = `after ${mode === 'added' ? 'restoring' : 'removing'} ${names.join(', ')}`;
    const before = servedPages(store);
    const report = dev.rebuild(changes, store);
    assert.equal(report.mode, mode, context);
    assert.deepEqual(report.problems, [], context);
    const expected = freshPages(site);
    assert.deepEqual([...store.pages.keys()].sort(), [...expected.keys()].sort(), context);
    for (const [file, contents] of expected) assert.equal(servedText(store, file), contents, `${file} ${context}`);
    assertChangesReported(before, expected, report, context);
  }
  assert.match(servedText(store, 'category/rmrb/index.html') ?? '', /光明日报/);
});

test('an older post goes into the kept model in its place, unless it changes the name its newspaper takes from its newest posts', () => {
  const site = makeSite({
    'newsarchive.yml': 'pageSize: 2\nsearch: false\n',
    'posts/2022-03-01-a.md': post({ title: '甲', date: '2022-03-01 12:00:00 +0800', categories: 'rmrb', tags: '人民日报新闻' }),
    'posts/2022-03-03-b.md': post({ title: '乙', date: '2022-03-03 12:00:00 +0800', categories: 'rmrb', tags: '人民日报新闻' }),
    'posts/2022-03-05-c.md': post({ title: '丙', date: '2022-03-05 12:00:00 +0800', categories: 'rmrb', tags: '光明日报新闻' }),
  });
  const { dev, store } = devOn(site);
  dev.rebuild(emptyChangeSet(), store, true);
  const cases: [name: string, tag: string, mode: string, newspaper: RegExp][] = [
    // The oldest, in a month of its own: 人民日报 three to one.
    ['2022-02-10-d.md', '人民日报新闻', 'added', /人民日报/],
    // Between the two newest: three to two.
    ['2022-03-04-e.md', '光明日报新闻', 'added', /人民日报/],
    // Three to three: the one the newest post names, 光明日报, names it now.
    ['2022-03-02-f.md', '光明日报新闻', 'built', /光明日报/],
  ];
  for (const [name, tag, mode, newspaper] of cases) {
    const file = path.join(site, 'posts', name);
    fs.writeFileSync(file, post({ title: name, date: `${name.slice(0, 10)} 12:00:00 +0800`, categories: 'rmrb', tags: tag }));
    const changes = emptyChangeSet();
    changes.posts.add(file);
    const before = servedPages(store);
    const report = dev.rebuild(changes, store);
    assert.equal(report.mode, mode, name);
    const expected = freshPages(site);
    assert.deepEqual([...store.pages.keys()].sort(), [...expected.keys()].sort(), name);
    for (const [file, contents] of expected) assert.equal(servedText(store, file), contents, `${file} after ${name}`);
    assertChangesReported(before, expected, report, `after ${name}`);
    assert.match(servedText(store, 'category/rmrb/index.html') ?? '', newspaper, name);
  }
});

test('an unpublished post edited leaves the kept model as it is; published, it goes in, and unpublished again, out', () => {
  const at = (day: string) => `2022-03-${day} 12:00:00 +0800`;
  const site = makeSite({
    'newsarchive.yml': 'pageSize: 2\nsearch: false\n',
    'posts/2022-03-01-a.md': post({ title: '甲', date: at('01'), categories: 'paper', tags: 't1' }),
    'posts/2022-03-02-b.md': post({ title: '乙', date: at('02'), categories: 'paper', tags: 't1' }),
  });
  const { dev, store } = devOn(site);
  dev.rebuild(emptyChangeSet(), store, true);
  const file = path.join(site, 'posts/2022-03-03-c.md');
  const cases: [published: string, mode: string, pages: number][] = [
    ['false', 'edited', 0],
    ['false', 'edited', 0],
    ['true', 'added', 1],
    ['false', 'removed', 0],
  ];
  for (const [[published, mode, pages], i] of cases.map((c, i) => [c, i] as const)) {
    fs.writeFileSync(file, post({ title: `丙${i}`, date: at('03'), categories: 'paper', tags: 't1', published }));
    const changes = emptyChangeSet();
    changes.posts.add(file);
    const report = dev.rebuild(changes, store);
    assert.equal(report.mode, mode, `step ${i}`);
    assert.equal([...store.pages.keys()].filter((page) => page.startsWith('paper/2022/03/03/')).length, pages, `step ${i}`);
    const expected = freshPages(site);
    assert.deepEqual([...store.pages.keys()].sort(), [...expected.keys()].sort(), `step ${i}`);
    for (const [page, contents] of expected) assert.equal(servedText(store, page), contents, `${page} at step ${i}`);
  }
});

test('the sitemap is served the same after its text, held weakly, was collected', async () => {
  const site = makeSite({
    'posts/2022-01-01-a.md': post({ title: '甲', date: '2022-01-01 12:00:00 +0800', categories: 'paper', tags: 't1' }),
    'posts/2022-02-01-b.md': post({ title: '乙', date: '2022-02-01 12:00:00 +0800', categories: 'paper', tags: 't2' }),
  });
  const { dev, store } = devOn(site);
  assert.deepEqual(dev.rebuild(emptyChangeSet(), store, true).problems, []);
  const expected = freshPages(site).get('sitemap.xml');
  assert.match(expected ?? '', /<urlset[^>]*>\s*<url>\s*<loc>/);
  assert.equal(servedText(store, 'sitemap.xml'), expected);
  // The text is held past the job that made it (WeakRef), then free to go at the next collection.
  await new Promise((resolve) => setImmediate(resolve));
  v8.setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
  assert.equal(servedText(store, 'sitemap.xml'), expected);
});
