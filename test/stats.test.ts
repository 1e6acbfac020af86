// The /stats/ page: monthly counts per newspaper, drawn at build time.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { niceCeiling } from '../src/render/stats.ts';
import { makeSite, page, post, runCli } from './helpers.ts';

function fixture(): Record<string, string> {
  const files: Record<string, string> = {};
  const add = (date: string, paper: string, i: number) => {
    files[`posts/${date.slice(0, 10)}-p${i}.md`] = post({ title: `文章${i}`, date, categories: paper, tags: `[${paper}新闻]` });
  };
  let i = 0;
  for (let n = 0; n < 9; n++) add(`2022-01-${String(n + 1).padStart(2, '0')} 10:00:00 +0800`, '大众日报', i++);
  for (let n = 0; n < 8; n++) add(`2022-01-${String(n + 10).padStart(2, '0')} 10:00:00 +0800`, '人民日报', i++);
  // 23:30 on 31 March in Beijing is still March there, though April has begun nowhere west of it.
  add('2022-03-31 23:30:00 +0800', '人民日报', i++);
  for (const paper of ['光明日报', '经济日报', '工人日报', '农民日报', '文汇报', '解放日报', '新华日报']) add('2022-04-05 10:00:00 +0800', paper, i++);
  return files;
}

test('the stats chart and table count every post once, by newspaper and month in Beijing time', () => {
  const site = makeSite(fixture());
  const result = runCli(site, ['build', '--no-search']);
  assert.equal(result.code, 0, result.stderr);
  const $ = page(site, 'stats/index.html');
  const svg = $('main svg.stats-chart');
  assert.equal(svg.length, 1);
  assert.equal(svg.attr('data-total'), '25');
  assert.match(svg.find('desc').text(), /共 25 篇/);
  const counts = svg.find('rect').map((_, el) => ({ month: $(el).attr('data-month'), count: Number($(el).attr('data-count')) })).get();
  assert.equal(counts.reduce((sum, c) => sum + c.count, 0), 25, 'the bars add up to every post');
  const perMonth = (month: string) => counts.filter((c) => c.month === month).reduce((sum, c) => sum + c.count, 0);
  assert.deepEqual(['2022-01', '2022-02', '2022-03', '2022-04'].map(perMonth), [17, 0, 1, 7]);

  const table = $('table.stats-table');
  const header = table.find('thead th').map((_, el) => $(el).text()).get();
  assert.deepEqual(header.slice(0, 3), ['月份', '大众日报', '人民日报']);
  assert.equal(header.at(-2), '其他报纸', 'past seven newspapers the rest share a column');
  assert.equal(header.at(-1), '合计');
  const rows = table.find('tbody tr').map((_, tr) => [$(tr).find('th, td').map((__, c) => $(c).text()).get()]).get() as string[][];
  assert.deepEqual(rows.map((r) => r[0]), ['2022年4月', '2022年3月', '2022年2月', '2022年1月'], 'every month, the empty one too, newest first');
  assert.deepEqual(rows[3].slice(1, 3), ['9', '8']);
  assert.equal(rows[3].at(-1), '17');
  assert.equal(rows[0].at(-2), '2', 'nine newspapers: the eighth and ninth, both in April, share the last column');
  assert.equal(table.find('tfoot td').last().text(), '25');
  assert.equal($('#top-newspapers + ol li').first().text().replace(/\s+/g, ' ').trim(), '大众日报 9 篇');
  assert.equal($('#top-tags + ol li').length, 9);
  assert.equal($('.site-nav a[aria-current="page"]').text(), '统计');
});

test('niceCeiling rounds the axis up to 1, 2 or 5 times a power of ten', () => {
  assert.deepEqual([1, 3, 7, 17, 200, 201].map(niceCeiling), [1, 5, 10, 20, 200, 500]);
});
