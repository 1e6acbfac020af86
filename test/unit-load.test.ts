import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parsePostDate, isoInZone, chineseDate } from '../src/dates.ts';
import { parsePostFilename, titleFromSlug, isPostFile } from '../src/load/filename.ts';
import { splitFrontMatter } from '../src/load/front-matter.ts';
import { nameList } from '../src/load/post-fields.ts';

const SH = 'Asia/Shanghai';

describe('post file names (Jekyll rules)', () => {
  test('a dated name gives its date and slug', () => {
    assert.deepEqual(parsePostFilename('2022-01-18-rang-dianli.md'), { date: { year: 2022, month: 1, day: 18 }, slug: 'rang-dianli' });
  });
  test('an undated name is all slug', () => {
    assert.deepEqual(parsePostFilename('-202205262391921712.md'), { slug: '-202205262391921712' });
    assert.deepEqual(parsePostFilename('about.markdown'), { slug: 'about' });
  });
  test('only .md and .markdown files are posts, hidden ones are not', () => {
    assert.equal(isPostFile('a.md'), true);
    assert.equal(isPostFile('a.MARKDOWN'), true);
    assert.equal(isPostFile('a.txt'), false);
    assert.equal(isPostFile('.a.md'), false);
  });
  test("Jekyll's title from a slug", () => {
    assert.equal(titleFromSlug('hello-big-world'), 'Hello Big World');
  });
});

describe('post dates, independent of the machine zone', () => {
  test('the scraper form with an offset', () => {
    assert.equal(parsePostDate('2022-01-18 09:52:23 +0800', SH)?.toISOString(), '2022-01-18T01:52:23.000Z');
  });
  test('ISO 8601 with Z and with an offset', () => {
    assert.equal(parsePostDate('2022-01-18T09:52:23Z', SH)?.toISOString(), '2022-01-18T09:52:23.000Z');
    assert.equal(parsePostDate('2022-01-18T09:52:23-05:00', SH)?.toISOString(), '2022-01-18T14:52:23.000Z');
  });
  test('no offset means the site zone, not the machine zone', () => {
    assert.equal(process.env.TZ === SH, false, 'tests must not run in the site zone');
    assert.equal(parsePostDate('2021-12-01 13:33:50', SH)?.toISOString(), '2021-12-01T05:33:50.000Z');
    assert.equal(parsePostDate('2022-01-18', SH)?.toISOString(), '2022-01-17T16:00:00.000Z');
    assert.equal(parsePostDate('2022-07-01 12:00:00', 'America/New_York')?.toISOString(), '2022-07-01T16:00:00.000Z');
  });
  test('impossible or malformed dates are rejected', () => {
    for (const bad of ['2022-02-30', '2022-13-01', '+0800', '', 'yesterday', '2022-01-18 25:00:00']) {
      assert.equal(parsePostDate(bad, SH), undefined, bad);
    }
  });
  test('dates print in the site zone with their offset', () => {
    const late = new Date('2022-01-18T17:30:00Z'); // already the 19th in Beijing
    assert.equal(isoInZone(late, SH), '2022-01-19T01:30:00+08:00');
    assert.equal(chineseDate(late, SH), '2022年1月19日');
  });
});

describe('front matter', () => {
  test('splits YAML and body and keeps dates as text', () => {
    const split = splitFrontMatter('---\ntitle: "标题"\ndate: 2022-01-18 09:52:23\n---\n正文\n');
    assert.ok('data' in split);
    assert.deepEqual(split.data, { title: '标题', date: '2022-01-18 09:52:23' });
    assert.equal(split.body, '正文\n');
    assert.equal(split.bodyLine, 5);
    assert.deepEqual(split.keyLines, { title: 2, date: 3 });
  });
  test('blank lines before the opening --- are allowed and counted', () => {
    const split = splitFrontMatter('\n\n---\ntitle: x\n---\nbody');
    assert.ok('data' in split);
    assert.equal(split.openLine, 3);
    assert.equal(split.keyLines.title, 4);
  });
  test('a YAML error points at the line of the file, not of the block', () => {
    const split = splitFrontMatter('\n---\ntitle: x\ntags: [a, b\ndate: 2022-01-01\n---\n');
    assert.ok(!('data' in split));
    assert.match(split.message, /invalid YAML/);
    assert.ok(split.line >= 4 && split.line <= 6, `line ${split.line}`);
  });
  test('missing, unterminated and non-mapping front matter are errors with a hint', () => {
    const missing = splitFrontMatter('just text');
    assert.ok(!('data' in missing) && missing.message === 'missing front matter');
    const open = splitFrontMatter('---\ntitle: x\nbody');
    assert.ok(!('data' in open) && /not closed/.test(open.message) && open.line === 1);
    const list = splitFrontMatter('---\n- a\n- b\n---\n');
    assert.ok(!('data' in list) && /mapping/.test(list.message));
  });
});

describe('categories and tags', () => {
  test('a string splits on whitespace as Jekyll does; a list is kept', () => {
    assert.deepEqual(nameList('21shijijingjibaodao 21caijingAPP'), ['21shijijingjibaodao', '21caijingAPP']);
    assert.deepEqual(nameList(['上海 证券', '金融']), ['上海 证券', '金融']);
  });
  test('numbers become text, null and nested values are handled, case duplicates fold', () => {
    assert.deepEqual(nameList(2022), ['2022']);
    assert.deepEqual(nameList(null), []);
    assert.deepEqual(nameList(['a', ['b', null], { x: 1 }]), ['a', 'b']);
    assert.deepEqual(nameList(['TechWeb', 'Techweb']), ['TechWeb']);
  });
});

describe('zone offsets across daylight saving changes', () => {
  test('New York before and after the spring change, and the wall clock round trip', () => {
    assert.equal(isoInZone(new Date('2022-03-13T06:59:59Z'), 'America/New_York'), '2022-03-13T01:59:59-05:00');
    assert.equal(isoInZone(new Date('2022-03-13T07:00:00Z'), 'America/New_York'), '2022-03-13T03:00:00-04:00');
    assert.equal(parsePostDate('2022-11-06 12:00:00', 'America/New_York')?.toISOString(), '2022-11-06T17:00:00.000Z');
    assert.equal(isoInZone(new Date('2022-01-18T01:52:23.999Z'), SH), '2022-01-18T09:52:23+08:00');
  });
});
