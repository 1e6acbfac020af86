// Categories and tags of every shape are read one documented way (nameList, collectTerms).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { nameList } from '../src/load/post-fields.ts';
import { makeSite, page, runCli } from './helpers.ts';

test('nameList: strings split on whitespace, numbers and booleans become text, nulls and mappings go, lists flatten, case duplicates keep the first spelling', () => {
  assert.deepEqual(nameList('电力  能源\t新闻'), ['电力', '能源', '新闻']);
  assert.deepEqual(nameList(2022), ['2022']);
  assert.deepEqual(nameList(null), []);
  assert.deepEqual(nameList(undefined), []);
  assert.deepEqual(nameList([1, null, ['TechWeb', ['Techweb', 'techweb ', '']], true, { a: 1 }]), ['1', 'TechWeb', 'true']);
  assert.deepEqual(nameList({ a: 1 }), []);
});

test('a site with odd category and tag values builds one term per name, whatever the case, with a warning for mappings', () => {
  const site = makeSite({
    'posts/2022-01-18-a.md': '---\ntitle: A\ndate: 2022-01-18 10:00:00 +0800\ncategories: TechWeb\ntags: [2022, null, [电力, [能源]]]\n---\n正文\n',
    'posts/2022-01-17-b.md': '---\ntitle: B\ndate: 2022-01-17 10:00:00 +0800\ncategories: [Techweb]\ntags: 电力 ENERGY\n---\n正文\n',
    'posts/2022-01-16-c.md': '---\ntitle: C\ndate: 2022-01-16 10:00:00 +0800\ncategories: ["Tech/Web"]\ntags:\n  energy: 1\n---\n正文\n',
    'posts/2022-01-15-d.md': '---\ntitle: D\ndate: 2022-01-15 10:00:00 +0800\ncategories: ["tech/web"]\ntags: ~\n---\n正文\n',
  });
  const result = runCli(site, ['build']);
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stderr, /^posts\/2022-01-16-c\.md:5: warning: "tags:" holds a mapping \("key: value"\); it is left out$/m);
  const $ = page(site, 'categories/index.html');
  const categories = $('.term-list li').map((_, li) => $(li).text().replace(/\s+/g, ' ').trim()).get();
  assert.deepEqual(categories.sort(), ["Tech/Web 2 篇", "TechWeb 2 篇"]);
  const t = page(site, 'tags/index.html');
  const tags = t('.term-list li').map((_, li) => t(li).text().replace(/\s+/g, ' ').trim()).get();
  assert.deepEqual(tags.sort(), ['2022 1 篇', 'ENERGY 1 篇', '电力 2 篇', '能源 1 篇']);
  // Both spellings of a category share one URL segment in post URLs.
  assert.ok(page(site, 'techweb/2022/01/18/a/index.html')('article h1').length);
  assert.ok(page(site, 'techweb/2022/01/17/b/index.html')('article h1').length);
  assert.ok(page(site, 'tech-web/2022/01/16/c/index.html')('article h1').length);
  assert.ok(page(site, 'tech-web/2022/01/15/d/index.html')('article h1').length, 'not a second, hashed slug for "tech/web"');
});
