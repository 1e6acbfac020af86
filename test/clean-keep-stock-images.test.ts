import assert from 'node:assert/strict';
import { test } from 'node:test';
import { keepStockImages } from '../src/clean/rules/keep-stock-images.ts';
import { applyRule, clean, realPosts } from './clean-helpers.ts';

const BLOCK = '<p>前文。</p><!-- EM_StockImg_Start --><p style="text-align:center;"><a href="http://quote.eastmoney.com/unify/r/106.NIO" class="EmImageRemark"><img src="https://webquoteklinepic.eastmoney.com/GetPic.aspx?nid=106.NIO" alt="K图 NIO_0" width="578" height="276" /></a></p><!-- EM_StockImg_End --><p>后文<a href="http://example.com/">链接</a>。</p>';

test('keep-stock-images: the chart between the EM_StockImg markers stays, its quote link and the markers go', () => {
  const { $, html } = applyRule(keepStockImages, BLOCK);
  assert.equal($('img').attr('alt'), 'K图 NIO_0');
  assert.equal($('img').parent().is('p'), true);
  assert.equal($('a.EmImageRemark').length, 0);
  assert.doesNotMatch(html, /EM_StockImg/);
  assert.equal($('a[href="http://example.com/"]').text(), '链接', 'links outside the block are not touched');
});

test('keep-stock-images: an unclosed marker unwraps to the end of its parent, and a post without markers is unchanged', () => {
  const { $ } = applyRule(keepStockImages, '<!-- EM_StockImg_Start --><p><a href="http://q/"><img src="https://x/k.png"></a></p>');
  assert.equal($('a').length, 0);
  assert.equal($('img').length, 1);
  const plain = '<p>正文<a href="http://q/"><img src="https://x/k.png"></a></p>';
  assert.equal(applyRule(keepStockImages, plain).html, plain);
});

test('keep-stock-images: in the real posts the stock chart survives the whole clean stage as an image, not a link', () => {
  const withCharts = realPosts().filter((p) => p.html.includes('EM_StockImg_Start'));
  assert.ok(withCharts.length >= 2, 'the corpus has stock-chart posts');
  for (const { file, html } of withCharts) {
    const { $ } = clean(html);
    const chart = $('img[src*="webquoteklinepic.eastmoney.com"]');
    assert.equal(chart.length, 1, file);
    assert.equal(chart.closest('a').length, 0, file);
    const off = clean(html, ['keep-stock-images']).$;
    assert.equal(off('img[src*="webquoteklinepic"]').closest('a').length, 1, `${file}: with the rule off the quote link stays`);
  }
});
