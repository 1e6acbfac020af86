// The search index at build time: what is indexed, and turning it off.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import zlib from 'node:zlib';
import { DEFAULT_SHARD_LIMITS, cutShards, shardLimitsFromEnv } from '../src/search/index.ts';
import { coldBuild, coldSnapshot, makeSite, page, post, runCli, snapshot, treeOf } from './helpers.ts';
import type { Diagnostic } from '../src/diagnostics.ts';
import { indexShards } from '../lib/search/index.js';
import { keptShards, shardFolderOf, shardFolders } from '../src/search/shard-files.ts';

const POSTS = {
  'posts/2022-01-18-a.md': post({ title: '优化营商环境', date: '2022-01-18 09:00:00 +0800', categories: 'dazhongribao', tags: '[大众日报新闻]' }, '<p>国网昌邑市供电公司持续优化电力营商环境。</p>'),
  'posts/2021-05-01-b.md': post({ title: '乡村振兴', date: '2021-05-01 09:00:00 +0800', categories: 'renminribao' }, '<p>乡村振兴的故事。</p>'),
};

test('the build indexes the articles, and only them, in Chinese', () => {
  const site = makeSite(POSTS);
  const result = runCli(site, ['build']);
  assert.equal(result.code, 0, result.stderr);
  const entry = JSON.parse(fs.readFileSync(path.join(site, 'dist/pagefind/pagefind-entry.json'), 'utf8'));
  assert.deepEqual(Object.keys(entry.languages), ['zh-cn'], 'segmented as Chinese');
  assert.equal(entry.languages['zh-cn'].page_count, 2, 'two articles; listings, stats and search pages are not indexed');
  assert.ok(fs.existsSync(path.join(site, 'dist/pagefind/pagefind.js')));
  assert.equal(fs.readdirSync(path.join(site, 'dist/pagefind/fragment')).length, 2);
  assert.deepEqual(JSON.parse(fs.readFileSync(path.join(site, 'dist/pagefind/shards.json'), 'utf8')), { merge: [] }, 'a small archive is one shard');

  const $ = page(site, 'dazhongribao/2022/01/18/a/index.html');
  assert.equal($('[data-pagefind-body]').length, 1);
  assert.ok($('article').is('[data-pagefind-body]'));
  assert.equal($('article time').attr('data-pagefind-filter'), 'year:2022');
  assert.equal($('article [data-pagefind-filter="newspaper"]').text(), '大众日报');
  assert.equal($('article [data-pagefind-meta="newspaper"]').text(), '大众日报');
  assert.equal($('.related [data-pagefind-body], nav [data-pagefind-body]').length, 0);
  const home = page(site, 'index.html');
  assert.equal(home('[data-pagefind-body]').length, 0);
  assert.equal(home('form.site-search').attr('action'), '/search/');
  assert.equal(home('form.site-search').attr('method'), 'get');
  assert.equal(home('form.site-search input[type="search"]').attr('name'), 'q');
  const search = page(site, 'search/index.html');
  assert.equal(search('[data-search-root]').attr('data-enabled'), 'true');
  assert.equal(search('script[src]').attr('src'), '/assets/search.js');
});

test('--no-search skips the index and the search page says search is off', () => {
  const site = makeSite(POSTS);
  const result = runCli(site, ['build', '--no-search']);
  assert.equal(result.code, 0, result.stderr);
  assert.equal(fs.existsSync(path.join(site, 'dist/pagefind')), false);
  const $ = page(site, 'search/index.html');
  assert.equal($('[data-search-root]').attr('data-enabled'), 'false');
  assert.match($('.search-status').text(), /没有生成搜索索引/);
});

test('"search: false" in the config skips the index; a value that is not true or false is a config error', () => {
  const off = makeSite({ ...POSTS, 'newsarchive.yml': 'search: false\n' });
  assert.equal(runCli(off, ['build']).code, 0);
  assert.equal(fs.existsSync(path.join(off, 'dist/pagefind')), false);
  const bad = makeSite({ ...POSTS, 'newsarchive.yml': 'search: "yes"\n' });
  const result = runCli(bad, ['build']);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /config key "search" must be true or false/);
});

test('under a base path the search page knows where the index and the site are', () => {
  const site = makeSite(POSTS);
  assert.equal(runCli(site, ['build', '--base-path', '/archive/']).code, 0);
  const $ = page(site, 'search/index.html');
  assert.equal($('[data-search-root]').attr('data-pagefind'), '/archive/pagefind/pagefind.js');
  assert.equal($('[data-search-root]').attr('data-base-url'), '/archive/');
  assert.equal($('[data-search-root]').attr('action'), '/archive/search/');
  assert.ok(fs.existsSync(path.join(site, 'dist/pagefind/pagefind.js')));
});

/** Every record of one Pagefind bundle, as the browser will read them. */
function fragments(dir: string): Array<{ url: string; content: string; meta: Record<string, string>; filters: Record<string, string[]> }> {
  return fs.readdirSync(path.join(dir, 'fragment')).map((name) => {
    const text = zlib.gunzipSync(fs.readFileSync(path.join(dir, 'fragment', name))).toString('utf8');
    assert.ok(text.startsWith('pagefind_dcd'), name);
    const record = JSON.parse(text.slice('pagefind_dcd'.length));
    // Pagefind marks the Chinese word breaks it found with zero-width spaces.
    return { ...record, content: record.content.replaceAll('\u200b', '') };
  });
}

test('the index holds each article: its text, title, date, newspaper and year, not the page around it', () => {
  const site = makeSite({
    ...POSTS,
    // 20:00 UTC on New Year's Eve is already 2022 in Shanghai.
    'posts/2021-12-31-c.md': post({ title: '跨年夜的供电保障', date: '2021-12-31 20:00:00 +0000', categories: '[dazhongribao, renminribao]', tags: '[电力]' }, '<p>第一段讲供电</p><p>第二段&amp;讲“民生”</p>'),
  });
  assert.equal(runCli(site, ['build']).code, 0);
  const records = new Map(fragments(path.join(site, 'dist/pagefind')).map((r) => [r.url, r]));
  assert.equal(records.size, 3, 'one record per article');
  const c = [...records.values()].find((r) => r.meta.title === '跨年夜的供电保障')!;
  assert.deepEqual(c.meta, { title: '跨年夜的供电保障', date: '2022年1月1日', newspaper: '大众日报' });
  // The newspapers as the article page names them (a name unknown to the site stays its slug).
  const $c = page(site, `${c.url}index.html`);
  const shown = $c('article .category').map((_, el) => $c(el).text()).get();
  assert.equal(shown.length, 2);
  assert.deepEqual(c.filters, { year: ['2022'], newspaper: shown });
  assert.match(c.content, /跨年夜的供电保障/);
  assert.ok(c.content.includes(shown.join(' ')), 'the newspapers can be searched by name');
  assert.match(c.content, /第一段讲供电\.?\s+第二段&讲“民生”/, 'paragraphs stay apart, entities are decoded');
  assert.match(c.content, /电力/, 'tags are searchable');
  assert.doesNotMatch(c.content, /下一篇|相关文章|字 · 约/, 'navigation and reading time are not indexed');
  const a = [...records.values()].find((r) => r.meta.title === '优化营商环境')!;
  assert.match(a.content, /国网昌邑市供电公司持续优化电力营商环境/);
  assert.deepEqual(a.filters, { year: ['2022'], newspaper: ['大众日报'] });
});

test('a large archive is indexed in shards of consecutive dates, newest first, each listed for the browser and stripped to its data', () => {
  const site = makeSite(ninePosts());
  const result = runCli(site, ['build'], { NEWSARCHIVE_SEARCH_SHARD_POSTS: '3' });
  assert.equal(result.code, 0, result.stderr);
  const dir = path.join(site, 'dist/pagefind');
  const { merge } = JSON.parse(fs.readFileSync(path.join(dir, 'shards.json'), 'utf8'));
  assert.ok(merge.length >= 2, `nine articles, at most three a shard: ${merge}`);
  assert.deepEqual(merge, merge.map((_: string, i: number) => `${merge.length - i}/`), 'newest first, the oldest in 1/');
  const shards = [dir, ...merge.map((m: string) => path.join(dir, m))];
  const days = shards.map((shard) => fragments(shard).map((r) => Number(/\d+/.exec(r.meta.title)![0])).sort((a, b) => b - a));
  assert.deepEqual(days.flat(), [9, 8, 7, 6, 5, 4, 3, 2, 1], 'newest first, consecutive, every article once');
  for (const [i, shard] of shards.entries()) {
    assert.ok(days[i].length >= 1 && days[i].length <= 3, `shard ${i}: ${days[i]}`);
    const entry = JSON.parse(fs.readFileSync(path.join(shard, 'pagefind-entry.json'), 'utf8'));
    assert.deepEqual(Object.keys(entry.languages), ['zh-cn']);
    assert.equal(entry.languages['zh-cn'].page_count, days[i].length);
    assert.equal(fs.existsSync(path.join(shard, 'pagefind.js')), i === 0, 'only the first shard carries the scripts');
  }
  assert.match(result.stdout, new RegExp(`search: ${shards.length} shards, 0 reused`));
});

test('a rebuild indexes only the shard whose articles changed, and its index equals a cold build\'s', () => {
  const site = makeSite(ninePosts());
  const env = { NEWSARCHIVE_SEARCH_SHARD_POSTS: '3' };
  const build = (args: string[] = []) => {
    const result = runCli(site, ['build', ...args], env);
    assert.equal(result.code, 0, result.stderr);
    return /search: (\d+) shards?, (\d+) reused/.exec(result.stdout)!.slice(1).map(Number);
  };
  const [shards] = build();
  const first = treeOf(path.join(site, 'dist'));
  const again = runCli(site, ['build'], env);
  assert.match(again.stdout, /site unchanged/);
  assert.deepEqual(treeOf(path.join(site, 'dist')), first, 'nothing changed: the index stays as it is');

  fs.writeFileSync(path.join(site, 'posts/2022-03-05-p5.md'), post({ title: '第5篇', date: '2022-03-05 09:00:00 +0800', categories: 'dazhongribao' }, '<p>营商环境第5篇，改过的文字：电网。</p>'));
  const [afterEdit, reusedAfterEdit] = build();
  assert.equal(afterEdit, shards);
  assert.equal(reusedAfterEdit, shards - 1, 'one article edited: one shard indexed');
  const edited = allFragments(path.join(site, 'dist/pagefind')).find((r) => r.meta.title === '第5篇')!;
  assert.match(edited.content, /改过的文字/);

  const index = path.join(site, 'dist/pagefind');
  const inodes = () => new Map(fs.readdirSync(index, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => [path.relative(index, path.join(e.parentPath, e.name)), fs.statSync(path.join(e.parentPath, e.name)).ino]));
  const beforeAdd = inodes();
  fs.writeFileSync(path.join(site, 'posts/2022-03-10-p10.md'), post({ title: '第10篇', date: '2022-03-10 09:00:00 +0800', categories: 'dazhongribao' }, '<p>营商环境第10篇。</p>'));
  const [afterAdd, reusedAfterAdd] = build();
  assert.ok(reusedAfterAdd >= afterAdd - 2, `a newest article changes the newest shards only: ${reusedAfterAdd} of ${afterAdd} reused`);
  // Here it makes a shard of its own: the one that was newest moves out of the index's folder, the
  // others stay where they were, their files untouched.
  assert.equal(afterAdd, shards + 1);
  const afterAddInodes = inodes();
  const older = [...beforeAdd].filter(([file]) => /^\d+\//.test(file));
  assert.ok(older.length > 0);
  for (const [file, ino] of older) assert.equal(afterAddInodes.get(file), ino, `${file} left as it was`);

  const kept = fs.readdirSync(path.join(site, '.cache/search')).filter((name) => !name.startsWith('assets-'));
  assert.equal(kept.length, afterAdd, 'the cache keeps the shards of the last build only');
  fs.rmSync(path.join(site, '.cache'), { recursive: true });
  const cold = runCli(site, ['build', '--out', 'dist-cold'], env);
  assert.equal(cold.code, 0, cold.stderr);
  assert.deepEqual(treeOf(path.join(site, 'dist/pagefind')), treeOf(path.join(site, 'dist-cold/pagefind')), 'byte for byte');
});

test('shards are cut by the articles, so an article added or removed moves no boundary far from it', () => {
  const items = Array.from({ length: 400 }, (_, i) => ({ url: `/posts/${i}/`, chars: 100 }));
  const limits = { posts: 20, chars: 1_000_000 };
  const cut = (list: typeof items) => cutShards(list, limits).map((shard) => shard.map((item) => item.url).join(' '));
  const base = cut(items);
  assert.equal(base.join(' '), items.map((item) => item.url).join(' '), 'every article once, in order');
  for (const shard of cutShards(items, limits)) assert.ok(shard.length <= 20);
  assert.ok(base.length >= 400 / 20 && base.length <= 400 / 4, `${base.length} shards`);

  // A newer article at the end (the list runs oldest first) leaves all but the last shard alone.
  const grown = cut([...items, { url: '/posts/new/', chars: 100 }]);
  assert.deepEqual(grown.slice(0, base.length - 1), base.slice(0, -1));
  // One removed from the middle changes its own shard and perhaps the one after: never more.
  const without = cut(items.filter((item) => item.url !== '/posts/200/'));
  const changed = base.filter((shard) => !without.includes(shard));
  assert.ok(changed.length >= 1 && changed.length <= 2, `changed: ${changed.length}`);
});

test('an archive growing at its newest end indexes a small piece per new article, and a full shard once its open end closes', () => {
  const limits = { posts: 20, chars: 1_000_000 };
  const item = (i: number) => ({ url: `/posts/${i}/`, chars: 100 });
  const cut = (n: number) => cutShards(Array.from({ length: n }, (_, i) => item(i)), limits).map((shard) => shard.map((it) => it.url).join(' '));
  let before = cut(300);
  let small = 0;
  let closing = 0;
  for (let n = 301; n <= 500; n++) {
    const after = cut(n);
    const made = after.filter((shard) => !before.includes(shard));
    const articles = made.reduce((sum, shard) => sum + shard.split(' ').length, 0);
    assert.ok(made.length >= 1 && after.at(-1)!.endsWith(`/posts/${n - 1}/`), 'the new article is in the newest shard');
    if (articles <= 5) small++;
    else {
      // The open end closed: its pieces became one shard of at most the limit, nothing older moved.
      assert.equal(made.length, 1, `article ${n - 1}: ${made}`);
      assert.ok(articles <= 20);
      closing++;
    }
    before = after;
  }
  assert.ok(small >= 150 && closing >= 1, `${small} adds indexed a piece of at most a quarter of the limit, ${closing} closed the open end`);
});

test('shards close at the post limit or the character budget, whichever comes first, and never split an article', () => {
  const item = (url: string, chars: number) => ({ url, chars });
  // A limit of one post makes every article its own shard; the budget closes a shard before it overflows.
  const cut = (items: ReturnType<typeof item>[], posts: number, chars: number) => cutShards(items, { posts, chars }).map((shard) => shard.map((r) => r.url).join(''));
  const five = ['a', 'b', 'c', 'd', 'e'].map((url) => item(url, 10));
  assert.deepEqual(cut(five, 1, 1000), ['a', 'b', 'c', 'd', 'e']);
  for (const shard of cut(five, 1000, 30)) assert.ok(shard.length <= 3, shard);
  assert.deepEqual(cut(five, 1000, 30).join(''), 'abcde');
  assert.deepEqual(cut([item('a', 50), item('b', 5), item('c', 5)], 1000, 30)[0], 'a', 'an article over the budget gets a shard of its own');
  assert.deepEqual(cut([], 2, 1000), []);
  assert.deepEqual(shardLimitsFromEnv({ NEWSARCHIVE_SEARCH_SHARD_POSTS: '3' }).posts, 3);
  assert.deepEqual(shardLimitsFromEnv({ NEWSARCHIVE_SEARCH_SHARD_POSTS: 'x' }), DEFAULT_SHARD_LIMITS);
});

/** Every record of a sharded index. */
function allFragments(dir: string): ReturnType<typeof fragments> {
  const { merge } = JSON.parse(fs.readFileSync(path.join(dir, 'shards.json'), 'utf8'));
  return [dir, ...merge.map((m: string) => path.join(dir, m))].flatMap((shard) => fragments(shard));
}

/** Nine articles on consecutive days: a few shards, with a small post limit. */
function ninePosts(): Record<string, string> {
  const files: Record<string, string> = {};
  for (let day = 1; day <= 9; day++) files[`posts/2022-03-0${day}-p${day}.md`] = post({ title: `第${day}篇`, date: `2022-03-0${day} 09:00:00 +0800`, categories: 'dazhongribao' }, `<p>营商环境第${day}篇。</p>`);
  return files;
}

/** Two articles with many tags: the index is a few files against many pages. */
function taggedPosts(): Record<string, string> {
  const files: Record<string, string> = {};
  for (let i = 1; i <= 2; i++) files[`posts/2022-03-0${i}-t${i}.md`] = post({ title: `第${i}篇`, date: `2022-03-0${i} 09:00:00 +0800`, categories: 'dazhongribao', tags: `[${Array.from({ length: 40 }, (_, k) => `标签${i}-${k}`).join(', ')}]` });
  return files;
}

test('each file of the index belongs to one shard, and a shard is kept only when all its files are there under its key', () => {
  assert.deepEqual(['pagefind/pagefind.js', 'pagefind/fragment/a.pf_fragment', 'pagefind/shards.json', 'pagefind/2/index/b.pf_index', 'pagefind/12/pagefind-entry.json'].map(shardFolderOf), ['', '', '', '2', '12']);
  const keys = new Map([['', 'k0'], ['1', 'k1'], ['2', 'k2']]);
  const files = ['pagefind/pagefind-entry.json', 'pagefind/shards.json', 'pagefind/1/pagefind-entry.json', 'pagefind/1/index/x.pf_index', 'pagefind/2/pagefind-entry.json', 'index.html'];
  const recorded = new Map([['pagefind/pagefind-entry.json', 'k0'], ['pagefind/shards.json', 's'], ['pagefind/1/pagefind-entry.json', 'k1'], ['pagefind/1/index/x.pf_index', 'k1'], ['pagefind/2/pagefind-entry.json', 'old'], ['index.html', 'page']]);
  assert.deepEqual(keptShards({ files: new Set(files), keys: recorded }, keys), new Map([['', ['pagefind/pagefind-entry.json']], ['1', ['pagefind/1/pagefind-entry.json', 'pagefind/1/index/x.pf_index']]]));
  // A static file of the site in a shard's folder has no key, and may stand in for one of the shard's files.
  assert.deepEqual([...keptShards({ files: new Set([...files, 'pagefind/1/extra.txt']), keys: recorded }, keys).keys()], ['']);
  // A file changed by hand since loses its key (see asLeft in build.ts): its whole shard is written again.
  recorded.delete('pagefind/1/index/x.pf_index');
  assert.deepEqual([...keptShards({ files: new Set(files), keys: recorded }, keys).keys()], ['']);
});

test('the newest shard lies in the index\'s folder and the others in folders numbered from the oldest, so a new newest shard moves one shard only', () => {
  assert.deepEqual(shardFolders(1), ['']);
  assert.deepEqual(shardFolders(4), ['', '3', '2', '1']);
  // One more shard at the newest end: the old newest one goes to a folder of its own, no other moves.
  assert.deepEqual(shardFolders(5).slice(2), shardFolders(4).slice(1));
});

/**
 * A site of `files` (and `more`) built with three articles a shard: `build` runs the CLI with
 * `env` and more variables and gives its output, `edit` rewrites the first post with `words`.
 */
function searchSite(files: Record<string, string>, more: Record<string, string> = {}) {
  const site = makeSite({ ...files, ...more });
  const env = { NEWSARCHIVE_SEARCH_SHARD_POSTS: '3' };
  const build = (vars: Record<string, string> = {}) => {
    const result = runCli(site, ['build'], { ...env, ...vars });
    assert.equal(result.code, 0, result.stderr);
    return `${result.stdout}${result.stderr}`;
  };
  const edit = (words: string) => fs.writeFileSync(path.join(site, Object.keys(files)[0]), post({ title: '改过的一篇', date: '2022-03-01 09:00:00 +0800', categories: 'dazhongribao' }, `<p>${words}</p>`));
  return { site, dist: path.join(site, 'dist'), env, build, edit };
}

test('the index is a part of the site like its pages: kept when nothing changed, mended when changed by hand, made again after a failure', () => {
  // Both ways to commit a rebuild (see the test below): nine articles, and two with many tags.
  for (const files of [ninePosts(), taggedPosts()]) {
    const { site, dist, env, build, edit } = searchSite(files);
    build();
    const first = treeOf(dist);
    assert.match(build(), /site unchanged/);
    assert.deepEqual(treeOf(dist), first, 'nothing changed: the index is kept as it is');

    const entry = path.join(dist, 'pagefind/pagefind-entry.json');
    fs.writeFileSync(entry, '{}');
    assert.match(build(), /search: \d+ shards/, 'a file of the index changed by hand: the site is not kept whole');
    assert.deepEqual(treeOf(dist), first, 'the changed file is mended');

    edit('第一次改过的文字');
    build();
    assert.deepEqual(treeOf(dist), treeOf(coldBuild(site, env)), 'an edit: what a cold build writes');

    edit('第二次改过的文字');
    assert.match(build({ PAGEFIND_BINARY_PATH: '/bin/false' }), /search index not built/);
    assert.equal(fs.existsSync(path.join(dist, 'pagefind')), false, 'a failed index leaves none');
    assert.match(build(), /search: \d+ shards/, 'the next build makes the index again');
    assert.deepEqual(treeOf(dist), treeOf(coldBuild(site, env)));
  }
});

test('a file of public/pagefind/ stays beside the index or replaces its file, one no build recorded goes, and rebuilds keep both as a cold build writes them, as files come and go', () => {
  for (const files of [ninePosts(), taggedPosts()]) {
    const { site, dist, env, build, edit } = searchSite(files, { 'public/pagefind/extra.txt': '站点自己的文件', 'public/pagefind/pagefind-ui.css': '/* 站点自己的样式 */' });
    assert.match(build(), /public\/pagefind\/pagefind-ui\.css replaces the generated pagefind\/pagefind-ui\.css/);
    assert.equal(fs.readFileSync(path.join(dist, 'pagefind/pagefind-ui.css'), 'utf8'), '/* 站点自己的样式 */');
    assert.match(build(), /site unchanged/, 'the static files are not taken for changed files of the index');
    edit('第一次改过的文字');
    build();
    build();
    assert.equal(fs.readFileSync(path.join(dist, 'pagefind/extra.txt'), 'utf8'), '站点自己的文件');
    assert.deepEqual(treeOf(dist), treeOf(coldBuild(site, env)));

    // A build whose record lists no index (here one whose index failed; an older version's too)
    // may have left index files: the next build does not keep them.
    edit('第二次改过的文字');
    assert.match(build({ PAGEFIND_BINARY_PATH: '/bin/false' }), /search index not built/);
    fs.mkdirSync(path.join(dist, 'pagefind/fragment'), { recursive: true });
    fs.writeFileSync(path.join(dist, 'pagefind/fragment/zh-cn_left-over.pf_fragment'), 'old');
    build();
    assert.deepEqual(treeOf(dist), treeOf(coldBuild(site, env)));

    // A static file put where the index has a file it would keep, then both static files taken away.
    fs.mkdirSync(path.join(site, 'public/pagefind/1'));
    fs.writeFileSync(path.join(site, 'public/pagefind/1/pagefind-entry.json'), '{}');
    edit('第三次改过的文字');
    build();
    assert.deepEqual(treeOf(dist), treeOf(coldBuild(site, env)));
    fs.rmSync(path.join(site, 'public/pagefind/1'), { recursive: true });
    fs.rmSync(path.join(site, 'public/pagefind/pagefind-ui.css'));
    edit('第四次改过的文字');
    build();
    assert.deepEqual(treeOf(dist), treeOf(coldBuild(site, env)), 'the index has its own files again');
  }
});

test('a build without search leaves no index behind: the output is what a cold build writes', () => {
  // Two ways to commit the rebuild. Nine articles: the index is about as many files as the pages, and
  // the new site replaces the old folder whole. Two articles with many tags: the index is a few files
  // against many pages, and the rebuild moves its changes into the live site one by one.
  for (const files of [ninePosts(), taggedPosts()]) {
    const site = makeSite(files);
    assert.equal(runCli(site, ['build']).code, 0);
    assert.ok(fs.existsSync(path.join(site, 'dist/pagefind/pagefind-entry.json')));
    fs.writeFileSync(path.join(site, 'newsarchive.yml'), 'search: false\n');
    const result = runCli(site, ['build']);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(fs.existsSync(path.join(site, 'dist/pagefind')), false, 'the index is gone');
    assert.deepEqual(snapshot(path.join(site, 'dist')), coldSnapshot(site));
  }
});

test('shards indexed side by side make the index that one at a time makes, and each is kept alone', () => {
  const site = makeSite(ninePosts());
  const build = (threads: string, out: string) => {
    fs.rmSync(path.join(site, '.cache'), { recursive: true, force: true });
    const result = runCli(site, ['build', '--out', out], { NEWSARCHIVE_SEARCH_SHARD_POSTS: '2', NEWSARCHIVE_THREADS: threads });
    assert.equal(result.code, 0, result.stderr);
    return Number(/search: (\d+) shards, 0 reused/.exec(result.stdout)![1]);
  };
  const shards = build('1', 'dist-one');
  assert.ok(shards >= 3, `${shards} shards`);
  assert.equal(build('2', 'dist'), shards);
  assert.deepEqual(treeOf(path.join(site, 'dist/pagefind')), treeOf(path.join(site, 'dist-one/pagefind')), 'byte for byte');
  // The first shard's folder holds the later ones: what the cache keeps of it must not.
  const kept = fs.readdirSync(path.join(site, '.cache/search')).filter((name) => !name.startsWith('assets-'));
  assert.equal(kept.length, shards);
  for (const name of kept) {
    const folders = fs.readdirSync(path.join(site, '.cache/search', name), { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name);
    assert.deepEqual(folders.filter((folder) => /^\d+$/.test(folder)), [], `${name}: ${folders}`);
  }
});

test('when a Pagefind process dies, the build goes on without an index instead of waiting for it', { timeout: 60_000 }, async () => {
  const record = (n: number) => ({ url: `/posts/${n}/`, content: `<html lang="zh-cn"><body><article data-pagefind-body><h1>第${n}篇</h1><p>${'营商环境'.repeat(500)}</p></article></body></html>` });
  const shard = (key: string, from: number, size: number) => ({ key, size, records: () => Array.from({ length: size }, (_, i) => record(from + i)) });
  // One lane indexes in this thread, two in threads of their own.
  for (const lanes of [1, 2]) {
    const site = makeSite();
    const outDir = path.join(site, 'pagefind');
    // The second shard's folder cannot be made: Pagefind panics while it writes that shard.
    fs.mkdirSync(outDir);
    fs.writeFileSync(path.join(outDir, '1'), 'in the way');
    const problems: Diagnostic[] = [];
    const result = await indexShards(site, [shard('a', 0, 200), shard('b', 200, 3), shard('c', 203, 200)], problems, { language: 'zh-CN', lanes });
    assert.deepEqual(result, { pages: 0, shards: 0, reused: 0 }, `${lanes} lane(s)`);
    assert.equal(problems.length, 1);
    assert.equal(problems[0].severity, 'warning');
    assert.match(problems[0].message, /search index not built: Pagefind stopped \(exit code \d+\)/);
    assert.equal(fs.existsSync(outDir), false, 'no half index is left');
    // A lane stopped with its thread stops its Pagefind too (left unreaped, a zombie, until this process ends).
    const running = () => childrenOf(process.pid).filter((child) => child.command.startsWith('pagefind') && child.state !== 'Z');
    for (let waited = 0; running().length && waited < 10_000; waited += 100) await new Promise((resolve) => setTimeout(resolve, 100));
    assert.deepEqual(running(), [], `${lanes} lane(s): no Pagefind process is left running`);
  }
});

/** The processes whose parent is `pid`, from /proc: each one's command and state (R, S, Z, …). */
function childrenOf(pid: number): { command: string; state: string }[] {
  const children: { command: string; state: string }[] = [];
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      // `pid (comm) state ppid …`: the command may hold spaces, so read after its closing bracket.
      const [state, parent] = fs.readFileSync(`/proc/${name}/stat`, 'utf8').split(') ').at(-1)!.split(' ');
      if (Number(parent) === pid) children.push({ command: fs.readFileSync(`/proc/${name}/comm`, 'utf8').trim(), state });
    } catch {
      // The process ended while the list was read.
    }
  }
  return children;
}
