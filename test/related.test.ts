import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildSiteModel } from '../src/model/index.ts';
import { linkRelated, RELATED_LIMIT, RELATED_WINDOW } from '../src/model/related.ts';
import { seededRandom } from './helpers.ts';
import type { Post, PostEntry } from '../src/types.ts';

const OPTIONS = { permalink: '/:categories/:year/:month/:day/:title/', timeZone: 'Asia/Shanghai', categoryNames: {}, pageSize: 10, siteTitle: '测试' };

/** A cleaned post with only what the model reads. */
function makePost(slug: string, date: string, categories: string[], tags: string[]): Post {
  return {
    sourcePath: `posts/${slug}.md`, slug, title: slug, date: new Date(date), categories, tags, layout: 'post', isDraft: false,
    data: {}, bodyLine: 1, keyLines: {}, html: '<p>正文</p>', excerpt: '正文', authors: [], charCount: 2, readingMinutes: 1,
  };
}

const titles = (entries: PostEntry[] | undefined) => (entries ?? []).map((e) => e.post.title);
const bySlug = (entries: PostEntry[], slug: string) => entries.find((e) => e.post.slug === slug)!;

test('related posts rank shared tags above a shared category, then nearness in date, and stop at five', () => {
  const posts = [
    makePost('me', '2022-06-15T00:00:00Z', ['dazhong'], ['电力', '营商环境']),
    makePost('both-tags-far', '2020-01-01T00:00:00Z', ['renmin'], ['电力', '营商环境']),
    makePost('one-tag-near', '2022-06-14T00:00:00Z', ['renmin'], ['电力']),
    makePost('one-tag-far', '2021-01-01T00:00:00Z', ['renmin'], ['营商环境']),
    makePost('same-paper-near', '2022-06-16T00:00:00Z', ['dazhong'], []),
    makePost('same-paper-far', '2019-06-16T00:00:00Z', ['dazhong'], []),
    makePost('same-paper-farther', '2018-06-16T00:00:00Z', ['dazhong'], []),
    makePost('unrelated', '2022-06-15T01:00:00Z', ['renmin'], ['乡村']),
  ];
  const model = buildSiteModel(posts, OPTIONS, []);
  const me = bySlug(model.entries, 'me');
  assert.deepEqual(titles(me.related), ['both-tags-far', 'one-tag-near', 'one-tag-far', 'same-paper-near', 'same-paper-far']);
  assert.ok(!titles(me.related).includes('me'));
  assert.deepEqual(titles(bySlug(model.entries, 'unrelated').related), ['one-tag-near', 'one-tag-far', 'both-tags-far'], 'shares only the renmin category: nearest first');
});

test('in a tag that every post carries, the related posts are the nearest in date', () => {
  const posts = Array.from({ length: 500 }, (_, i) => makePost(`p${i}`, new Date(Date.UTC(2020, 0, 1) + i * 86400000).toISOString(), ['dazhong'], ['大众日报新闻']));
  const model = buildSiteModel(posts, OPTIONS, []);
  const middle = bySlug(model.entries, 'p250');
  assert.equal(middle.related!.length, 5);
  assert.deepEqual(titles(middle.related).slice(0, 2).sort(), ['p249', 'p251']);
  assert.deepEqual(titles(middle.related).slice(2, 4).sort(), ['p248', 'p252']);
  assert.ok(['p247', 'p253'].includes(titles(middle.related)[4]));
  assert.deepEqual(titles(bySlug(model.entries, 'p0').related), ['p1', 'p2', 'p3', 'p4', 'p5']);
});

test('the window bounds how far into a big term related posts are looked for', () => {
  const posts = Array.from({ length: 50 }, (_, i) => makePost(`p${i}`, new Date(Date.UTC(2020, 0, 1) + i * 86400000).toISOString(), ['dazhong'], []));
  const model = buildSiteModel(posts, OPTIONS, []);
  linkRelated(model.entries, 100, 3);
  assert.equal(bySlug(model.entries, 'p25').related!.length, 6, 'three on each side');
});

test('previous and next within the newspaper skip the other papers', () => {
  const posts = [
    makePost('a1', '2022-01-01T00:00:00Z', ['dazhong'], []),
    makePost('b1', '2022-01-02T00:00:00Z', ['renmin'], []),
    makePost('a2', '2022-01-03T00:00:00Z', ['dazhong', 'renmin'], []),
    makePost('b2', '2022-01-04T00:00:00Z', ['renmin'], []),
    makePost('a3', '2022-01-05T00:00:00Z', ['dazhong'], []),
  ];
  const model = buildSiteModel(posts, OPTIONS, []);
  const a2 = bySlug(model.entries, 'a2');
  assert.equal(a2.newerInCategory?.post.slug, 'a3');
  assert.equal(a2.olderInCategory?.post.slug, 'a1');
  assert.equal(a2.newer?.post.slug, 'b2', 'across the archive the neighbour is another paper');
  assert.equal(bySlug(model.entries, 'a3').newerInCategory, undefined);
  const b2 = bySlug(model.entries, 'b2');
  assert.equal(b2.olderInCategory?.post.slug, 'a2', 'a2 is in renmin too');
  assert.equal(a2.categoryTerms[0].key, 'dazhong', 'the first category listed is the newspaper');
});

test('the kept top five equal a full stable sort of every candidate, ties in date and score included', () => {
  const random = seededRandom(11);
  const pick = <T,>(list: T[]) => list[Math.floor(random() * list.length)];
  for (let round = 0; round < 30; round++) {
    // Few distinct dates and terms, so that equal scores, distances and times are common.
    const posts = Array.from({ length: 60 }, (_, i) =>
      makePost(`p${round}-${i}`, new Date(Date.UTC(2022, 0, 1 + Math.floor(random() * 6))).toISOString(), [pick(['a', 'b'])], [...new Set(Array.from({ length: Math.floor(random() * 3) }, () => pick(['甲', '乙', '丙'])))]),
    );
    const model = buildSiteModel(posts, OPTIONS, []);
    for (const entry of model.entries) {
      const time = entry.post.date.getTime();
      const candidates: PostEntry[] = [];
      const seen = new Set([entry]);
      const places = new Map<object, number>();
      for (const term of [...entry.tagTerms, ...entry.categoryTerms]) places.set(term, term.posts.indexOf(entry));
      for (const [term, at] of places as Map<PostEntry['tagTerms'][number], number>) {
        for (let i = Math.max(0, at - RELATED_WINDOW); i < Math.min(term.posts.length, at + RELATED_WINDOW + 1); i++) {
          if (!seen.has(term.posts[i])) candidates.push(term.posts[i]);
          seen.add(term.posts[i]);
        }
      }
      const score = (other: PostEntry) => other.tagTerms.filter((t) => entry.tagTerms.includes(t)).length * 2 + other.categoryTerms.filter((c) => entry.categoryTerms.includes(c)).length;
      const ranked = candidates
        .map((other) => ({ other, score: score(other), distance: Math.abs(other.post.date.getTime() - time), time: other.post.date.getTime() }))
        .sort((a, b) => b.score - a.score || a.distance - b.distance || b.time - a.time);
      assert.deepEqual(titles(entry.related), titles(ranked.slice(0, RELATED_LIMIT).map((c) => c.other)), entry.post.title);
    }
  }
});
