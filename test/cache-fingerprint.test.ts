// What a cached result depends on: the bytes and names of the files under some folders, not where the folders are.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { hashTree, moduleClosure, stageCode } from '../src/cache/fingerprint.ts';
import { PAGE_STAGES, POST_STAGES } from '../src/cache/index.ts';
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

test("a stage's code is every module its entries reach by relative imports, and the packages they name", () => {
  const root = tree({
    'stage/index.js': [
      "import { helper } from '../shared/helper.js';",
      "export { format } from './format.js';",
      "import './side-effect.js';",
      "import nunjucks from 'nunjucks';",
      "import fs from 'node:fs';",
      "import path from 'path';",
      "const pinyin = onFirstUse<typeof import('pinyin-pro')>('pinyin-pro');",
      "const slim = require('cheerio/slim');",
      "const later = () => import('./later.js');",
      "// a comment quoting a template: {% from \"m.njk\" import f %} and import x from 'quoted';",
    ].join('\n'),
    'stage/format.js': "export { parse } from '@scope/parser/sub';",
    'stage/side-effect.js': '',
    'stage/later.js': '',
    'shared/helper.js': "import { remember } from './memo.js';",
    'shared/memo.js': '',
    'shared/unused.js': "import 'never-named';",
  });
  const closure = moduleClosure(['stage/index.js'], root);
  assert.deepEqual(closure.files, ['shared/helper.js', 'shared/memo.js', 'stage/format.js', 'stage/index.js', 'stage/later.js', 'stage/side-effect.js'].map((f) => path.join(...f.split('/'))));
  assert.deepEqual(closure.packages, ['@scope/parser', 'cheerio', 'nunjucks', 'pinyin-pro']);
});

test("a stage's fingerprint changes with a helper it imports through another module, not with code it never reaches", () => {
  const files = { 'stage/index.js': "import { helper } from '../shared/helper.js';", 'shared/helper.js': "import { remember } from './memo.js';", 'shared/memo.js': 'export const limit = 50_000;', 'other.js': 'export {};' };
  const before = stageCode(['stage/index.js'], tree(files)).fingerprint;
  assert.equal(stageCode(['stage/index.js'], tree(files)).fingerprint, before, 'moved: the same fingerprint');
  assert.notEqual(stageCode(['stage/index.js'], tree({ ...files, 'shared/memo.js': 'export const limit = 10_000;' })).fingerprint, before, 'a helper two imports away changed');
  assert.equal(stageCode(['stage/index.js'], tree({ ...files, 'other.js': 'export const x = 1;' })).fingerprint, before, 'a module the stage never imports changed');
});

test("the pages' salt covers the model's helpers and pinyin-pro, and the posts' salt the parsers the clean stage imports", () => {
  const src = path.resolve(import.meta.dirname, '../src');
  const pages = moduleClosure(PAGE_STAGES, src);
  for (const file of ['memo.ts', 'on-first-use.ts', 'dates.ts', 'url-paths.ts']) assert.ok(pages.files.includes(file), `${file} is in the model and render stages' code`);
  for (const name of ['nunjucks', 'pinyin-pro']) assert.ok(pages.packages.includes(name), `${name} is among the pages' packages`);
  const posts = moduleClosure(POST_STAGES, src);
  for (const file of ['memo.ts', 'dates.ts', path.join('clean', 'rules', 'strip-unsafe.ts')]) assert.ok(posts.files.includes(file), `${file} is in the load and clean stages' code`);
  for (const name of ['cheerio', 'gray-matter', 'js-yaml', 'markdown-it']) assert.ok(posts.packages.includes(name), `${name} is among the posts' packages`);
});
