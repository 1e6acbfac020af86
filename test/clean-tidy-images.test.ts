import assert from 'node:assert/strict';
import { test } from 'node:test';
import { tidyImages } from '../src/clean/rules/tidy-images.ts';
import { applyRule, clean, realPosts } from './clean-helpers.ts';

test('tidy-images: https for protocol-relative src, lazy loading, async decoding, size kept', () => {
  const { $ } = applyRule(tidyImages, '<img src="//img.example.cn/a.jpg" width="600" height="400" alt="会场"><img src="http://old.example.cn/b.png">');
  const [a, b] = $('img').get().map((img) => img.attribs);
  assert.deepEqual([a.src, a.loading, a.decoding, a.width, a.height, a.alt], ['https://img.example.cn/a.jpg', 'lazy', 'async', '600', '400', '会场']);
  assert.equal(b.src, 'http://old.example.cn/b.png', 'only protocol-relative URLs change scheme');
});

test('tidy-images: the height comes from a _w800h555 file name when only the width is given; a placeholder alt is emptied', () => {
  const { $ } = applyRule(tidyImages, '<img src="https://dfscdn.dfcfw.com/download/D2467_w800h555.jpg" alt="Image" width="552">');
  assert.equal($('img').attr('height'), '383');
  assert.equal($('img').attr('alt'), '');
});

test('tidy-images: every real image survives the sanitizer with https, lazy loading, async decoding and its size', () => {
  let images = 0;
  for (const { file, html } of realPosts()) {
    clean(html).$('img').each((_, img) => {
      images++;
      const a = img.attribs;
      assert.match(a.src, /^https:\/\//, file);
      assert.equal(a.loading, 'lazy', file);
      assert.equal(a.decoding, 'async', file);
      assert.match(a.width ?? '', /^\d+$/, file);
      assert.match(a.height ?? '', /^\d+$/, file);
      assert.equal(a.style, undefined, file);
    });
  }
  assert.equal(images, 8);
});
