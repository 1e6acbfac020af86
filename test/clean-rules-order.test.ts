// The shape of the clean stage: named rules in order, the sanitizer last, one file and one test per rule.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { CLEAN_RULE_NAMES, cleanPost } from '../src/clean/index.ts';
import { REPO } from './helpers.ts';

test('clean rules: unique kebab-case names, the sanitizer last, each in its own file', () => {
  assert.equal(new Set(CLEAN_RULE_NAMES).size, CLEAN_RULE_NAMES.length);
  assert.equal(CLEAN_RULE_NAMES.at(-1), 'strip-unsafe');
  for (const name of CLEAN_RULE_NAMES) {
    assert.match(name, /^[a-z]+(-[a-z]+)+$/);
    assert.ok(fs.existsSync(path.join(REPO, 'src', 'clean', 'rules', `${name}.ts`)), `src/clean/rules/${name}.ts`);
    if (name !== 'strip-unsafe') assert.ok(fs.existsSync(path.join(REPO, 'test', `clean-${name}.test.ts`)), `test/clean-${name}.test.ts`);
  }
});

test('clean rules: the sanitizer runs last, so markup a rule builds is still checked, even with every other rule off', () => {
  const post = { sourcePath: 'p.md', slug: 'p', title: 't', date: new Date(0), categories: [], tags: [], layout: 'post', isDraft: false, data: {}, bodyLine: 1, keyLines: {} };
  const html = '<p>□郭鹏</p><p><img src="javascript:alert(1)" onerror="x()"><a href="javascript:alert(1)">链接</a></p><script>x()</script><p>图片来源：网络</p>';
  for (const disabled of [[], CLEAN_RULE_NAMES]) {
    const out = cleanPost({ ...post, html }, { disabledRules: new Set(disabled) }, []).html;
    assert.doesNotMatch(out, /javascript:|onerror|<script/, `disabled: ${disabled.length}`);
  }
});
