import assert from 'node:assert/strict';
import { test } from 'node:test';
import { unwrapLegacyMarkup } from '../src/clean/rules/unwrap-legacy-markup.ts';
import { applyRule, clean, realPosts } from './clean-helpers.ts';

test('unwrap-legacy-markup: font and center unwrap, empty spans go, spans of spaces unwrap, spans with lang stay', () => {
  const { html } = applyRule(unwrapLegacyMarkup, '<center><img src="a.jpg"></center><p><font color="red" face="宋体">红字</font>Chuck<span> </span>McBride<span id="quote_1.600160"></span><span style="color:blue">蓝</span><span lang="en">Apple</span></p>');
  assert.equal(html, '<img src="a.jpg"><p>红字Chuck McBride蓝<span lang="en">Apple</span></p>');
});

test('unwrap-legacy-markup: no real post keeps a font, center or span after cleaning', () => {
  for (const { file, html } of realPosts()) {
    const { $ } = clean(html);
    assert.equal($('font, center, span').length, 0, file);
  }
});
