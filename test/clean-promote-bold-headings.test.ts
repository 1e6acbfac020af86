import assert from 'node:assert/strict';
import { test } from 'node:test';
import { promoteBoldHeadings } from '../src/clean/rules/promote-bold-headings.ts';
import { applyRule, clean, realPosts } from './clean-helpers.ts';

test('promote-bold-headings: a short wholly bold paragraph becomes an <h2> without its bold', () => {
  const { html } = applyRule(promoteBoldHeadings, '<p class="x"><strong>什么是HFO-1234yf</strong></p><p> <b>专家：还有空间吗？</b> </p>');
  assert.equal(html, '<h2>什么是HFO-1234yf</h2><h2> 专家：还有空间吗？ </h2>');
});

test('promote-bold-headings: bold sentences, partly bold lines, bylines, credits and quotes stay paragraphs', () => {
  for (const html of [
    '<p><strong>这是一整句加粗的强调文字。</strong></p>',
    '<p><strong>要点</strong>在于落实。</p>',
    '<p><strong>本报记者 王明</strong></p>',
    '<p><b>（新华社发）</b></p>',
    '<p><strong>“我们一定能行”</strong></p>',
    `<p><strong>${'很长的加粗段落'.repeat(7)}</strong></p>`,
  ]) assert.equal(applyRule(promoteBoldHeadings, html).html, html);
});

test('promote-bold-headings: the real stock post gets its two bold subheadings as <h2>; the seed has none', () => {
  for (const { file, html } of realPosts().filter((p) => p.html.includes('<strong>'))) {
    const { $ } = clean(html);
    assert.deepEqual($('h2').map((_, h) => $(h).text()).get(), ['什么是HFO-1234yf', '这些公司有HFO-1234yf产品'], file);
    assert.equal($('strong').length, 0, file);
  }
  assert.equal(applyRule(promoteBoldHeadings, realPosts()[0].html).$('h2').length, 0);
});
