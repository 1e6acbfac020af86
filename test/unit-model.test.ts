import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { validateConfig } from '../src/config.ts';
import { paginate, pageUrl } from '../src/model/paginate.ts';
import { expandPermalink, jekyllCategorySegment } from '../src/model/permalink.ts';
import { slugify, uniqueSlugs } from '../src/model/slug.ts';
import { checkUrlPath, outputPathOf } from '../src/url-paths.ts';

const post = { slug: 'rang-dianli', date: new Date('2022-01-17T17:30:00Z'), categories: ['dazhongribao'] };
const seg = (name: string) => jekyllCategorySegment(name, slugify(name));

describe('slugs', () => {
  test('Chinese names become pinyin, Latin names lowercase', () => {
    assert.equal(slugify('大众日报新闻'), 'dazhongribaoxinwen');
    assert.equal(slugify('TechWeb'), 'techweb');
    assert.equal(slugify('anxinguojizhengquan(xianggang)'), 'anxinguojizhengquan-xianggang');
  });
  test('names that would make paths stay safe and non-empty', () => {
    assert.equal(slugify('电力/能源'), 'dianli-nengyuan');
    assert.match(slugify('..'), /^t-[0-9a-f]{4}$/);
    assert.match(slugify('CON'), /^con-[0-9a-f]{4}$/);
  });
  test('names sharing a pinyin get distinct, stable slugs', () => {
    const slugs = uniqueSlugs(['银行', '银航']);
    assert.equal(slugs.get('银航'), 'yinhang', 'the first in code point order keeps the bare slug');
    assert.match(slugs.get('银行')!, /^yinhang-[0-9a-f]{4}$/);
    assert.deepEqual(uniqueSlugs(['银航', '银行']), slugs, 'order of appearance does not matter');
  });
});

describe('permalinks', () => {
  test('pretty is the default: Jekyll order, dates in the site zone', () => {
    assert.equal(expandPermalink('pretty', post, 'Asia/Shanghai', seg), '/dazhongribao/2022/01/18/rang-dianli/');
    assert.equal(expandPermalink('pretty', post, 'UTC', seg), '/dazhongribao/2022/01/17/rang-dianli/');
  });
  test("the date style is exactly Jekyll's /:categories/:year/:month/:day/:title.html", () => {
    assert.equal(expandPermalink('date', post, 'Asia/Shanghai', seg), '/dazhongribao/2022/01/18/rang-dianli.html');
    const two = { ...post, categories: ['21shijijingjibaodao', '21caijingAPP'] };
    assert.equal(expandPermalink('date', two, 'Asia/Shanghai', seg), '/21shijijingjibaodao/21caijingapp/2022/01/18/rang-dianli.html');
    assert.equal(expandPermalink('date', { ...post, categories: [] }, 'Asia/Shanghai', seg), '/2022/01/18/rang-dianli.html');
  });
  test('custom patterns with placeholders, and styles ordinal and none', () => {
    assert.equal(expandPermalink('/posts/:title/', post, 'Asia/Shanghai', seg), '/posts/rang-dianli/');
    assert.equal(expandPermalink('/:year/:i_month/:i_day/:hour:minute/:slug', post, 'Asia/Shanghai', seg), '/2022/1/18/0130/rang-dianli');
    assert.equal(expandPermalink('ordinal', post, 'Asia/Shanghai', seg), '/dazhongribao/2022/018/rang-dianli.html');
    assert.equal(expandPermalink('none', post, 'Asia/Shanghai', seg), '/dazhongribao/rang-dianli.html');
  });
  test('URLs map to files the Jekyll way', () => {
    assert.equal(outputPathOf('/a/b/'), 'a/b/index.html');
    assert.equal(outputPathOf('/a/b.html'), 'a/b.html');
    assert.equal(outputPathOf('/about'), 'about.html');
    assert.equal(outputPathOf('/电力/'), '电力/index.html');
  });
  test('unsafe URL paths are refused with a reason', () => {
    for (const bad of ['/../etc/passwd', '/a/%2e%2e/b/', '/a\\b', '/a\u0000b', '/CON/x', '/a/./b']) {
      assert.ok(checkUrlPath(bad), bad);
    }
    assert.equal(checkUrlPath('/dazhongribao/2022/01/18/x/'), undefined);
  });
});

describe('pagination', () => {
  test('pages of a fixed size with neighbour links', () => {
    const pages = paginate([1, 2, 3, 4, 5], 2, (n) => pageUrl('/tag/x/', n));
    assert.deepEqual(pages.map((p) => p.items), [[1, 2], [3, 4], [5]]);
    assert.deepEqual(pages.map((p) => p.url), ['/tag/x/', '/tag/x/page/2/', '/tag/x/page/3/']);
    assert.equal(pages[0].prevUrl, undefined);
    assert.equal(pages[1].prevUrl, '/tag/x/');
    assert.equal(pages[1].nextUrl, '/tag/x/page/3/');
    assert.equal(pages[2].nextUrl, undefined);
  });
  test('an empty listing still has one page', () => {
    assert.equal(paginate([], 20, (n) => pageUrl('/', n)).length, 1);
  });
});

describe('config', () => {
  test('unknown keys and bad values are errors naming the key; all are reported at once', () => {
    const { problems } = validateConfig({ titel: 'x', pageSize: 0, timeZone: 'Mars/Olympus', basePath: 'archive' }, 'newsarchive.yml');
    const messages = problems.map((p) => p.message).join('\n');
    assert.equal(problems.length, 4, messages);
    assert.match(messages, /unknown config key "titel"/);
    assert.match(messages, /"pageSize" must be a whole number/);
    assert.match(messages, /"timeZone" is not an IANA time zone/);
    assert.match(messages, /"basePath" must start and end with "\/"/);
  });
  test('valid settings override the defaults', () => {
    const { config, problems } = validateConfig({ pageSize: 5, basePath: '/archive/' }, 'x');
    assert.deepEqual(problems, []);
    assert.equal(config.pageSize, 5);
    assert.equal(config.basePath, '/archive/');
    assert.equal(config.timeZone, 'Asia/Shanghai');
  });
});
