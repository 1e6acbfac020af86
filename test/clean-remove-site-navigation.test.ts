import assert from 'node:assert/strict';
import { test } from 'node:test';
import { removeSiteNavigation } from '../src/clean/rules/remove-site-navigation.ts';
import { applyRule, bodyOf, clean, realPosts, SEED_FILE } from './clean-helpers.ts';
import { renderMarkdown } from '../src/load/markdown.ts';

test('remove-site-navigation: every variant of the old links back goes, on one line or two', () => {
  for (const markdown of [
    '[返回大众日报新闻](//finews.withounder.com/category/dazhongribao.html)｜[返回首页](//finews.withounder.com/)',
    '[返回东财滚动新闻](../emnews/)\n[返回首页](../)',
    '[返回东财滚动新闻](//finews.zning.me/emnews/)\n\n[返回首页](//finews.zning.me/)',
    '[返回首页](/) | [返回列表](/list/)',
  ]) {
    const { $ } = applyRule(removeSiteNavigation, renderMarkdown(`正文。\n\n${markdown}`));
    assert.deepEqual($('p').map((_, p) => $(p).text()).get(), ['正文。'], markdown);
  }
});

test('remove-site-navigation: prose that mentions 返回, and other links, stay', () => {
  const html = '<p>他说要<a href="/x">返回</a>家乡。</p><p><a href="http://a/">返回首页</a>｜<a href="http://b/">相关报道</a></p>';
  assert.equal(applyRule(removeSiteNavigation, html).html, html);
});

test('remove-site-navigation: no real post keeps a link back to the old site', () => {
  let had = 0;
  for (const { file, html } of realPosts()) {
    if (html.includes('返回首页')) had++;
    const { $ } = clean(html);
    assert.doesNotMatch($.root().text(), /返回首页|返回.*新闻/, file);
    assert.equal($('a[href*="withounder"], a[href*="zning"], a[href^="../"]').length, 0, file);
  }
  assert.ok(had >= 10, `the corpus has the navigation in ${had} posts`);
  assert.match(bodyOf(SEED_FILE), /返回首页/);
});
