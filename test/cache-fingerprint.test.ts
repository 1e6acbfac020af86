// What a cached result depends on: the bytes and names of the files under some folders, not where the folders are.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { hashTree } from '../src/cache/fingerprint.ts';
import { tempDir } from './helpers.ts';

function tree(files: Record<string, string>): string {
  const dir = tempDir('hash-tree');
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

test('a tree hashes the same wherever it lies, and differently when a byte, a name or the order of the folders changes', () => {
  const files = { 'post.njk': '{{ post.title }}', 'partials/card.njk': '<li>{{ post.title }}</li>' };
  const here = tree(files);
  const there = tree(files);
  const theme = tree({ 'base.njk': '<html lang="zh-CN">' });
  assert.equal(hashTree([here, theme]), hashTree([there, theme]), 'moved: the same hash');
  assert.notEqual(hashTree([here, theme]), hashTree([theme, here]), 'the order of the folders counts');
  assert.notEqual(hashTree([here, theme]), hashTree([tree({ ...files, 'post.njk': '{{ post.title }} ' }), theme]), 'one byte more');
  assert.notEqual(hashTree([here, theme]), hashTree([tree({ 'post.njk': files['post.njk'], 'partials/item.njk': files['partials/card.njk'] }), theme]), 'a file renamed');
  assert.notEqual(hashTree([here, theme]), hashTree([here, path.join(theme, 'missing')]), 'a folder that is not there counts as empty');
});
