import assert from 'node:assert/strict';
import { test } from 'node:test';
import { unwrapKeywordLinks } from '../src/clean/rules/unwrap-keyword-links.ts';
import { applyRule, clean, compact, realPosts } from './clean-helpers.ts';

test('unwrap-keyword-links: quote-page links and link-like spans become their words; real links stay', () => {
  const { $ } = applyRule(unwrapKeywordLinks, '<p>为<a href="http://quote.eastmoney.com/unify/r/106.NIO" class="keytip">蔚来</a>的<a class="infokey" href="http://data.eastmoney.com/bbsj/">业绩</a>，<span web="1" href="http://q/1" class="em_stock_key_common">巨化股份</span>与<span href="http://q/2">联创</span>，见<a href="http://www.gov.cn/">官网</a>。</p>');
  assert.equal($('p').text(), '为蔚来的业绩，巨化股份与联创，见官网。');
  assert.deepEqual($('a').map((_, a) => $(a).attr('href')).get(), ['http://www.gov.cn/']);
  assert.equal($('span[href], .em_stock_key_common').length, 0);
});

test('unwrap-keyword-links: no real post keeps a link to a quote or data page, and the words stay', () => {
  for (const { file, html } of realPosts()) {
    const { $ } = clean(html);
    assert.equal($('a[href*="eastmoney.com"]').length, 0, file);
    if (html.includes('keytip')) assert.match(compact($.root().text()), /巨化股份、联创股份已有HFO-1234yf产品/, file);
  }
});
