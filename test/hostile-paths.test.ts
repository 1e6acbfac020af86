// Nothing a post says writes outside the output folder or onto another page: hostile permalinks,
// slugs, categories and tags, built by the real CLI into a site inside a guarded temp folder.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { coldBuild, page, post, runCli, snapshot, tempDir } from './helpers.ts';
import { listFiles } from './hostile-kit.ts';

/** A site inside an otherwise empty folder, so a file written beside the site is seen. */
function guardedSite(files: Record<string, string>): { outer: string; site: string } {
  const outer = tempDir('paths');
  const site = path.join(outer, 'site');
  for (const [name, contents] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(site, name)), { recursive: true });
    fs.writeFileSync(path.join(site, name), contents);
  }
  return { outer, site };
}

const good = post({ title: '正常', date: '2022-01-18 09:00:00 +0800', categories: 'dazhong' });

// Each permalink is refused with the reason, at the line of "permalink:" (line 4 of the post).
const HOSTILE_PERMALINKS: Record<string, [string, RegExp]> = {
  'dotdot': ['"/../../escape/"', /holds a "\.\." segment/],
  'dotdot-deep': ['"/a/b/../../../../escape.html"', /holds a "\.\." segment/],
  'encoded-dots': ['"/%2e%2e/%2E%2E/escape/"', /holds a "\.\." segment/],
  'double-encoded': ['"/%252e%252e/escape/"', /holds a "%"/],
  'backslash': ['"\\\\..\\\\..\\\\escape\\\\"', /holds a backslash/],
  'windows-drive': ['"C:\\\\Windows\\\\x.html"', /backslash/],
  'nul-byte': ['"/a\\0b/"', /control characters/],
  'encoded-nul': ['"/a%00b/"', /control characters/],
  'device-con': ['"/con/"', /"con" is a reserved device name/],
  'device-aux-ext': ['"/news/AUX.html"', /"AUX\.html" is a reserved device name/],
  'device-com1': ['"/COM1/x/"', /reserved device name/],
  'home-page': ['"/"', /the site itself writes index\.html/],
  'feed': ['"/feed.xml"', /the site itself writes feed\.xml/],
  'theme-asset': ['"/assets/style.css"', /the site itself writes assets\/style\.css/],
  'tags-index': ['"/Tags/"', /the site itself writes Tags\/index\.html/],
  'query': ['"/a?b=1"', /"\?" or "#"/],
  'windows-chars': ['"/a<b>|c*/"', /which Windows forbids in file names/],
  'colon': ['"/国网: 新举措/"', /which Windows forbids/],
  'trailing-dot': ['"/news./x/"', /"news\." ends with a dot or a space/],
  'long-segment': [`"/${'长'.repeat(90)}/"`, /longer than 255 bytes/],
  // Each segment under 255 bytes, the whole over Linux's limit for a path with the output folder in front.
  // The URL's segment fits; its file, with `.html` added, does not.
  'long-file-name': [`"/x/${'a'.repeat(253)}"`, /its file name a+\.html is longer than 255 bytes/],
  'long-path': [`"/${Array.from({ length: 25 }, (_, i) => `${'a'.repeat(200)}${i}`).join('/')}/"`, /longer than 1024 bytes/],
};

test('hostile permalinks are refused one by one: strict writes nothing, --skip-invalid builds the rest, nothing lands outside dist', () => {
  const files: Record<string, string> = { 'posts/2022-01-18-good.md': good };
  for (const [name, [permalink]] of Object.entries(HOSTILE_PERMALINKS)) {
    files[`posts/2022-01-18-${name}.md`] = `---\ntitle: ${name}\ndate: 2022-01-18 10:00:00 +0800\npermalink: ${permalink}\n---\n<p>正文</p>\n`;
  }
  const { outer, site } = guardedSite(files);
  const strict = runCli(site, ['build']);
  assert.equal(strict.code, 1);
  for (const [name, [, reason]] of Object.entries(HOSTILE_PERMALINKS)) {
    const line = strict.stderr.split('\n').find((l) => l.startsWith(`posts/2022-01-18-${name}.md:4: error: the URL`));
    assert.ok(line, `no error at the permalink line for ${name}:\n${strict.stderr}`);
    assert.match(line, reason, name);
  }
  assert.ok(!fs.existsSync(path.join(site, 'dist')), 'strict: nothing written');

  const lenient = runCli(site, ['build', '--skip-invalid']);
  assert.equal(lenient.code, 0, lenient.stderr);
  assert.match(lenient.stdout, new RegExp(`published 1 post \\(left out: ${Object.keys(HOSTILE_PERMALINKS).length} invalid\\)`));
  assert.deepEqual(fs.readdirSync(outer), ['site']);
  assert.deepEqual(fs.readdirSync(site).sort(), ['.cache', 'dist', 'posts']);
  const built = listFiles(path.join(site, 'dist'));
  assert.ok(built.includes('dazhong/2022/01/18/good/index.html'));
  assert.equal(page(site, 'index.html')('.post-card').length, 1, 'the home page is the site\'s, with only the good post');
  assert.ok(!built.some((f) => /(^|\/)(con|aux|com1)(\/|\.|$)|escape|\.\./i.test(f)), built.join('\n'));
});

test('slugs, categories and tags that look like paths become safe single segments or clear errors', () => {
  const { outer, site } = guardedSite({
    'posts/2022-01-18-a.md': post({ title: 'A', date: '2022-01-18 10:00:00 +0800', categories: '[CON, "..", "电力/能源", "news."]', tags: '["电力/能源", "..", CON, "nul.txt", "%2e%2e", "a\\\\b"]' }),
    'posts/2022-01-18-b.md': post({ title: 'B', date: '2022-01-18 11:00:00 +0800', slug: 'CON', categories: 'x' }),
    'posts/2022-01-18-c.md': post({ title: 'C', date: '2022-01-18 12:00:00 +0800', slug: '"../../escape"', categories: 'x' }),
    'posts/2022-01-18-d.md': post({ title: 'D', date: '2022-01-18 13:00:00 +0800', slug: '"电力/能源"', categories: 'x' }),
    'posts/2022-01-18-e.md': post({ title: 'E', date: '2022-01-18 14:00:00 +0800', slug: '".."', categories: 'x' }),
  });
  const strict = runCli(site, ['build']);
  assert.equal(strict.code, 1);
  assert.match(strict.stderr, /posts\/2022-01-18-b\.md:4: error: the URL \/x\/2022\/01\/18\/CON\/ is not allowed: "CON" is a reserved device name on Windows/);
  assert.match(strict.stderr, /posts\/2022-01-18-c\.md:4: error: the slug "\.\.\/\.\.\/escape" holds a "\/"/);
  assert.match(strict.stderr, /posts\/2022-01-18-d\.md:4: error: the slug "电力\/能源" holds a "\/"/);
  assert.match(strict.stderr, /posts\/2022-01-18-e\.md:4: error: the URL \/x\/2022\/01\/18\/\.\.\/ is not allowed: it holds a "\.\." segment/);
  assert.doesNotMatch(strict.stderr, /2022-01-18-a\.md/, 'post A is fine');

  const lenient = runCli(site, ['build', '--skip-invalid']);
  assert.equal(lenient.code, 0, lenient.stderr);
  assert.deepEqual(fs.readdirSync(outer), ['site']);
  const built = listFiles(path.join(site, 'dist'));
  const a = built.find((f) => f.endsWith('/a/index.html'))!;
  // Each category is one safe segment: CON and ".." take hashed slugs, 电力/能源 its pinyin.
  const segments = a.split('/').slice(0, -5);
  assert.equal(segments.length, 4, a);
  assert.match(segments[0], /^con-[0-9a-f]{4}$/);
  assert.match(segments[1], /^t-[0-9a-f]{4}$/);
  assert.equal(segments[2], 'dianli-nengyuan');
  assert.equal(segments[3], 'news');
  const tags = page(site, 'tags/index.html')('.term-list a').map((_, el) => page(site, 'tags/index.html')(el).attr('href')).get();
  assert.equal(tags.length, 6);
  for (const href of tags) assert.match(href, /^\/tag\/[a-z0-9-]+\/$/, href);
  for (const file of built) assert.ok(!/(^|\/)(\.\.?|con|nul|aux)(\/|$)/i.test(file), file);
});

test('two posts on one URL, even differing in case, are both named; a post on a listing page or feed is refused and --skip-invalid builds the rest', () => {
  const { site } = guardedSite({
    'posts/2022-01-18-same.md': post({ title: '一', date: '2022-01-18 10:00:00 +0800', categories: 'x' }),
    'posts/2022-01-18-Same.md': post({ title: '二', date: '2022-01-18 11:00:00 +0800', categories: 'x' }),
  });
  const result = runCli(site, ['build']);
  assert.equal(result.code, 1);
  assert.match(result.stderr, /two posts have the URL \/x\/2022\/01\/18\/(same|Same)\/: posts\/2022-01-18-(Same|same)\.md and posts\/2022-01-18-(same|Same)\.md/);

  const { site: site2 } = guardedSite({
    'posts/2022-01-18-a.md': post({ title: 'A', date: '2022-01-18 10:00:00 +0800', categories: 'x' }),
  });
  assert.equal(runCli(site2, ['build']).code, 0);
  const before = snapshot(path.join(site2, 'dist'));
  fs.writeFileSync(path.join(site2, 'posts/2022-01-19-b.md'), post({ title: 'B', date: '2022-01-19 10:00:00 +0800', permalink: '/category/X/' }));
  fs.writeFileSync(path.join(site2, 'posts/2022-01-19-c.md'), post({ title: 'C', date: '2022-01-19 11:00:00 +0800', permalink: '/category/x/feed.xml' }));
  fs.writeFileSync(path.join(site2, 'posts/2022-01-19-d.md'), post({ title: 'D', date: '2022-01-19 12:00:00 +0800', permalink: '/2022/01/' }));
  const strict = runCli(site2, ['build']);
  assert.equal(strict.code, 1);
  assert.match(strict.stderr, /^posts\/2022-01-19-b\.md:4: error: the URL \/category\/X\/ is the site's own page \/category\/x\/$/m);
  assert.match(strict.stderr, /^posts\/2022-01-19-c\.md:4: error: the URL \/category\/x\/feed\.xml is the site's own page \/category\/x\/feed\.xml$/m);
  assert.match(strict.stderr, /^posts\/2022-01-19-d\.md:4: error: the URL \/2022\/01\/ is the site's own page \/2022\/01\/$/m);
  assert.deepEqual(snapshot(path.join(site2, 'dist')), before, 'strict: the previous site is untouched');
  const lenient = runCli(site2, ['build', '--skip-invalid']);
  assert.equal(lenient.code, 0, lenient.stderr);
  assert.match(lenient.stdout, /published 1 post \(left out: 3 invalid\)/);
  const listing = page(site2, 'category/x/index.html');
  assert.equal(listing('.post-card').length, 1, 'the category page is the listing, not post B');
  assert.match(fs.readFileSync(path.join(site2, 'dist/category/x/feed.xml'), 'utf8'), /^<\?xml/);
});

test('an escaped slash in a permalink cannot make a link to another host', () => {
  const { site } = guardedSite({
    'posts/2022-01-01-ok.md': post({ title: '正常', date: '2022-01-01 10:00:00 +0800', categories: 'x' }),
    'posts/2022-01-02-one.md': post({ title: '一', date: '2022-01-02 10:00:00 +0800', categories: 'x', permalink: '/%2Fevil.example/one/' }),
    'posts/2022-01-03-two.md': post({ title: '二', date: '2022-01-03 10:00:00 +0800', categories: 'x', permalink: '/%2F%2Fevil.example/two/' }),
  });
  const result = runCli(site, ['build', '--no-search']);
  assert.equal(result.code, 0, result.stderr);
  const built = listFiles(path.join(site, 'dist'));
  assert.ok(built.includes('evil.example/one/index.html') && built.includes('evil.example/two/index.html'), built.join('\n'));
  for (const file of built.filter((f) => f.endsWith('.html'))) {
    const $ = page(site, file);
    $('a[href], link[href]').each((_, el) => assert.ok(!/^\/\//.test($(el).attr('href')!), `${file}: ${$(el).attr('href')}`));
  }
  assert.equal(page(site, 'index.html')('a[href="/evil.example/two/"]').length > 0, true, 'the home page links the post on this site');
});

test('a post left out for its URL and then removed: the next build models the site anew, as a cold build would', () => {
  const { site } = guardedSite({
    'newsarchive.yml': 'title: 测试\nsearch: false\n',
    'posts/2022-01-01-a.md': post({ title: '一', date: '2022-01-01 10:00:00 +0800' }),
    'posts/2022-01-02-b.md': post({ title: '二', date: '2022-01-02 10:00:00 +0800' }),
  });
  assert.equal(runCli(site, ['build']).code, 0);
  // Its pack holds it alone: the save of the build that removes it must not take the pack away while the last model is made again.
  fs.writeFileSync(path.join(site, 'posts/2022-01-05-bad.md'), post({ title: '坏链接', date: '2022-01-05 10:00:00 +0800', permalink: '/a:b/' }));
  const lenient = runCli(site, ['build', '--skip-invalid']);
  assert.equal(lenient.code, 0, lenient.stderr);
  assert.match(lenient.stderr, /2022-01-05-bad\.md:4: warning: the URL \/a:b\/ is not allowed/);
  fs.rmSync(path.join(site, 'posts/2022-01-05-bad.md'));
  const after = runCli(site, ['build']);
  assert.equal(after.code, 0, after.stderr);
  assert.deepEqual(snapshot(path.join(site, 'dist')), snapshot(coldBuild(site)));
});
