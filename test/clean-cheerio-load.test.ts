// The clean stage imports cheerio's `load` from its own module (skipping the main entry's network
// and stream code): it must be the very function `cheerio` exports.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as cheerio from 'cheerio';
import { cheerioLoadModuleUrl, loadCheerioLoad } from '../src/clean/cheerio-load.js';

test('the module the clean stage imports load from is the one cheerio re-exports', async () => {
  const direct = (await import(cheerioLoadModuleUrl())) as { load: unknown };
  assert.equal(typeof direct.load, 'function');
  assert.equal(direct.load, cheerio.load);
});

test('loadCheerioLoad gives cheerio.load, which parses as the clean stage expects', async () => {
  const load = await loadCheerioLoad();
  assert.equal(load, cheerio.load);
  const $ = load('<p>甲<b>乙</b></p>', null, true);
  assert.equal($('body').html(), '<p>甲<b>乙</b></p>');
});
