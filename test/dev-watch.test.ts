// dev end to end in this process: files change on disk, the served site follows, open pages are told.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import { syncBuiltinESMExports } from 'node:module';
import path from 'node:path';
import { test } from 'node:test';
import { watchSite } from '../src/serve/index.ts';
import { makeSite, post } from './helpers.ts';
import { eventually, listenStatus, served, startDev } from './dev-helpers.ts';

const write = (site: string, name: string, text: string) => {
  fs.mkdirSync(path.dirname(path.join(site, name)), { recursive: true });
  fs.writeFileSync(path.join(site, name), text);
};

test('a dropped-in post is served and listed everywhere, and open pages are told to reload', async (t) => {
  const site = makeSite({ 'posts/2022-01-18-a.md': post({ title: '旧文章', categories: 'dazhongribao' }) });
  const dev = await startDev(site);
  t.after(() => dev.close());
  const status = await listenStatus(dev.url);
  t.after(() => status.close());
  await eventually(() => status.messages.length > 0, 'the first status');
  const first = status.messages[0].version;
  write(site, 'posts/2022-02-01-xin.md', post({ title: '新来的文章', categories: 'dazhongribao', tags: '电力' }, '<p>新内容。</p>'));
  const article = await eventually(async () => {
    const r = await served(dev.url, '/dazhongribao/2022/02/01/xin/');
    return r.status === 200 && r;
  }, 'the new article');
  assert.equal(article.$('article h1').text(), '新来的文章');
  for (const listing of ['/', '/category/dazhongribao/', '/tag/dianli/', '/2022/', '/2022/02/']) {
    assert.equal((await served(dev.url, listing)).$('.post-card h2 a').first().text(), '新来的文章', listing);
  }
  assert.match((await served(dev.url, '/feed.xml')).body, /新来的文章/);
  assert.match((await served(dev.url, '/archives/')).body, /2月/);
  await eventually(() => status.messages.at(-1)!.version > first, 'a new version on the reload channel');
  assert.deepEqual(status.messages.at(-1)!.errors, []);
});

test('edit, rename and delete: no stale page and no stale listing entry', async (t) => {
  const site = makeSite({
    'posts/2022-01-18-a.md': post({ title: '第一篇', categories: 'x' }),
    'posts/2022-01-19-b.md': post({ title: '第二篇', categories: 'x' }),
  });
  const dev = await startDev(site);
  t.after(() => dev.close());
  write(site, 'posts/2022-01-19-b.md', post({ title: '第二篇（改）', categories: 'x' }));
  await eventually(async () => (await served(dev.url, '/x/2022/01/19/b/')).$('h1').text() === '第二篇（改）', 'the edited title');
  assert.equal((await served(dev.url, '/')).$('.post-card h2 a').first().text(), '第二篇（改）');
  fs.renameSync(path.join(site, 'posts/2022-01-19-b.md'), path.join(site, 'posts/2022-01-19-c.md'));
  await eventually(async () => (await served(dev.url, '/x/2022/01/19/c/')).status === 200, 'the renamed page');
  await eventually(async () => (await served(dev.url, '/x/2022/01/19/b/')).status === 404, 'the old page gone');
  assert.deepEqual((await served(dev.url, '/category/x/')).$('.post-card h2 a').map((_, a) => a.attribs.href).get(), ['/x/2022/01/19/c/', '/x/2022/01/18/a/']);
  fs.unlinkSync(path.join(site, 'posts/2022-01-19-c.md'));
  await eventually(async () => (await served(dev.url, '/x/2022/01/19/c/')).status === 404, 'the deleted page gone');
  const home = await served(dev.url, '/');
  assert.equal(home.$('.post-card').length, 1);
  assert.doesNotMatch((await served(dev.url, '/feed.xml')).body, /第二篇/);
});

test('templates, public files and the config are watched', async (t) => {
  const site = makeSite({ 'posts/2022-01-18-a.md': post({ title: '文章', categories: 'x' }), 'newsarchive.yml': 'title: 旧站名\n' });
  const dev = await startDev(site);
  t.after(() => dev.close());
  write(site, 'templates/post.njk', '{% extends "base.njk" %}{% block main %}<h1 class="mine">{{ post.title }}</h1>{% endblock %}');
  await eventually(async () => (await served(dev.url, '/x/2022/01/18/a/')).$('h1.mine').text() === '文章', 'the new article template');
  write(site, 'public/hello.txt', '你好');
  await eventually(async () => (await served(dev.url, '/hello.txt')).body === '你好', 'the public file');
  write(site, 'public/hello.txt', '再见');
  await eventually(async () => (await served(dev.url, '/hello.txt')).body === '再见', 'the changed public file');
  write(site, 'newsarchive.yml', 'title: 新站名\n');
  await eventually(async () => (await served(dev.url, '/x/2022/01/18/a/')).$('title').text().includes('新站名'), 'the new title everywhere');
  assert.match((await served(dev.url, '/')).$('.site-title').text(), /新站名/);
  write(site, 'newsarchive.yml', 'title: 新站名\nnoSuchKey: 1\n');
  await eventually(() => dev.lines.some((l) => /newsarchive\.yml: error: unknown config key "noSuchKey"/.test(l)), 'the config error');
  assert.match((await served(dev.url, '/')).$('.site-title').text(), /新站名/);
});

test('a broken post or template prints path:line, shows on the channel, keeps the last good pages; fixing clears it', async (t) => {
  const site = makeSite({ 'posts/2022-01-18-a.md': post({ title: '好文章', categories: 'x' }) });
  const dev = await startDev(site);
  t.after(() => dev.close());
  const status = await listenStatus(dev.url);
  t.after(() => status.close());
  write(site, 'posts/2022-01-18-a.md', '---\ntitle: 好文章\ndate: 不是日期\n---\n正文\n');
  await eventually(() => status.messages.at(-1)?.errors.length, 'the error on the channel');
  assert.deepEqual(status.messages.at(-1)!.errors.map((e) => `${e.file}:${e.line}`), ['posts/2022-01-18-a.md:3']);
  assert.ok(dev.lines.some((l) => l.startsWith('posts/2022-01-18-a.md:3: error: invalid date')), dev.lines.join('\n'));
  assert.equal((await served(dev.url, '/x/2022/01/18/a/')).$('h1').text(), '好文章');
  const broken = status.messages.at(-1)!.version;
  write(site, 'posts/2022-01-18-a.md', post({ title: '好文章', categories: 'x' }));
  await eventually(() => status.messages.at(-1)!.errors.length === 0, 'the error cleared');
  assert.ok(status.messages.at(-1)!.version > broken, 'fixing makes open pages reload');

  write(site, 'templates/post.njk', '{% extends "base.njk" %}\n{% block main %}\n{% if %}\n{% endblock %}');
  await eventually(() => status.messages.at(-1)?.errors.length, 'the template error');
  const error = status.messages.at(-1)!.errors[0];
  assert.equal(error.file, 'templates/post.njk');
  assert.equal(error.line, 3);
  assert.equal((await served(dev.url, '/x/2022/01/18/a/')).$('h1').text(), '好文章');
  fs.unlinkSync(path.join(site, 'templates/post.njk'));
  await eventually(() => status.messages.at(-1)!.errors.length === 0, 'the template error cleared');
});

test('a thousand posts copied at once give a few rebuilds, and all of them appear', async (t) => {
  const site = makeSite({ 'posts/2022-01-18-a.md': post({ title: '文章', categories: 'x' }) });
  const dev = await startDev(site);
  t.after(() => dev.close());
  const before = dev.lines.filter((l) => l.startsWith('rebuilt')).length;
  const staging = makeSite();
  for (let i = 0; i < 1000; i++) write(staging, `2021-05-${String((i % 28) + 1).padStart(2, '0')}-p${i}.md`, post({ title: `批量${i}`, categories: 'pi' }));
  fs.cpSync(staging, path.join(site, 'posts', 'batch'), { recursive: true });
  await eventually(async () => /共 1001 篇/.test((await served(dev.url, '/')).$('.listing-count').text()), 'all 1001 posts listed', 600);
  const rebuilds = dev.lines.filter((l) => l.startsWith('rebuilt')).length - before;
  assert.ok(rebuilds >= 1 && rebuilds <= 10, `${rebuilds} rebuilds`);
  assert.equal((await served(dev.url, '/pi/2021/05/03/p2/')).$('h1').text(), '批量2');
});

test('a post still being written is picked up when its writing ends, without an error', async (t) => {
  const site = makeSite({ 'posts/2022-01-18-a.md': post({ title: '文章', categories: 'x' }) });
  const dev = await startDev(site);
  t.after(() => dev.close());
  const file = path.join(site, 'posts/2022-03-01-slow.md');
  const fd = fs.openSync(file, 'w');
  fs.writeSync(fd, '---\ntitle: 慢慢写\ncategories: x\n');
  await new Promise((r) => setTimeout(r, 300));
  fs.writeSync(fd, '---\n<p>写完了。</p>\n');
  fs.closeSync(fd);
  await eventually(async () => (await served(dev.url, '/x/2022/03/01/slow/')).status === 200, 'the finished post');
  assert.equal(dev.lines.filter((l) => l.includes('2022-03-01-slow.md')).length, 0, dev.lines.join('\n'));
});

test('an error in a template another extends is reported in that template, at its line', async (t) => {
  const site = makeSite({ 'posts/2022-01-18-a.md': post({ title: '文章', categories: 'x' }) });
  const dev = await startDev(site);
  t.after(() => dev.close());
  const status = await listenStatus(dev.url);
  t.after(() => status.close());
  write(site, 'templates/base.njk', '<html>\n<body>\n{% block main %}{% endblock %}\n{% if %}\n</body></html>');
  const error = await eventually(() => status.messages.at(-1)?.errors[0], 'the template error');
  assert.equal(`${error.file}:${error.line}`, 'templates/base.njk:4');
  assert.ok(dev.lines.some((l) => l.startsWith('templates/base.njk:4: error:')), dev.lines.join('\n'));
});

test('a template failing on one post at the start: the other pages are served, that one shows the error with status 500, the terminal and open pages are told; fixing it clears it', async (t) => {
  const site = makeSite({
    'posts/2022-01-18-a.md': post({ title: '好文章', categories: 'x' }),
    'posts/2022-01-19-b.md': post({ title: '坏', categories: 'x' }),
    'templates/post.njk': '{% extends "base.njk" %}\n{% block main %}\n{% if page.title == "坏" %}{{ page.nope() }}{% endif %}<h1>{{ page.title }}</h1>{% endblock %}\n',
  });
  const dev = await startDev(site);
  t.after(() => dev.close());
  assert.ok(dev.lines.some((l) => /^built in \d+ ms: .*0 pages rendered \(\d+ to render when first asked for\)/.test(l)), dev.lines.join('\n'));
  const status = await listenStatus(dev.url);
  t.after(() => status.close());
  assert.equal((await served(dev.url, '/x/2022/01/18/a/')).$('h1').text(), '好文章');
  const page = await served(dev.url, '/x/2022/01/19/b/');
  assert.equal(page.status, 500);
  assert.match(page.$('pre').text(), /^templates\/post\.njk:3: error: /);
  assert.ok(page.$('script').text().includes('EventSource'), 'it reloads once fixed, as any page');
  await eventually(() => dev.lines.some((l) => /^\d+ pages rendered in \d+ ms: 1 failed/.test(l)), 'the pages checked');
  assert.ok(dev.lines.some((l) => l.startsWith('templates/post.njk:3: error:')), dev.lines.join('\n'));
  await eventually(() => status.messages.at(-1)?.errors.length === 1 && status.messages.at(-1), 'the error on the channel');
  const broken = status.messages.at(-1)!.version;
  write(site, 'templates/post.njk', '{% extends "base.njk" %}\n{% block main %}<h1>{{ page.title }}</h1>{% endblock %}\n');
  await eventually(() => status.messages.at(-1)!.errors.length === 0, 'the error cleared');
  assert.ok(status.messages.at(-1)!.version > broken, 'fixing makes open pages reload');
  assert.equal((await served(dev.url, '/x/2022/01/19/b/')).$('h1').text(), '坏');
});

/** The inotify watches this process holds (Linux): each fdinfo line `inotify wd:` is one. */
function inotifyWatches(): number {
  let watches = 0;
  for (const fd of fs.readdirSync('/proc/self/fd')) {
    let target = '';
    try {
      target = fs.readlinkSync(`/proc/self/fd/${fd}`);
    } catch {
      continue;
    }
    if (target === 'anon_inode:inotify') watches += fs.readFileSync(`/proc/self/fdinfo/${fd}`, 'utf8').split('\n').filter((l) => l.startsWith('inotify wd:')).length;
  }
  return watches;
}

test('the posts folder is watched as a folder, not post by post; posts below it, and a posts folder made again, are still seen', { skip: process.platform !== 'linux' && 'counts inotify watches' }, async (t) => {
  const files: Record<string, string> = { 'posts/2021/2021-05-01-below.md': post({ title: '子文件夹里的', categories: 'x' }) };
  for (let i = 1; i <= 300; i++) files[`posts/2022-01-${String((i % 28) + 1).padStart(2, '0')}-p${i}.md`] = post({ title: `第${i}篇`, categories: 'x' });
  const site = makeSite(files);
  const before = inotifyWatches();
  const dev = await startDev(site);
  t.after(() => dev.close());
  // A watch per folder (site, posts, its subfolder, templates' and public's way) and a few of chokidar's own: not one per post.
  assert.ok(inotifyWatches() - before < 30, `${inotifyWatches() - before} inotify watches for 301 posts`);

  write(site, 'posts/2022-01-05-p4.md', post({ title: '第4篇（改）', categories: 'x' }));
  await eventually(async () => (await served(dev.url, '/x/2022/01/05/p4/')).$('h1').text() === '第4篇（改）', 'the edited post');
  write(site, 'posts/2021/2021-05-01-below.md', post({ title: '子文件夹里的（改）', categories: 'x' }));
  await eventually(async () => (await served(dev.url, '/x/2021/05/01/below/')).$('h1').text() === '子文件夹里的（改）', 'the edited post below');

  fs.rmSync(path.join(site, 'posts'), { recursive: true });
  await eventually(async () => (await served(dev.url, '/x/2022/01/05/p4/')).status === 404, 'the posts gone');
  write(site, 'posts/2023-03-03-again.md', post({ title: '重新来过', categories: 'x' }));
  await eventually(async () => (await served(dev.url, '/x/2023/03/03/again/')).status === 200, 'a post in the folder made again');
  write(site, 'posts/2023-03-04-later.md', post({ title: '后来的', categories: 'x' }));
  await eventually(async () => (await served(dev.url, '/x/2023/03/04/later/')).status === 200, 'a post added to it later');
  write(site, 'posts/2023-03-04-later.md', post({ title: '后来的（改）', categories: 'x' }));
  await eventually(async () => (await served(dev.url, '/x/2023/03/04/later/')).$('h1').text() === '后来的（改）', 'that post edited');
});

test('a saved post costs the watch no read of the whole posts folder; folders made in it, removed, the folder made again, and one made only after the start are followed', async (t) => {
  const files: Record<string, string> = { 'posts/2021/2021-05-01-below.md': 'x', 'templates/.keep': '', 'public/.keep': '' };
  for (let i = 1; i <= 400; i++) files[`posts/2022-01-01-p${i}.md`] = 'x';
  const site = makeSite(files);
  const postsDir = path.join(site, 'posts');
  const where = { postsDir, templatesDir: path.join(site, 'templates'), publicDir: path.join(site, 'public'), configFile: path.join(site, 'newsarchive.yml') };
  const reported = new Set<string>();
  const errors: Error[] = [];
  const watcher = await watchSite(where, (changes) => changes.posts.forEach((p) => reported.add(p)), (err) => errors.push(err));
  // chokidar and readdirp take `lstat` from node:fs/promises: counted there, for the files directly in the posts folder.
  const lstat = fsp.lstat;
  let lstatsInPosts = 0;
  fsp.lstat = ((file: fs.PathLike, ...rest: unknown[]) => {
    if (path.dirname(String(file)) === postsDir) lstatsInPosts++;
    return (lstat as (...a: unknown[]) => unknown)(file, ...rest);
  }) as typeof fsp.lstat;
  syncBuiltinESMExports();
  t.after(async () => {
    fsp.lstat = lstat;
    syncBuiltinESMExports();
    await watcher.close();
  });
  const saved = async (file: string, what: string) => {
    reported.delete(file);
    await eventually(() => {
      write(path.dirname(file), path.basename(file), `${what} ${Date.now()}`);
      return reported.has(file);
    }, what);
    // What a re-read of the folder would have done comes right after the event that set it off.
    await new Promise((r) => setTimeout(r, 300));
  };

  await saved(path.join(postsDir, '2022-01-01-p7.md'), 'an edited post');
  await saved(path.join(postsDir, '2023-01-01-new.md'), 'an added post');
  await saved(path.join(postsDir, '2021', '2021-05-01-below.md'), 'a post below');
  await saved(path.join(postsDir, '2024', '2024-01-01-deeper.md'), 'a post in a folder made since');
  fs.rmSync(path.join(postsDir, '2021'), { recursive: true });
  await eventually(() => reported.has(path.join(postsDir, '2021')), 'the folder removed');
  await saved(path.join(postsDir, '2022-01-01-p8.md'), 'a post edited after it');
  assert.ok(lstatsInPosts < 20, `${lstatsInPosts} lstat calls on the posts folder's 400 files`);

  fs.rmSync(postsDir, { recursive: true });
  await eventually(() => reported.has(postsDir), 'the posts folder removed');
  reported.clear();
  fs.mkdirSync(postsDir);
  await eventually(() => reported.has(postsDir), 'the posts folder made again');
  await saved(path.join(postsDir, '2025-01-01-again.md'), 'a post in the folder made again');
  await saved(path.join(postsDir, '2025', '2025-01-01-below-again.md'), 'a post in a folder in it');
  assert.deepEqual(errors, []);

  // A site whose posts folder, and the folder above it, come only after the watch started.
  const late = makeSite({ 'templates/.keep': '' });
  const lateWhere = { ...where, postsDir: path.join(late, 'content', 'posts'), templatesDir: path.join(late, 'templates') };
  const lateWatcher = await watchSite(lateWhere, (changes) => changes.posts.forEach((p) => reported.add(p)), (err) => errors.push(err));
  t.after(() => lateWatcher.close());
  fs.mkdirSync(lateWhere.postsDir, { recursive: true });
  await eventually(() => reported.has(lateWhere.postsDir), 'the posts folder made after the start');
  await saved(path.join(lateWhere.postsDir, '2026-01-01-late.md'), 'a post in it');
  await saved(path.join(lateWhere.postsDir, '2026', '2026-01-01-late-below.md'), 'a post in a folder in it');
  assert.deepEqual(errors, []);
});

test('a site in a folder whose name starts with a dot still sees its templates folder made; hidden files in it stay unseen', async (t) => {
  const site = path.join(makeSite(), '.sites', 'x');
  fs.mkdirSync(path.join(site, 'posts'), { recursive: true });
  const where = { postsDir: path.join(site, 'posts'), templatesDir: path.join(site, 'templates'), publicDir: path.join(site, 'public'), configFile: path.join(site, 'newsarchive.yml') };
  const templates = new Set<string>();
  const watcher = await watchSite(where, (changes) => changes.templates.forEach((name) => templates.add(name)), (err) => assert.fail(err));
  t.after(() => watcher.close());
  fs.mkdirSync(where.templatesDir);
  await eventually(() => {
    fs.writeFileSync(path.join(where.templatesDir, '.list.njk.swp'), 'x');
    fs.writeFileSync(path.join(where.templatesDir, 'list.njk'), `x ${Date.now()}`);
    return templates.has('list.njk');
  }, 'the template in the folder made since the start');
  // The folder itself comes as '' (its whole content changed); the swap file never.
  assert.deepEqual([...templates].sort(), ['', 'list.njk']);
});

test('a known post replaced by a symlink to a file outside the site is skipped, as the walk skips it, with its warning', async (t) => {
  const site = makeSite({
    'posts/2022-01-18-a.md': post({ title: '第一篇', categories: 'x' }),
    'posts/2022-01-19-b.md': post({ title: '第二篇', categories: 'x' }),
  });
  const outside = path.join(fs.mkdtempSync(path.join(path.dirname(site), 'outside-')), 'secret.md');
  t.after(() => fs.rmSync(path.dirname(outside), { recursive: true, force: true }));
  fs.writeFileSync(outside, post({ title: '外面的秘密', categories: 'x' }, '<p>不应发布。</p>'));
  const dev = await startDev(site);
  t.after(() => dev.close());
  fs.rmSync(path.join(site, 'posts/2022-01-19-b.md'));
  fs.symlinkSync(outside, path.join(site, 'posts/2022-01-19-b.md'));
  await eventually(async () => (await served(dev.url, '/x/2022/01/19/b/')).status === 404, 'the post gone');
  assert.doesNotMatch((await served(dev.url, '/')).body, /外面的秘密/);
  await eventually(() => dev.lines.some((line) => /^posts\/2022-01-19-b\.md: warning: skipped: a symbolic link to somewhere outside the site/.test(line)), 'the warning printed');
});

test('the walk\'s problems are those of its latest read: a posts folder made after the start clears "does not exist"', async (t) => {
  const site = makeSite({ 'newsarchive.yml': 'title: 测试\n' });
  const dev = await startDev(site);
  t.after(() => dev.close());
  const status = await listenStatus(dev.url);
  t.after(() => status.close());
  await eventually(() => status.messages.at(-1)?.errors.some((e) => /does not exist/.test(e.message)), 'the missing folder reported');
  fs.mkdirSync(path.join(site, 'posts'));
  await eventually(() => status.messages.at(-1)!.errors.length === 0, 'the error cleared once the folder is made');
});

test('a draft published (moved from posts/_drafts/ to posts/) is one post at its new path: no false "two posts have the URL"', async (t) => {
  const site = makeSite({ 'posts/2022-01-18-a.md': post({ title: '第一篇', categories: 'x' }), 'posts/_drafts/.keep': '' });
  const dev = await startDev(site, { includeDrafts: true });
  t.after(() => dev.close());
  const status = await listenStatus(dev.url);
  t.after(() => status.close());
  write(site, 'posts/_drafts/2024-09-02-pub.md', post({ title: '草稿', date: '2024-09-02 10:00:00 +0800', categories: 'x' }));
  await eventually(async () => (await served(dev.url, '/x/2024/09/02/pub/')).status === 200, 'the draft served');
  const seen = status.messages.length;
  fs.renameSync(path.join(site, 'posts/_drafts/2024-09-02-pub.md'), path.join(site, 'posts/2024-09-02-pub.md'));
  await eventually(() => status.messages.length > seen, 'a rebuild after the move');
  await new Promise((resolve) => setTimeout(resolve, 400));
  const errors = status.messages.slice(seen).flatMap((m) => m.errors);
  assert.deepEqual(errors, [], 'no error on the way');
  assert.equal((await served(dev.url, '/x/2024/09/02/pub/')).$('h1').text(), '草稿');
});
