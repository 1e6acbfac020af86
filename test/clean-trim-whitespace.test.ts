import assert from 'node:assert/strict';
import { test } from 'node:test';
import { trimWhitespace } from '../src/clean/rules/trim-whitespace.ts';
import { applyRule, clean, realPosts } from './clean-helpers.ts';

test('trim-whitespace: full-width indentation, &nbsp; runs and stray spaces are trimmed; one space stays inside a line', () => {
  const { html } = applyRule(trimWhitespace, '<p>　　正文&nbsp;&nbsp;&nbsp;内容 <b> 粗</b>　</p><p>Chuck&nbsp;McBride<br>　　第二行</p><pre>  code  </pre>');
  assert.equal(html, '<p>正文 内容 <b> 粗</b></p><p>Chuck McBride<br>第二行</p><pre>  code  </pre>');
});

test('trim-whitespace: the seed\'s last paragraph loses its trailing space, and no real paragraph starts or ends with a space', () => {
  for (const { file, html } of realPosts()) {
    const { $ } = clean(html);
    $('p, h2, figcaption').each((_, p) => {
      assert.doesNotMatch($(p).text(), /^[\s\u00a0\u3000]|[\s\u00a0\u3000]$/, `${file}: ${$(p).text().slice(0, 20)}`);
    });
  }
  assert.match(clean(realPosts()[0].html).html, /责任与担当。<\/p>/);
});
