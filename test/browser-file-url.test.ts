// `relativeLinks: true`: the built site opens from file:// and every link between pages resolves.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';
import { load } from 'cheerio';
import { chromium } from 'playwright-core';
import { REPO, makeSite, runCli } from './helpers.ts';

const CHROMIUM = '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--allow-file-access-from-files'];

/** The shipped posts, built with relative links into a temporary site. */
function relativeSite(): string {
  const site = makeSite({ 'newsarchive.yml': `${fs.readFileSync(path.join(REPO, 'newsarchive.yml'), 'utf8')}relativeLinks: true\n` });
  fs.cpSync(path.join(REPO, 'posts'), path.join(site, 'posts'), { recursive: true });
  const result = runCli(site, ['build', '--no-search']);
  assert.equal(result.code, 0, result.stderr);
  return path.join(site, 'dist');
}

test('with relative links, every link and asset of every page resolves to a file of the site', () => {
  const dist = relativeSite();
  const pages = fs.readdirSync(dist, { recursive: true }).map(String).filter((f) => f.endsWith('.html') && f !== '404.html');
  assert.ok(pages.length > 50);
  let checked = 0;
  for (const page of pages) {
    const $ = load(fs.readFileSync(path.join(dist, page), 'utf8'));
    for (const el of $('a[href], link[href], script[src], form[action]').toArray()) {
      const ref = $(el).attr('href') ?? $(el).attr('src') ?? $(el).attr('action')!;
      if (/^(https?:|#|mailto:)/.test(ref)) continue;
      assert.ok(!ref.startsWith('/'), `${page}: ${ref} is rooted`);
      const target = path.resolve(path.dirname(path.join(dist, page)), decodeURI(ref.replace(/[?#].*$/, '')));
      assert.ok(fs.existsSync(target) && fs.statSync(target).isFile(), `${page}: ${ref} does not resolve to a file`);
      checked++;
    }
  }
  assert.ok(checked > 1000, `${checked} links checked`);
});

test('from file://, Chromium shows the home page styled and follows a link to an article', { skip: fs.existsSync(CHROMIUM) ? false : 'Chromium is not installed at /usr/bin/chromium' }, async () => {
  const dist = relativeSite();
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
  try {
    const page = await browser.newPage();
    await page.goto(pathToFileURL(path.join(dist, 'index.html')).href);
    const headerBackground = await page.locator('.site-header').evaluate((el) => getComputedStyle(el).backgroundColor);
    assert.notEqual(headerBackground, 'rgba(0, 0, 0, 0)', 'the stylesheet was loaded');
    await page.locator('.post-card h2 a').first().click();
    await page.waitForLoadState();
    assert.equal(await page.locator('article h1').textContent(), '关于本档案');
    assert.match(page.url(), /^file:.*\/zhanwu\/2023\/11\/27\/guanyu-ben-dang-an\/index\.html$/);
    await page.locator('nav.site-nav a', { hasText: '报纸' }).click();
    await page.waitForLoadState();
    assert.match(page.url(), /\/categories\/index\.html$/);
  } finally {
    await browser.close();
  }
});

test('relative links are off by default: hrefs stay rooted under the base path', () => {
  const site = makeSite({ 'posts/2022-01-18-a.md': '---\ntitle: a\n---\n<p>x</p>\n' });
  assert.equal(runCli(site, ['build', '--no-search', '--base-path', '/archive/']).code, 0);
  const $ = load(fs.readFileSync(path.join(site, 'dist/index.html'), 'utf8'));
  assert.equal($('link[rel=stylesheet]').attr('href'), '/archive/assets/style.css');
});
