// A real browser (Debian's Chromium through playwright-core) on the dev server: live reload and the error overlay.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { buildSite } from '../src/build.ts';
import { resolveConfig } from '../src/config.ts';
import { makeSite, post } from './helpers.ts';
import { startDev } from './dev-helpers.ts';

const CHROMIUM = '/usr/bin/chromium';
// Without the networking flags Chromium floods this closed network with refused connections (STACK.md).
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const missing = fs.existsSync(CHROMIUM) ? false : `${CHROMIUM} is missing (apt-get install -y chromium)`;

test('an open page reloads itself after a post edit, shows a broken post as an overlay, and clears it when fixed', { skip: missing, timeout: 60_000 }, async (t) => {
  const { chromium } = await import('playwright-core');
  const site = makeSite({ 'posts/2022-01-18-a.md': post({ title: '原来的标题', categories: 'x' }, '<p>正文。</p>') });
  const file = path.join(site, 'posts/2022-01-18-a.md');
  const dev = await startDev(site);
  t.after(() => dev.close());
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
  t.after(() => browser.close());
  const page = await browser.newPage();
  await page.goto(new URL('x/2022/01/18/a/', dev.url).href);
  assert.equal(await page.textContent('article h1'), '原来的标题');
  // A mark that survives only as long as this document: a reload drops it.
  const mark = () => page.evaluate(() => ((window as unknown as { mark?: number }).mark = 1));
  const marked = () => page.evaluate(() => (window as unknown as { mark?: number }).mark === 1);
  await mark();

  fs.writeFileSync(file, post({ title: '改过的标题', categories: 'x' }, '<p>正文。</p>'));
  await page.waitForFunction(() => document.querySelector('article h1')?.textContent === '改过的标题');
  assert.equal(await marked(), false, 'the page reloaded itself');
  await mark();

  fs.writeFileSync(file, '---\ntitle: 改过的标题\ndate: <img src=x onerror="window.pwned=1">\n---\n正文\n');
  const overlay = await page.waitForSelector('#newsarchive-error-overlay', { timeout: 15_000 });
  const text = (await overlay.textContent()) ?? '';
  assert.match(text, /posts\/2022-01-18-a\.md:3/);
  assert.match(text, /invalid date/);
  assert.match(text, /<img src=x onerror/, 'the message is shown as text');
  assert.equal(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned), undefined);
  assert.equal(await page.textContent('article h1'), '改过的标题', 'the last good page stays');

  fs.writeFileSync(file, post({ title: '修好了', categories: 'x' }, '<p>正文。</p>'));
  await page.waitForFunction(() => document.querySelector('article h1')?.textContent === '修好了');
  assert.equal(await page.$('#newsarchive-error-overlay'), null);
  assert.equal(await marked(), false, 'fixing reloaded the page');
});

test('a page a template fails on at the start shows the error as text, with the overlay, and reloads itself once the template is fixed', { skip: missing, timeout: 60_000 }, async (t) => {
  const { chromium } = await import('playwright-core');
  const title = '<img src=x onerror="window.pwned=1">';
  // Nunjucks names the template it cannot find: here the post's title, so the error carries it.
  const failing = '{% extends "base.njk" %}\n{% block main %}<h1>{{ page.title }}</h1>{% if page.title != "好的" %}{% include page.title %}{% endif %}{% endblock %}\n';
  const site = makeSite({
    'posts/2022-01-18-a.md': post({ title: '好的', categories: 'x' }),
    'posts/2022-01-19-b.md': post({ title: JSON.stringify(title), categories: 'bad' }),
    'templates/post.njk': failing,
  });
  const dev = await startDev(site);
  t.after(() => dev.close());
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
  t.after(() => browser.close());
  const page = await browser.newPage();
  const response = await page.goto(new URL('bad/2022/01/19/b/', dev.url).href);
  assert.equal(response?.status(), 500);
  // Nunjucks gives this error a line of base.njk: one past post.njk's end is left out.
  assert.match((await page.textContent('pre')) ?? '', /^templates\/post\.njk(:[12])?: error: .*<img src=x onerror/);
  const overlay = await page.waitForSelector('#newsarchive-error-overlay', { timeout: 15_000 });
  assert.match((await overlay.textContent()) ?? '', /templates\/post\.njk/);
  assert.equal(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned), undefined);

  fs.writeFileSync(path.join(site, 'templates/post.njk'), failing.replace('{% include page.title %}', ''));
  await page.waitForFunction((expected) => document.querySelector('article h1, h1')?.textContent === expected, title, { timeout: 15_000 });
  assert.equal(await page.$('#newsarchive-error-overlay'), null);
  assert.equal(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned), undefined);
});

test('after a build, dev serves its pages and its search index: search works in dev', { skip: missing, timeout: 120_000 }, async (t) => {
  const { chromium } = await import('playwright-core');
  const site = makeSite({
    'posts/2022-01-18-a.md': post({ title: '电力营商环境', categories: 'x' }, '<p>国网山东电力优化营商环境。</p>'),
    'posts/2022-01-19-b.md': post({ title: '粮食丰收', categories: 'x' }, '<p>今年粮食又获丰收。</p>'),
  });
  // In this process, as dev runs: the cache's and the pages' keys cover the code, and the tests run it from src/.
  await buildSite({ config: resolveConfig(site, undefined).config, includeDrafts: false, includeFuture: false, skipInvalid: false });
  assert.ok(fs.existsSync(path.join(site, 'dist', 'pagefind')), 'the build made its search index');
  const dev = await startDev(site);
  t.after(() => dev.close());
  assert.match(dev.lines.join('\n'), /more as the last build wrote them/);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
  t.after(() => browser.close());
  const page = await browser.newPage();
  await page.goto(new URL('search/?q=营商环境', dev.url).href);
  await page.waitForFunction(() => /找到|没有找到|没有加载/.test(document.querySelector('.search-status')?.textContent ?? ''), undefined, { timeout: 30_000 });
  assert.match((await page.textContent('.search-status')) ?? '', /找到 1 篇/);
  const href = await page.getAttribute('.search-result a', 'href');
  await page.goto(new URL(href!, dev.url).href);
  assert.equal(await page.textContent('article h1'), '电力营商环境');
});
