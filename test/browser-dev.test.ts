// A real browser (Debian's Chromium through playwright-core) on the dev server: live reload and the error overlay.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
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
