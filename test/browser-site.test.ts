// End to end in Chromium: a built archive served under a base path, read the way a reader reads it.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { SHARED, makeSite, runCli, tempDir } from './helpers.ts';
import { serveStatic } from './static-server.ts';

const CHROMIUM = '/usr/bin/chromium';
const BASE = '/archive/';
const SEED_TITLE = '让电力营商“软环境”成为企业发展“硬支撑”';
const SEED_URL = `${BASE}dazhongribao/2022/01/18/seed/`;
// Flags from STACK.md: without the networking ones Chromium floods this closed network.
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
/** Set NEWSARCHIVE_SCREENSHOTS=DIR to keep screenshots of the main pages at phone and desktop widths. */
const SHOTS = process.env.NEWSARCHIVE_SCREENSHOTS;

const skip = fs.existsSync(CHROMIUM) ? false : 'Chromium is not installed at /usr/bin/chromium';
let context: BrowserContext;
let server: Awaited<ReturnType<typeof serveStatic>>;
let posts = 0;
const outside: string[] = [];
const missing: string[] = [];

before(async () => {
  if (skip) return;
  const site = makeSite({ 'newsarchive.yml': 'pageSize: 2\ntitle: Zyxarchive 新闻档案\n', 'posts/2022-01-18-seed.md': fs.readFileSync(path.join(SHARED, 'seed', '000_71d41e371ede76bf.txt')) });
  execFileSync(process.execPath, [path.join(SHARED, 'bench', 'gen-corpus.mjs'), '--n', '40', '--out', path.join(site, 'gen')]);
  for (const file of fs.readdirSync(path.join(site, 'gen', '_posts'))) fs.renameSync(path.join(site, 'gen', '_posts', file), path.join(site, 'posts', file));
  posts = fs.readdirSync(path.join(site, 'posts')).length;
  const result = runCli(site, ['build', '--base-path', BASE]);
  assert.equal(result.code, 0, result.stderr);
  server = await serveStatic(path.join(site, 'dist'), BASE);
  context = await chromium.launchPersistentContext(tempDir('chromium'), { executablePath: CHROMIUM, args: FLAGS, viewport: { width: 1280, height: 900 } });
  // Nothing may be fetched from another host: no web fonts, no CDN scripts.
  await context.route('**/*', (route) => {
    if (route.request().url().startsWith(server.origin)) return route.continue();
    outside.push(route.request().url());
    return route.abort();
  });
  context.on('response', (response) => {
    if (response.status() >= 400) missing.push(`${response.status()} ${response.url()}`);
  });
});

after(async () => {
  await context?.close();
  await server?.close();
});

async function open(url: string): Promise<Page> {
  const page = await context.newPage();
  const response = await page.goto(server.origin + url);
  assert.equal(response?.status(), 200, url);
  return page;
}

test('home → newspaper → article → tag → next page, all under the base path', { skip }, async () => {
  const page = await open(BASE);
  assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
  await page.locator('.site-nav a', { hasText: '报纸' }).click();
  await page.locator('.term-list a', { hasText: '大众日报' }).click();
  await page.waitForURL(`**${BASE}category/dazhongribao/`);
  assert.equal(await page.textContent('main h1'), '报纸：大众日报');
  await page.locator('.post-card h2 a', { hasText: SEED_TITLE }).click();
  await page.waitForURL(`**${SEED_URL}`);
  assert.equal(await page.textContent('article h1'), SEED_TITLE);
  await page.locator('.tags a', { hasText: '大众日报新闻' }).click();
  assert.match(page.url(), /\/archive\/tag\/[^/]+\/$/);
  assert.match(await page.textContent('main h1') ?? '', /标签：大众日报新闻/);
  const firstPage = await page.locator('.post-card h2 a').allTextContents();
  await page.getByRole('link', { name: '下一页' }).click();
  assert.match(page.url(), /\/archive\/tag\/[^/]+\/page\/2\/$/);
  const secondPage = await page.locator('.post-card h2 a').allTextContents();
  assert.ok(secondPage.length > 0 && !secondPage.some((t) => firstPage.includes(t)), 'page 2 shows other posts');
  assert.equal(await page.getByRole('link', { name: '上一页' }).count(), 1);
  await page.close();
});

test('search finds the seed article from the URL, with highlighted excerpt, and the filters narrow it', { skip }, async () => {
  const page = await open(`${BASE}search/?q=${encodeURIComponent('营商环境')}`);
  const seedResult = page.locator('.search-result', { has: page.locator('h2 a', { hasText: SEED_TITLE }) });
  await seedResult.waitFor();
  assert.equal(await seedResult.locator('h2 a').getAttribute('href'), SEED_URL);
  assert.match(await seedResult.locator('.post-card-meta').textContent() ?? '', /2022年1月18日 · 大众日报/);
  assert.ok((await seedResult.locator('.excerpt mark').count()) > 0, 'the words found are marked');
  assert.equal(await page.inputValue('#search-q'), '营商环境');
  const all = await page.locator('.search-result').count();
  const total = Number(/找到 (\d+) 篇/.exec(await page.textContent('.search-status') ?? '')?.[1]);
  assert.ok(total > 1, 'the generated posts talk about 营商环境 too');

  await page.selectOption('select[name="newspaper"]', '大众日报');
  await page.waitForFunction((before) => {
    const found = /找到 (\d+) 篇/.exec(document.querySelector('.search-status')!.textContent!);
    return found && Number(found[1]) < before;
  }, total);
  const narrowed = await page.locator('.search-result .post-card-meta').allTextContents();
  assert.ok(narrowed.length >= 1 && narrowed.length < Math.max(all, total), `${narrowed.length} of ${total}`);
  assert.ok(narrowed.every((meta) => meta.endsWith('大众日报')), narrowed.join(' | '));
  assert.match(page.url(), /newspaper=%E5%A4%A7%E4%BC%97%E6%97%A5%E6%8A%A5/, 'the filter is in the URL');
  await page.selectOption('select[name="year"]', '2022');
  // Non-empty too: between two result lists the page is briefly empty, and every() of nothing is true.
  await page.waitForFunction(() => {
    const metas = [...document.querySelectorAll('.search-result .post-card-meta')];
    return metas.length > 0 && metas.every((el) => el.textContent!.startsWith('2022年'));
  });
  assert.ok(await page.locator('.search-result h2 a', { hasText: SEED_TITLE }).count());
  await page.selectOption('select[name="sort"]', 'date');
  await page.waitForURL(/sort=date/);
  await page.waitForFunction(() => !/正在搜索/.test(document.querySelector('.search-status')!.textContent!));
  const days = (await page.locator('.search-result .post-card-meta').allTextContents()).map((meta) => {
    const [, y, m, d] = /(\d+)年(\d+)月(\d+)日/.exec(meta)!.map(Number);
    return y * 10000 + m * 100 + d;
  });
  assert.deepEqual(days, [...days].sort((a, b) => b - a), 'newest first');
  await page.close();
});

test('Chinese words are found inside longer phrases, and a newspaper by its name', { skip }, async () => {
  const page = await open(`${BASE}search/`);
  for (const q of ['供电', '昌邑', '营商', '大众日报']) {
    await page.fill('#search-q', q);
    await page.waitForFunction((q) => new URLSearchParams(location.search).get('q') === q && /找到|没有找到/.test(document.querySelector('.search-status')!.textContent!), q);
    const titles = await page.locator('.search-result h2 a').allTextContents();
    assert.ok(titles.includes(SEED_TITLE), `${q}: ${titles.join(' | ')}`);
  }
  // The site title is in every page's header and footer, which are not indexed.
  await page.fill('#search-q', 'Zyxarchive');
  await page.waitForFunction(() => /没有找到/.test(document.querySelector('.search-status')!.textContent!));
  await page.close();
});

test('an article lists related articles and its neighbours in the same newspaper', { skip }, async () => {
  const page = await open(SEED_URL);
  const related = page.locator('section.related li a');
  // The seed shares its tag and newspaper with the generated 大众日报 posts only.
  const papers = await page.locator('section.related .related-meta').allTextContents();
  assert.ok(papers.length >= 1 && papers.length <= 5, `${papers.length} related`);
  assert.ok(papers.every((meta) => meta.endsWith('大众日报')), papers.join(' | '));
  assert.ok((await page.locator('section.related').getAttribute('aria-labelledby')) === 'related-heading');
  const paperNav = page.locator('nav.post-nav-paper');
  assert.match(await paperNav.getAttribute('aria-label') ?? '', /大众日报/);
  const title = await related.first().textContent();
  await related.first().click();
  assert.equal(await page.textContent('article h1'), title);
  assert.ok(page.url().includes(BASE));
  await page.close();
});

test('the stats page draws its chart as inline SVG with the right totals', { skip }, async () => {
  const page = await open(`${BASE}stats/`);
  const svg = page.locator('main svg.stats-chart');
  assert.equal(await svg.getAttribute('data-total'), String(posts));
  assert.ok((await svg.boundingBox())!.height > 100, 'the chart is drawn at a readable size');
  const bars = await page.$$eval('svg.stats-chart rect', (rects) => rects.reduce((sum, r) => sum + Number(r.getAttribute('data-count')), 0));
  assert.equal(bars, posts);
  assert.equal(await page.textContent('.stats-table tfoot td:last-child'), String(posts));
  await page.close();
});

test('without script everything but search works, and the header search box still goes to the search page', { skip }, async () => {
  const noScript = await chromium.launchPersistentContext(tempDir('chromium'), { executablePath: CHROMIUM, args: FLAGS, javaScriptEnabled: false });
  const page = noScript.pages()[0] ?? (await noScript.newPage());
  await page.goto(server.origin + SEED_URL);
  assert.equal(await page.textContent('article h1'), SEED_TITLE);
  await page.fill('#site-search-q', '供电');
  await page.press('#site-search-q', 'Enter');
  await page.waitForURL(/\/archive\/search\/\?q=/);
  assert.match(await page.textContent('noscript') ?? '', /搜索需要启用 JavaScript/);
  await page.goto(`${server.origin}${BASE}category/dazhongribao/`);
  assert.ok((await page.locator('.post-card').count()) > 0);
  await noScript.close();
});

test('pages fit a 360 px phone, focus is visible, and text meets WCAG AA contrast in light and dark', { skip }, async () => {
  for (const colorScheme of ['light', 'dark'] as const) {
    const page = await context.newPage();
    await page.setViewportSize({ width: 360, height: 740 });
    await page.emulateMedia({ colorScheme });
    for (const url of [BASE, SEED_URL, `${BASE}search/?q=供电`, `${BASE}stats/`, `${BASE}archives/`]) {
      await page.goto(server.origin + url);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= 360, `${url} is ${width}px wide at 360px (${colorScheme})`);
      assert.equal(await page.locator('header.site-header').count() + (await page.locator('main#main').count()) + (await page.locator('footer.site-footer').count()), 3);
      for (const [fg, bg, label] of (await page.evaluate(COLOR_PAIRS)) as [string, string, string][]) assert.ok(contrast(fg, bg) >= 4.5, `${label} on ${url} (${colorScheme}): ${fg} on ${bg} = ${contrast(fg, bg).toFixed(2)}`);
    }
    await page.goto(server.origin + SEED_URL);
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.className), 'skip-link');
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle);
    assert.notEqual(outline, 'none', 'focus is visible');
    assert.ok((await page.locator('.skip-link').boundingBox())!.x >= 0, 'the focused skip link is on screen');
    await page.close();
  }
});

test('an article reads at about 38 characters a line on a wide screen, and prints without the site around it', { skip }, async () => {
  const page = await open(SEED_URL);
  const measure = await page.$eval('.article-body p', (p) => p.getBoundingClientRect().width / parseFloat(getComputedStyle(p).fontSize));
  assert.ok(measure >= 36 && measure <= 40, `${measure.toFixed(1)} characters a line`);
  const leading = await page.$eval('.article-body p', (p) => parseFloat(getComputedStyle(p).lineHeight) / parseFloat(getComputedStyle(p).fontSize));
  assert.ok(Math.abs(leading - 1.8) < 0.01, `line height ${leading}`);
  await page.emulateMedia({ media: 'print' });
  for (const selector of ['.site-header', '.site-footer', 'section.related', 'nav.post-nav']) assert.equal(await page.locator(selector).first().isVisible(), false, `${selector} is not printed`);
  assert.ok(await page.locator('article .article-body').isVisible());
  await page.close();
});

test('no page asked for anything from another host, and every local request was found', { skip }, () => {
  assert.deepEqual(outside, []);
  assert.deepEqual(missing, []);
});

/** Runs in the page (a string, so the test compiler adds no helpers): the colour and background of a few kinds of text. */
const COLOR_PAIRS = `(() => {
  const bgOf = (el) => {
    for (let e = el; e; e = e.parentElement) {
      const bg = getComputedStyle(e).backgroundColor;
      if (bg !== 'rgba(0, 0, 0, 0)' && bg !== 'transparent') return bg;
    }
    return 'rgb(255, 255, 255)';
  };
  const selectors = ['main p', 'main a', '.site-nav a', '.post-card-meta, .article-meta', '.count', '.site-footer p', '.site-search button, .search-form button', '.tags a', 'mark', '.search-status'];
  return selectors.flatMap((s) => {
    const el = document.querySelector(s);
    return el ? [[getComputedStyle(el).color, bgOf(el), s]] : [];
  });
})()`;

function contrast(a: string, b: string): number {
  const lum = (rgb: string) => {
    const [r, g, bl] = rgb.match(/[\d.]+/g)!.slice(0, 3).map((v) => {
      const c = Number(v) / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

test('screenshots of home, article, tag and search at phone and desktop widths', { skip: skip || (SHOTS ? false : 'set NEWSARCHIVE_SCREENSHOTS=DIR to take them') }, async () => {
  fs.mkdirSync(SHOTS!, { recursive: true });
  const pages = { home: BASE, article: SEED_URL, tag: `${BASE}tag/dazhongribaoxinwen/`, search: `${BASE}search/?q=营商环境`, stats: `${BASE}stats/` };
  for (const colorScheme of ['light', 'dark'] as const) {
    for (const width of [375, 1280]) {
      const page = await context.newPage();
      await page.setViewportSize({ width, height: 900 });
      await page.emulateMedia({ colorScheme });
      for (const [name, url] of Object.entries(pages)) {
        await page.goto(server.origin + url);
        if (name === 'search') await page.locator('.search-result').first().waitFor();
        await page.screenshot({ path: path.join(SHOTS!, `${name}-${width}-${colorScheme}.png`), fullPage: true });
      }
      await page.close();
    }
  }
});
