import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dropEmptyParagraphs } from '../src/clean/rules/drop-empty-paragraphs.ts';
import { applyRule, clean, realPosts } from './clean-helpers.ts';

test('drop-empty-paragraphs: blank, &nbsp;, full-width and <br>-only paragraphs go; an image paragraph stays', () => {
  const { $ } = applyRule(dropEmptyParagraphs, '<p></p><p>&nbsp;</p><p>　</p><p><br></p><p><img src="a.jpg"></p><p>字</p>');
  assert.equal($('p').length, 2);
  assert.equal($('p img').length, 1);
});

test('drop-empty-paragraphs: no real post keeps an empty paragraph', () => {
  for (const { file, html } of realPosts()) {
    const { $ } = clean(html);
    $('p').each((_, p) => assert.ok($(p).text().trim() || $(p).find('img').length, file));
  }
});
