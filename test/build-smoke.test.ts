import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { SHARED, makeSite, page, runCli } from './helpers.ts';

test('the seed article builds into its Jekyll-style URL with its date in Beijing time', () => {
  const seed = fs.readFileSync(path.join(SHARED, 'seed', '000_71d41e371ede76bf.txt'));
  const site = makeSite({ 'posts/2022-01-18-seed.md': seed });
  const result = runCli(site, ['build']);
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /published 1 post/);
  const $ = page(site, 'dazhongribao/2022/01/18/seed/index.html');
  assert.equal($('html').attr('lang'), 'zh-CN');
  assert.equal($('article h1').text(), '让电力营商“软环境”成为企业发展“硬支撑”');
  assert.equal($('article time').first().attr('datetime'), '2022-01-18T09:52:23+08:00');
  assert.equal($('article time').first().text(), '2022年1月18日');
});
