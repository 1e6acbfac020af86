// The model memo dev mode keeps between rebuilds (placements, related lists), and the placements a
// build keeps in its model record for the next, give exactly the model a build makes from scratch,
// over seeded random series of changed post lists.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildSiteModel, createModelMemo, keptPlacementsOf, restorePlacements, type KeptPlacements } from '../src/model/index.ts';
import type { Post, SiteModel } from '../src/types.ts';
import { seededRandom as random } from './helpers.ts';

const OPTIONS = { permalink: '/:categories/:year/:month/:day/:title/', timeZone: 'Asia/Shanghai', categoryNames: {}, pageSize: 10, siteTitle: '测试' };

let serial = 0;
function makePost(rand: () => number): Post {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)];
  const slug = `p${++serial}`;
  // Days only, so many posts share an instant and the tie-breaks are exercised.
  const date = new Date(Date.UTC(2022, 0, 1 + Math.floor(rand() * 60)));
  const categories = pick([['dazhong'], ['renmin'], ['Dazhong'], ['renmin', 'dazhong'], ['jingji']]);
  const tags = pick([[], ['电力'], ['营商环境', '电力'], ['乡村'], ['乡村', '教育', '电力'], ['教育']]);
  return {
    sourcePath: `posts/${slug}.md`, slug, title: slug, date, categories, tags, layout: 'post', isDraft: false,
    data: {}, bodyLine: 1, keyLines: {}, html: '<p>正文</p>', excerpt: '正文', authors: [], charCount: 2, readingMinutes: 1,
  };
}

/** Everything of the model a page can show about places and links, by source path. */
function shape(model: SiteModel): string[] {
  const id = (e: { post: Post } | undefined) => e?.post.sourcePath ?? '-';
  return model.entries.map((e) =>
    [id(e), e.url, e.categoryTerms.map((t) => t.url).join(','), e.tagTerms.map((t) => t.url).join(','), id(e.newer), id(e.older), id(e.newerInCategory), id(e.olderInCategory), (e.related ?? []).map(id).join(',')].join(' '),
  );
}

/**
 * The posts after one to three random changes: an add (often the newest), a delete, an unchanged
 * post read again (a new object, the same identity), a move in date, a re-tag.
 */
function changed(before: Post[], rand: () => number, step: number): Post[] {
  const posts = [...before];
  for (let n = 1 + Math.floor(rand() * 3); n > 0; n--) {
    const at = Math.floor(rand() * posts.length);
    const op = Math.floor(rand() * 5);
    if (op === 0) posts.push(rand() < 0.5 ? { ...makePost(rand), date: new Date(Date.UTC(2022, 2, 1 + step)) } : makePost(rand));
    else if (op === 1) posts.splice(at, 1);
    else if (op === 2) posts[at] = { ...posts[at] };
    else if (op === 3) posts[at] = { ...posts[at], date: new Date(Date.UTC(2022, 0, 1 + Math.floor(rand() * 60))) };
    else posts[at] = { ...posts[at], tags: makePost(rand).tags, categories: makePost(rand).categories };
  }
  return posts;
}

test('a model built with the memo of earlier models equals one built from scratch, through adds, deletes, moves and re-tags', () => {
  for (const seed of [11, 12, 13]) {
    const rand = random(seed);
    let posts = Array.from({ length: 150 }, () => makePost(rand));
    const memo = createModelMemo();
    buildSiteModel(posts, { ...OPTIONS, memo }, []);
    for (let step = 0; step < 30; step++) {
      posts = changed(posts, rand, step);
      const kept = buildSiteModel(posts, { ...OPTIONS, memo }, []);
      const fresh = buildSiteModel(posts, OPTIONS, []);
      assert.deepEqual(shape(kept), shape(fresh), `seed ${seed}, step ${step}`);
    }
  }
});

/** A post's identity as a build knows it: a digest of its contents, the same for an unchanged post read again. */
const identity = (p: Post) => JSON.stringify([p.sourcePath, p.slug, p.title, p.date.getTime(), p.categories, p.tags, p.permalink]);

test("placements kept in a build's model record and restored for the next build's posts give the model made from scratch", () => {
  for (const seed of [21, 22, 23]) {
    const rand = random(seed);
    let posts = Array.from({ length: 150 }, () => makePost(rand));
    let record: { placements: KeptPlacements; postKeys: string[] } | undefined;
    let restoredAny = false;
    for (let step = 0; step < 30; step++) {
      const memo = restorePlacements(record, 'salt', posts, posts.map(identity), OPTIONS.permalink);
      restoredAny ||= posts.some((p) => memo.placements.has(p));
      const model = buildSiteModel(posts, { ...OPTIONS, memo }, []);
      assert.deepEqual(shape(model), shape(buildSiteModel(posts, OPTIONS, [])), `seed ${seed}, step ${step}`);
      record = { placements: keptPlacementsOf(model, posts, memo, 'salt'), postKeys: posts.map(identity) };
      assert.equal(restorePlacements(record, 'another salt', posts, posts.map(identity), OPTIONS.permalink).inputs, '', 'made under another salt: nothing restored');
      posts = changed(posts, rand, step);
    }
    assert.ok(restoredAny, `seed ${seed}: some steps restored placements`);
  }
});
