import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { load } from 'cheerio';
import { REPO, makeSite, page, post, runCli, snapshot, tempDir } from './helpers.ts';

describe('the shipped archive', () => {
  const out = tempDir('shipped');
  const result = runCli(REPO, ['build', '--out', out]);
  const read = (rel: string) => fs.readFileSync(path.join(out, rel), 'utf8');
  const $ = (rel: string) => load(read(rel));

  test('builds with exit 0 and a one-line summary', () => {
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^published 14 posts \(left out: 1 draft\) · \d+ pages, \d+ files · cache: \d+ posts reused, \d+ cleaned, \d+ files written · search: 1 shard, \d+ reused · 0 warnings into .* in [\d.]+ s\n$/);
  });

  test('every page kind is there', () => {
    for (const rel of [
      'index.html', 'page/2/index.html', 'category/dazhongribao/index.html', 'tag/dianli/index.html',
      'categories/index.html', 'tags/index.html', 'archives/index.html', '2022/index.html', '2022/01/index.html',
      '404.html', 'feed.xml', 'category/dazhongribao/feed.xml', 'sitemap.xml', 'robots.txt', 'assets/style.css',
      'dazhongribao/2022/01/18/rang-dianli-yingshang-ruanhuanjing/index.html',
    ]) assert.ok(fs.existsSync(path.join(out, rel)), rel);
  });

  test('the home page lists the newest first, ten a page, with rel=next and an excerpt', () => {
    const home = $('index.html');
    const items = home('.post-card');
    assert.equal(items.length, 10);
    assert.equal(items.first().find('h2').text(), '关于本档案');
    assert.equal(items.first().find('time').attr('datetime'), '2023-11-27T09:00:00+08:00');
    assert.equal(items.first().find('.excerpt').text(), '本站收录的报纸、更新方式，以及如何投稿一篇文章。');
    assert.equal(home('link[rel=next]').attr('href'), '/page/2/');
    const second = $('page/2/index.html');
    assert.equal(second('.post-card').length, 4);
    assert.equal(second('link[rel=prev]').attr('href'), '/');
    assert.equal(second('.post-card h2').last().text(), '青岛港自动化码头作业效率再创新高');
  });

  test('the article page has its title, date, newspaper, tags and neighbours', () => {
    const a = $('dazhongribao/2022/01/18/rang-dianli-yingshang-ruanhuanjing/index.html');
    assert.equal(a('html').attr('lang'), 'zh-CN');
    assert.equal(a('article h1').text(), '让电力营商“软环境”成为企业发展“硬支撑”');
    assert.equal(a('article time').first().attr('datetime'), '2022-01-18T09:52:23+08:00');
    assert.equal(a('article time').first().text(), '2022年1月18日');
    assert.equal(a('article a[href="/category/dazhongribao/"]').first().text(), '大众日报');
    assert.equal(a('article a[rel=tag]').first().text(), '大众日报新闻');
    assert.equal(a('article a[rel=tag]').first().attr('href'), '/tag/dazhongribaoxinwen/');
    assert.match(a('.article-body').text(), /国网昌邑市供电公司始终将优质服务工作摆在与安全生产同等重要位置/);
    assert.equal(a('.post-nav a[rel=next]').attr('href'), '/renminribao/2022/03/08/nvxing-chuangye/');
    assert.equal(a('.post-nav a[rel=prev]').attr('href'), '/dazhongribao/2021/12/03/guangfu-fupin/');
  });

  test('categories show their Chinese names with counts; tags are pinyin URLs', () => {
    const c = $('categories/index.html');
    const dz = c('a[href="/category/dazhongribao/"]');
    assert.equal(dz.text(), '大众日报');
    assert.equal(dz.next('.count').text(), '4 篇');
    const t = $('tags/index.html');
    assert.equal(t('a[href="/tag/yingshanghuanjing/"]').text(), '营商环境');
  });

  test('feeds are Atom with full content and absolute URLs; sitemap and robots name each other', () => {
    const feed = load(read('feed.xml'), { xml: true });
    assert.equal(feed('feed > entry').length, 14);
    assert.equal(feed('feed > entry > link').first().attr('href'), 'https://archive.example.com/zhanwu/2023/11/27/guanyu-ben-dang-an/');
    assert.match(feed('feed > entry > content').first().text(), /<strong>报纸新闻存档<\/strong>/);
    const catFeed = load(read('category/dazhongribao/feed.xml'), { xml: true });
    assert.equal(catFeed('entry').length, 4);
    const sitemap = load(read('sitemap.xml'), { xml: true });
    assert.ok(sitemap('url > loc').toArray().some((l) => load(l).text() === 'https://archive.example.com/dazhongribao/2022/01/18/rang-dianli-yingshang-ruanhuanjing/'));
    assert.match(read('robots.txt'), /^Sitemap: https:\/\/archive\.example\.com\/sitemap\.xml$/m);
  });

  test('a draft is not published', () => {
    assert.ok(!read('index.html').includes('尚未完成的稿件'));
  });
});

describe('bad input: every problem at once, path:line, nothing written', () => {
  const good = post({ title: '好文章', date: '2022-01-01 08:00:00 +0800', categories: 'a' });
  const files = {
    'posts/2022-01-01-good.md': good,
    'posts/2022-01-02-yaml.md': '---\ntitle: x\ntags: [a, b\n---\nbody\n',
    'posts/2022-01-03-date.md': post({ title: 'x', date: '2022-02-30 10:00:00' }),
    'posts/2022-01-04-nofm.md': 'no front matter here\n',
    'posts/nodate.md': post({ title: 'x' }),
    'posts/2022-01-06-list.md': '---\n- a\n---\n',
    'posts/2022-01-07-binary.md': Buffer.from([0x00, 0xff, 0x10, 0x00, 0x80]),
    'posts/2022-01-08-dup-a.md': post({ title: 'x', permalink: '/same/' }),
    'posts/2022-01-08-dup-b.md': post({ title: 'y', permalink: '/same/' }),
    'posts/2022-01-09-escape.md': post({ title: 'x', permalink: '/../../outside/' }),
    'posts/2022-01-10-open.md': '---\ntitle: never closed\n',
  };

  test('strict: exit 1, all errors listed with file and line, the previous dist/ untouched', () => {
    const site = makeSite({ ...files, 'dist/index.html': 'previous site', 'dist/old/page.html': 'old page' });
    const before = snapshot(path.join(site, 'dist'));
    const result = runCli(site, ['build']);
    assert.equal(result.code, 1);
    const expected = [
      /posts\/2022-01-02-yaml\.md:[34]: error: invalid YAML/,
      /posts\/2022-01-03-date\.md:3: error: invalid date "2022-02-30 10:00:00"/,
      /posts\/2022-01-04-nofm\.md:1: error: missing front matter/,
      /posts\/nodate\.md:1: error: the post has no date/,
      /posts\/2022-01-06-list\.md:2: error: front matter must be a mapping/,
      /posts\/2022-01-07-binary\.md:1: error: not a text file/,
      /posts\/2022-01-08-dup-b\.md:3: error: two posts have the URL \/same\/: posts\/2022-01-08-dup-a\.md and posts\/2022-01-08-dup-b\.md/,
      /posts\/2022-01-09-escape\.md:3: error: the URL \/\.\.\/\.\.\/outside\/ is not allowed/,
      /posts\/2022-01-10-open\.md:1: error: front matter is not closed/,
    ];
    for (const pattern of expected) assert.match(result.stderr, pattern);
    assert.match(result.stderr, /nothing was written/);
    assert.deepEqual(snapshot(path.join(site, 'dist')), before);
    assert.ok(!fs.existsSync(path.join(site, '..', 'outside')));
    assert.deepEqual(fs.readdirSync(site).sort(), ['.cache', 'dist', 'posts'], 'no staging folder is left behind');
  });

  test('--skip-invalid publishes the valid posts, prints warnings, exits 0', () => {
    const site = makeSite(files);
    const result = runCli(site, ['build', '--skip-invalid']);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /published 2 posts \(left out: 9 invalid\)/);
    assert.match(result.stderr, /posts\/2022-01-03-date\.md:3: warning: invalid date/);
    assert.equal(page(site, '2022/01/01/good/index.html'.replace(/^/, 'a/'))('h1').text(), '好文章');
    assert.equal(page(site, 'same/index.html')('h1').text(), 'x');
  });

  test('a broken template fails the build and keeps the previous site', () => {
    const site = makeSite({ 'posts/2022-01-01-good.md': good, 'templates/post.njk': '{% extends "base.njk" %}{% block main %}{{ post.title | nosuchfilter }}{% endblock %}', 'dist/index.html': 'previous' });
    const result = runCli(site, ['build']);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /templates\/post\.njk.*nosuchfilter/);
    assert.equal(fs.readFileSync(path.join(site, 'dist/index.html'), 'utf8'), 'previous');
  });

  test('a template error names the line it is on, whether the template cannot be read or fails while rendering', () => {
    const failing = (body: string) => runCli(makeSite({ 'posts/2022-01-01-good.md': good, 'templates/post.njk': `{% extends "base.njk" %}\n{% block main %}\n<h1>{{ page.title }}</h1>\n${body}\n{% endblock %}\n` }), ['build']);
    const thrown = failing('<p>{{ page.nope() }}</p>');
    assert.equal(thrown.code, 1);
    assert.match(thrown.stderr, /^templates\/post\.njk:4: error: .*Unable to call/m);
    const unreadable = failing('{% if %}');
    assert.equal(unreadable.code, 1);
    assert.match(unreadable.stderr, /^templates\/post\.njk:4: error: /m);
  });
});

describe('Jekyll reading rules', () => {
  test('date and slug from the name, front matter overrides, site zone whatever the machine zone', () => {
    const site = makeSite({
      'posts/2022-01-18-from-name.md': post({ title: 'a' }),
      'posts/2022-01-18-override.md': post({ title: 'b', date: '2022-01-19 00:30:00', slug: 'custom' }),
      'posts/sub/dir/2020-05-05-nested.markdown': post({ title: 'c' }),
    });
    assert.equal(runCli(site, ['build']).code, 0);
    assert.equal(page(site, '2022/01/18/from-name/index.html')('time').attr('datetime'), '2022-01-18T00:00:00+08:00');
    assert.equal(page(site, '2022/01/19/custom/index.html')('time').attr('datetime'), '2022-01-19T00:30:00+08:00');
    assert.equal(page(site, '2020/05/05/nested/index.html')('h1').text(), 'c');
  });

  test('BOM and CRLF are accepted', () => {
    const site = makeSite({ 'posts/2022-01-18-crlf.md': Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('---\r\ntitle: "回车换行"\r\ncategories: a b\r\n---\r\n<p>正文</p>\r\n')]) });
    assert.equal(runCli(site, ['build']).code, 0);
    const $ = page(site, 'a/b/2022/01/18/crlf/index.html');
    assert.equal($('h1').text(), '回车换行');
    assert.equal($('article .category').length, 2);
  });

  test('missing title and unknown layout are warnings at path:line', () => {
    const site = makeSite({ 'posts/2022-01-18-hello-world.md': post({ layout: 'fancy', tags: 'x' }) });
    const result = runCli(site, ['build']);
    assert.equal(result.code, 0);
    assert.match(result.stderr, /posts\/2022-01-18-hello-world\.md:1: warning: the post has no title; using "Hello World"/);
    assert.match(result.stderr, /posts\/2022-01-18-hello-world\.md:2: warning: unknown layout "fancy"/);
    assert.equal(page(site, '2022/01/18/hello-world/index.html')('h1').text(), 'Hello World');
  });

  test('a site template for a layout is used', () => {
    const site = makeSite({
      'posts/2022-01-18-a.md': post({ title: 'T', layout: 'bare', extra: '"自定义字段"' }),
      'templates/bare.njk': '<p class="bare">{{ post.title }}|{{ post.extra }}</p>',
    });
    assert.equal(runCli(site, ['build']).code, 0);
    assert.equal(page(site, '2022/01/18/a/index.html')('.bare').text(), 'T|自定义字段');
  });

  test('drafts, future posts and published: false are left out and counted; flags let them in', () => {
    const site = makeSite({
      'posts/2022-01-18-now.md': post({ title: 'now' }),
      'posts/_drafts/2022-01-18-d1.md': post({ title: 'd1' }),
      'posts/2022-01-18-d2.md': post({ title: 'd2', draft: 'true' }),
      'posts/2999-01-01-future.md': post({ title: 'future' }),
      'posts/2022-01-18-hidden.md': post({ title: 'hidden', published: 'false' }),
    });
    const strict = runCli(site, ['build']);
    assert.match(strict.stdout, /published 1 post \(left out: 2 drafts, 1 future, 1 unpublished\)/);
    const all = runCli(site, ['build', '--drafts', '--future']);
    assert.match(all.stdout, /published 4 posts \(left out: 1 unpublished\)/);
    assert.ok(fs.existsSync(path.join(site, 'dist/2999/01/01/future/index.html')));
  });

  test('permalink styles and front matter permalinks', () => {
    const site = makeSite({
      'newsarchive.yml': 'permalink: date\n',
      'posts/2022-01-18-jekyll.md': post({ title: 'j', categories: 'dazhongribao' }),
      'posts/2022-01-18-own.md': post({ title: 'o', permalink: '/special/:year/page.html' }),
    });
    assert.equal(runCli(site, ['build']).code, 0);
    assert.ok(fs.existsSync(path.join(site, 'dist/dazhongribao/2022/01/18/jekyll.html')));
    assert.ok(fs.existsSync(path.join(site, 'dist/special/2022/page.html')));
  });

  test('Chinese categories get pinyin URLs and keep their names on the page', () => {
    const site = makeSite({ 'posts/2022-01-18-a.md': post({ title: 'a', categories: '电力/能源', tags: '[营商环境]' }) });
    assert.equal(runCli(site, ['build']).code, 0);
    assert.equal(page(site, 'category/dianli-nengyuan/index.html')('h1').text(), '报纸：电力/能源');
    assert.equal(page(site, 'tag/yingshanghuanjing/index.html')('h1').text(), '标签：营商环境');
  });
});

describe('site settings and commands', () => {
  test('a base path prefixes every link; feeds use the absolute URL', () => {
    const site = makeSite({ 'newsarchive.yml': 'url: https://news.example.cn\n', 'posts/2022-01-18-a.md': post({ title: 'a', categories: 'x' }) });
    assert.equal(runCli(site, ['build', '--base-path', '/archive/']).code, 0);
    const home = page(site, 'index.html');
    assert.equal(home('link[rel=stylesheet]').attr('href'), '/archive/assets/style.css');
    assert.equal(home('.post-card h2 a').attr('href'), '/archive/x/2022/01/18/a/');
    const hrefs = home('a[href]').toArray().map((a) => home(a).attr('href')!);
    assert.ok(hrefs.every((h) => h.startsWith('/archive/') || h === '#main'), hrefs.join(' '));
    assert.match(fs.readFileSync(path.join(site, 'dist/feed.xml'), 'utf8'), /href="https:\/\/news\.example\.cn\/archive\/x\/2022\/01\/18\/a\/"/);
  });

  test('--posts and --out name other folders', () => {
    const site = makeSite({ 'articles/2022-01-18-a.md': post({ title: 'a' }) });
    const result = runCli(site, ['build', '--posts', 'articles', '--out', 'public_html']);
    assert.equal(result.code, 0, result.stderr);
    assert.ok(fs.existsSync(path.join(site, 'public_html/2022/01/18/a/index.html')));
  });

  test('public/ is copied as it is', () => {
    const site = makeSite({ 'posts/2022-01-18-a.md': post({ title: 'a' }), 'public/images/logo.png': Buffer.from([1, 2, 3]), 'public/CNAME': 'news.example.cn\n' });
    assert.equal(runCli(site, ['build']).code, 0);
    assert.deepEqual([...fs.readFileSync(path.join(site, 'dist/images/logo.png'))], [1, 2, 3]);
    assert.equal(fs.readFileSync(path.join(site, 'dist/CNAME'), 'utf8'), 'news.example.cn\n');
  });

  test('usage and config errors exit 2 with a message', () => {
    const site = makeSite({ 'posts/2022-01-18-a.md': post({ title: 'a' }) });
    assert.equal(runCli(site, ['publish']).code, 2);
    const flag = runCli(site, ['build', '--fast']);
    assert.equal(flag.code, 2);
    assert.match(flag.stderr, /--fast/);
    fs.writeFileSync(path.join(site, 'newsarchive.yml'), 'title: x\npagesize: 10\n');
    const config = runCli(site, ['build']);
    assert.equal(config.code, 2);
    assert.match(config.stderr, /newsarchive\.yml: error: unknown config key "pagesize"/);
    assert.ok(!fs.existsSync(path.join(site, 'dist')));
  });

  test('--help lists the commands', () => {
    const result = runCli(REPO, ['--help']);
    assert.equal(result.code, 0);
    for (const word of ['build', 'dev', 'new', '--skip-invalid', '--base-path']) assert.ok(result.stdout.includes(word), word);
  });

  test('new writes a correctly named post that builds', () => {
    const site = makeSite({});
    const result = runCli(site, ['new', '营商环境再优化', '--category', 'dazhongribao', '--tags', '电力,营商环境'], { TZ: 'UTC' });
    assert.equal(result.code, 0, result.stderr);
    const created = result.stdout.trim().replace(/^created /, '');
    assert.match(created, /^posts\/\d{4}-\d{2}-\d{2}-yingshanghuanjingzaiyouhua\.md$/);
    const text = fs.readFileSync(path.join(site, created), 'utf8');
    assert.match(text, /^title: "营商环境再优化"$/m);
    assert.match(text, /^date: \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} \+0800$/m);
    assert.match(text, /^tags: \["电力", "营商环境"\]$/m);
    assert.equal(runCli(site, ['new', '营商环境再优化']).code, 2, 'an existing post is not overwritten');
    assert.equal(runCli(site, ['build']).code, 0);
  });
});
