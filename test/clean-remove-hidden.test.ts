import assert from 'node:assert/strict';
import { test } from 'node:test';
import { removeHidden } from '../src/clean/rules/remove-hidden.ts';
import { applyRule, cleanBefore, realPosts } from './clean-helpers.ts';

test('remove-hidden: display:none paragraphs go, in any spelling; visible styles stay', () => {
  const { $ } = applyRule(removeHidden, '<p style="display:none;height:1px;overflow:hidden;"><br /></p><p style="color: red; DISPLAY : NONE !important">藏</p><p style="text-align:center;">可见</p><p style="display:block">块</p>');
  assert.deepEqual($('p').map((_, p) => $(p).text()).get(), ['可见', '块']);
});

test('remove-hidden: the hidden spacer of the real stock-news post is removed, nothing else', () => {
  const post = realPosts().find((p) => p.file.startsWith('corpus/finews/_posts/-2022'))!;
  const before = cleanBefore('remove-hidden', post.html);
  const { $, html } = applyRule(removeHidden, before);
  assert.doesNotMatch(html, /display:\s*none/);
  assert.equal($('p').length, (before.match(/<p[\s>]/g) ?? []).length - 1);
});
