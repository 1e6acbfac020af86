// The index keeps a post's shown fields (SHOWN_FIELDS) apart, as one string decoded on first use: a
// post reused from the cache must read exactly as the one its build cleaned, field by field.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { PostCache, SHOWN_FIELDS } from '../src/cache/posts.ts';
import { findPostFiles } from '../src/load/find-posts.ts';
import { loadAndCleanPosts } from '../src/parallel/index.ts';
import type { Post } from '../src/types.ts';
import { SHARED, tempDir } from './helpers.ts';

const SEED = path.join(SHARED, 'seed');

const FIELDS_POST = `---
layout: post
title: "满是字段的报道"
date: 2022-05-26 10:00:00 +0800
categories: [jingjiribao, 经济]
tags: [电力, 能源]
author: [王小明, 李华]
source: 经济日报
description: 一段手写的摘要
published: true
rating: .inf
extra: { nested: [1, 2, { deep: 是 }] }
---
<p>□记者 张三</p>
<p>正文第一段。</p>
<p>（责任编辑：赵六）</p>
`;

/** Every field of `post` as a build reads it (own or from the cache's getters), HTML aside. */
function fieldsOf(post: Post): Record<string, unknown> {
  const names = new Set([...Object.keys(post), ...SHOWN_FIELDS]);
  names.delete('html');
  return Object.fromEntries([...names].sort().map((name) => [name, (post as unknown as Record<string, unknown>)[name]]));
}

async function loadAll(site: string): Promise<{ posts: Post[]; stats: PostCache['stats'] }> {
  const cache = PostCache.open(path.join(site, '.cache', 'posts'), 'salt');
  try {
    const posts = await loadAndCleanPosts(findPostFiles(site, 'posts', []), cache, { timeZone: 'Asia/Shanghai', clean: { disabledRules: new Set() }, threads: 1 }, []);
    cache.save();
    return { posts: posts.map((post) => ({ ...fieldsOf(post), html: post.html }) as unknown as Post), stats: { ...cache.stats } };
  } finally {
    cache.close();
  }
}

test('a post reused from the cache index shows every field as the build that cleaned it', async () => {
  const site = tempDir('shown-fields');
  fs.mkdirSync(path.join(site, 'posts'));
  for (const name of fs.readdirSync(SEED)) fs.copyFileSync(path.join(SEED, name), path.join(site, 'posts', `2022-05-26-${path.parse(name).name}.md`));
  fs.writeFileSync(path.join(site, 'posts', '2022-05-26-fields.md'), FIELDS_POST);

  const cleaned = await loadAll(site);
  assert.equal(cleaned.stats.cleaned, 2);
  const reused = await loadAll(site);
  assert.equal(reused.stats.reused, 2, 'the second load reads every post from the index');
  assert.deepEqual(reused.posts, cleaned.posts);

  const rich = reused.posts.find((p) => p.title === '满是字段的报道')!;
  assert.equal(rich.excerpt, '一段手写的摘要');
  assert.equal(rich.editor, '赵六', 'a shown field comes back');
  assert.equal((rich.data as Record<string, unknown>).rating, Infinity, 'front matter values survive as YAML gave them, not as JSON would');
  assert.equal(typeof rich.keyLines.title, 'number');
  assert.ok(cleaned.posts.every((p) => p.published === true));
});
