import assert from 'node:assert/strict';
import { test } from 'node:test';
import { removeComments } from '../src/clean/rules/remove-comments.ts';
import { applyRule, clean, realPosts } from './clean-helpers.ts';

test('remove-comments: comments go at any depth, the text around them stays', () => {
  const { html } = applyRule(removeComments, '<!-- top --><p>甲<!-- inside -->乙<span>丙<!-- deep --></span></p><!---->');
  assert.equal(html, '<p>甲乙<span>丙</span></p>');
});

test('remove-comments: no real post keeps a comment, and the seed (which has none) keeps all its text', () => {
  for (const { file, html } of realPosts()) assert.doesNotMatch(clean(html).html, /<!--/, file);
  const seed = realPosts()[0].html;
  assert.equal(applyRule(removeComments, seed).html, seed);
});
