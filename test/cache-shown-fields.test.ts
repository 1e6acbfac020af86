// The cache keeps a post's shown fields (SHOWN_FIELDS) out of its index, in the pack beside its HTML,
// decoded on first use: a post reused from the cache must read exactly as the one its build cleaned,
// field by field, wherever a compaction moved it.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { cachedPost } from '../src/cache/cached-post.ts';
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

test('posts whose HTML and shown fields a compaction moved read back as written, even when its pack is begun in the same millisecond', () => {
  const dir = tempDir('compact-same-ms');
  const post = (i: number) => ({ sourcePath: `posts/${i}.md`, title: `第${i}篇`, html: `<p>第${i}篇的正文。</p>`.repeat(40), authors: [`作者${i}`], description: `摘要${i}` }) as unknown as Post;
  const realNow = Date.now;
  // Every pack named in one millisecond: a name of time and process alone was the same for each.
  Date.now = () => 1_700_000_000_000;
  try {
    const first = PostCache.open(dir, 'salt');
    for (let i = 0; i < 6; i++) first.put(`k${i}`, post(i), []);
    first.save();
    first.close();
    // Five of six posts gone and one new: less than half of the packs' bytes live, so the save compacts.
    const second = PostCache.open(dir, 'salt');
    assert.ok(second.take('k0'));
    second.put('k6', post(6), []);
    second.save();
    second.close();
    // As a build ends: the packs the saved index no longer points to go.
    second.dropDeadPacks();
    assert.equal(fs.readdirSync(path.join(dir, 'html')).length, 1, 'compacted into one pack');
    const third = PostCache.open(dir, 'salt');
    for (const i of [0, 6]) {
      const read = cachedPost(third.take(`k${i}`)!, `k${i}`, third);
      assert.equal(read.html, post(i).html);
      assert.deepEqual([read.authors, read.description], [[`作者${i}`], `摘要${i}`]);
    }
    third.close();
  } finally {
    Date.now = realNow;
  }
});
