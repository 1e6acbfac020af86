// A rebuild whose posts are placed as the last build placed them reuses that build's related lists
// and makes keys only for pages showing a changed post (the model record); one whose only change is
// new posts puts them into that build's model in their place. Each case must still write exactly what
// a cold build writes.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import { test } from 'node:test';
import { buildSite } from '../src/build.ts';
import { resolveConfig } from '../src/config.ts';
import { MOST_PUT_IN, MOST_TAKEN_OUT } from '../src/model/change.ts';
import { coldSnapshot, makeSite, page, post, runCli, snapshot } from './helpers.ts';

const CONFIG = 'title: 存档\nurl: https://example.com\nsearch: false\n';
const TAGS = ['电力', '能源', '电网'];

/** Twelve posts over three tags, so every article lists related posts. */
function archive(config = CONFIG): Record<string, string> {
  const files: Record<string, string> = { 'newsarchive.yml': config };
  for (let i = 1; i <= 12; i++) {
    const day = String(i).padStart(2, '0');
    files[`posts/2022-03-${day}-p${i}.md`] = post({ title: `"第${i}篇报道"`, date: `2022-03-${day} 09:00:00 +0800`, categories: 'dazhongribao', tags: `[${TAGS[i % 3]}, ${TAGS[(i + 1) % 3]}]` }, `<p>第${i}篇的正文：电网建设。</p>`);
  }
  return files;
}

function build(site: string): string {
  const result = runCli(site, ['build']);
  assert.equal(result.code, 0, result.stderr);
  return result.stdout;
}

const modelRecord = (site: string) => v8.deserialize(fs.readFileSync(path.join(site, '.cache', 'model.v8'))) as { id: string; placing: string; postKeys: string[] };
const outputRecord = (site: string) => v8.deserialize(fs.readFileSync(path.join(site, '.cache', 'output.v8'))) as { modelRecordId?: string };

test('an edited body reuses the model record and rebuilds like a cold build; a site kept whole keeps the record', () => {
  const site = makeSite(archive());
  build(site);
  const first = modelRecord(site);
  assert.equal(outputRecord(site).modelRecordId, first.id, 'the output record names the model record of its build');
  assert.equal(first.postKeys.length, 12);

  build(site);
  assert.equal(outputRecord(site).modelRecordId, first.id, 'a build that keeps the site whole keeps naming the same record');

  const edited = path.join(site, 'posts/2022-03-06-p6.md');
  fs.writeFileSync(edited, fs.readFileSync(edited, 'utf8').replace('电网建设', '电网改造'));
  assert.match(build(site), /1 cleaned/);
  const second = modelRecord(site);
  assert.equal(second.placing, first.placing, 'a body edit places every post as before');
  assert.notEqual(second.postKeys[5], first.postKeys[5]);
  assert.deepEqual(second.postKeys.filter((key, i) => key !== first.postKeys[i]).length, 1);
  assert.match(fs.readFileSync(path.join(site, 'dist/dazhongribao/2022/03/06/p6/index.html'), 'utf8'), /电网改造/);
  assert.deepEqual(snapshot(path.join(site, 'dist')), coldSnapshot(site));
});

test('a post edited before a failed build is rebuilt after it, though the cache already held its new version', () => {
  const site = makeSite(archive());
  build(site);
  const edited = path.join(site, 'posts/2022-03-04-p4.md');
  fs.writeFileSync(edited, fs.readFileSync(edited, 'utf8').replace('电网建设', '电网检修'));
  // An invalid post fails the build after its posts were cleaned and the cache saved.
  fs.writeFileSync(path.join(site, 'posts/2022-03-20-bad.md'), '---\ntitle: "坏的"\ndate: 不是日期\n---\n<p>正文</p>\n');
  assert.equal(runCli(site, ['build']).code, 1);
  fs.rmSync(path.join(site, 'posts/2022-03-20-bad.md'));
  assert.match(build(site), /12 posts reused, 0 cleaned/, 'the edited post comes from the cache this time');
  assert.match(fs.readFileSync(path.join(site, 'dist/dazhongribao/2022/03/04/p4/index.html'), 'utf8'), /电网检修/);
  assert.deepEqual(snapshot(path.join(site, 'dist')), coldSnapshot(site));
});

test('a changed title, tags or date places the posts anew, and the rebuild still matches a cold build', () => {
  const site = makeSite(archive());
  build(site);
  const placing = modelRecord(site).placing;
  const changes: [string, (text: string) => string][] = [
    ['2022-03-03-p3.md', (text) => text.replace('"第3篇报道"', '"第三篇报道"')],
    ['2022-03-05-p5.md', (text) => text.replace(/tags: .*/, 'tags: [电力]')],
    ['2022-03-07-p7.md', (text) => text.replace('2022-03-07 09:00:00', '2022-03-30 09:00:00')],
  ];
  let last = placing;
  for (const [name, change] of changes) {
    const file = path.join(site, 'posts', name);
    fs.writeFileSync(file, change(fs.readFileSync(file, 'utf8')));
    build(site);
    const now = modelRecord(site).placing;
    assert.notEqual(now, last, `${name}: placed anew`);
    last = now;
    assert.deepEqual(snapshot(path.join(site, 'dist')), coldSnapshot(site), name);
  }
});

/** How a build through the API had its model (see ModelMade). */
async function modelMade(site: string): Promise<string> {
  const { config } = resolveConfig(site, undefined);
  return (await buildSite({ config, includeDrafts: false, includeFuture: false, skipInvalid: false })).cache.model;
}

test('new posts go into the last model in their place, new tags with them, and the rebuild matches a cold build', async () => {
  const site = makeSite(archive(`${CONFIG}pageSize: 5\n`));
  // Through the API only: its code (src/) keys the cache apart from the CLI's (lib/).
  assert.equal(await modelMade(site), 'built');
  const add = (day: number, tags = `[${TAGS[day % 3]}, ${TAGS[(day + 1) % 3]}]`) =>
    fs.writeFileSync(path.join(site, 'posts', `2022-03-${day}-new${day}.md`), post({ title: `"新增第${day}篇"`, date: `2022-03-${day} 09:00:00 +0800`, categories: 'dazhongribao', tags }, `<p>新增第${day}篇的正文：电网建设。</p>`));

  add(20);
  assert.equal(await modelMade(site), 'changed in place');
  assert.deepEqual(snapshot(path.join(site, 'dist')), coldSnapshot(site), 'one new post');
  // Pages the new post changed besides its own: its neighbour's, related posts', the shifted listings.
  const p12 = page(site, 'dazhongribao/2022/03/12/p12/index.html');
  assert.match(p12('a.newer[rel="next"]').text(), /新增第20篇/);
  const p11 = page(site, 'dazhongribao/2022/03/11/p11/index.html');
  assert.ok(p11('.related a').toArray().some((a) => p11(a).text() === '新增第20篇'), 'a post with both its tags lists it as related');
  assert.equal(page(site, 'index.html')('h2 a').first().text(), '新增第20篇');
  assert.match(page(site, 'page/3/index.html')('h2 a').last().text(), /第1篇报道/);

  add(21);
  add(22);
  assert.equal(await modelMade(site), 'changed in place');
  assert.deepEqual(snapshot(path.join(site, 'dist')), coldSnapshot(site), 'two new posts at once');

  // Older than the newest: it goes in its place among them.
  add(15);
  assert.equal(await modelMade(site), 'changed in place', 'older than the newest');
  assert.deepEqual(snapshot(path.join(site, 'dist')), coldSnapshot(site), 'a post older than the newest');
  assert.match(page(site, 'dazhongribao/2022/03/12/p12/index.html')('a.newer[rel="next"]').text(), /新增第15篇/);

  add(23, '[新话题]');
  assert.equal(await modelMade(site), 'changed in place', 'a tag the site did not have');
  assert.deepEqual(snapshot(path.join(site, 'dist')), coldSnapshot(site), 'a new tag');

  add(24);
  const edited = path.join(site, 'posts/2022-03-06-p6.md');
  fs.writeFileSync(edited, fs.readFileSync(edited, 'utf8').replace('电网建设', '电网改造'));
  assert.equal(await modelMade(site), 'changed in place', 'a new post and an edited one');
  assert.deepEqual(snapshot(path.join(site, 'dist')), coldSnapshot(site), 'a new post and an edited one');
  assert.match(page(site, 'dazhongribao/2022/03/06/p6/index.html')('article').text(), /电网改造/);
});

test('more posts added or removed at once than fit in place build the model whole, and the rebuild matches a cold build', async () => {
  const site = makeSite(archive(`${CONFIG}pageSize: 5\n`));
  const dist = path.join(site, 'dist');
  assert.equal(await modelMade(site), 'built');
  const names = Array.from({ length: MOST_PUT_IN + 2 }, (_, i) => path.join(site, 'posts', `2022-04-01-bulk${i}.md`));
  const add = (i: number) => fs.writeFileSync(names[i], post({ title: `"批量第${i}篇"`, date: `2022-04-01 ${String(8 + Math.floor(i / 60)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}:00 +0800`, categories: 'dazhongribao', tags: `[${TAGS[i % 3]}]` }, `<p>批量第${i}篇的正文：电网建设。</p>`));

  add(0);
  assert.equal(await modelMade(site), 'changed in place', 'one such post goes in in place');
  for (let i = 1; i < names.length; i++) add(i);
  assert.equal(await modelMade(site), 'built', `${MOST_PUT_IN + 1} posts added at once`);
  assert.deepEqual(snapshot(dist), coldSnapshot(site), 'posts added past the limit');

  for (const name of names.slice(0, MOST_TAKEN_OUT + 1)) fs.rmSync(name);
  assert.equal(await modelMade(site), 'built', `${MOST_TAKEN_OUT + 1} posts removed at once`);
  assert.deepEqual(snapshot(dist), coldSnapshot(site), 'posts removed past the limit');

  fs.rmSync(names[MOST_TAKEN_OUT + 1]);
  assert.equal(await modelMade(site), 'changed in place', 'one removed');
  assert.deepEqual(snapshot(dist), coldSnapshot(site), 'one removed after the large changes');
});

test('removed posts and edits that move a post come out of the last model and go in in place; the rebuild matches a cold build', async () => {
  const site = makeSite(archive(`${CONFIG}pageSize: 5\n`));
  assert.equal(await modelMade(site), 'built');
  const dist = path.join(site, 'dist');
  const edit = (name: string, change: (text: string) => string) => {
    const file = path.join(site, 'posts', name);
    fs.writeFileSync(file, change(fs.readFileSync(file, 'utf8')));
  };

  fs.rmSync(path.join(site, 'posts/2022-03-06-p6.md'));
  assert.equal(await modelMade(site), 'changed in place', 'a post removed');
  assert.deepEqual(snapshot(dist), coldSnapshot(site), 'a post removed');
  assert.equal(fs.existsSync(path.join(dist, 'dazhongribao/2022/03/06')), false, 'its page goes');
  assert.match(page(site, 'dazhongribao/2022/03/05/p5/index.html')('a.newer[rel="next"]').text(), /第7篇报道/);

  edit('2022-03-03-p3.md', (text) => text.replace('2022-03-03 09:00:00', '2022-03-25 09:00:00'));
  assert.equal(await modelMade(site), 'changed in place', 'a post moved to another date');
  assert.deepEqual(snapshot(dist), coldSnapshot(site), 'a post moved to another date');
  assert.equal(page(site, 'index.html')('h2 a').first().text(), '第3篇报道');

  edit('2022-03-08-p8.md', (text) => text.replace(/tags: .*/, 'tags: [新话题]').replace('"第8篇报道"', '"第八篇报道"'));
  assert.equal(await modelMade(site), 'changed in place', 'a post given a new tag and title');
  assert.deepEqual(snapshot(dist), coldSnapshot(site), 'a post given a new tag and title');
  edit('2022-03-08-p8.md', (text) => text.replace('tags: [新话题]', `tags: [${TAGS[0]}]`));
  assert.equal(await modelMade(site), 'changed in place', 'a tag left without posts');
  assert.deepEqual(snapshot(dist), coldSnapshot(site), 'a tag left without posts');
  assert.ok(![...snapshot(dist).values()].some((text) => text.includes('新话题')), 'the emptied tag is on no page');

  fs.rmSync(path.join(site, 'posts/2022-03-09-p9.md'));
  fs.rmSync(path.join(site, 'posts/2022-03-10-p10.md'));
  edit('2022-03-11-p11.md', (text) => text.replace('电网建设', '电网检修'));
  assert.equal(await modelMade(site), 'changed in place', 'two posts removed and one edited at once');
  assert.deepEqual(snapshot(dist), coldSnapshot(site), 'two posts removed and one edited at once');

  edit('2022-03-12-p12.md', (text) => text.replace('title:', 'published: false\ntitle:'));
  assert.equal(await modelMade(site), 'changed in place', 'a post unpublished');
  assert.deepEqual(snapshot(dist), coldSnapshot(site), 'a post unpublished');
  assert.equal(fs.existsSync(path.join(dist, 'dazhongribao/2022/03/12')), false, 'its page goes');

  // The newest post spells the tag as the site shows it: without it, the older spelling shows.
  fs.writeFileSync(path.join(site, 'posts/2022-03-28-a.md'), post({ title: '"甲"', date: '2022-03-28 09:00:00 +0800', categories: 'dazhongribao', tags: '[Grid]' }));
  fs.writeFileSync(path.join(site, 'posts/2022-03-27-b.md'), post({ title: '"乙"', date: '2022-03-27 09:00:00 +0800', categories: 'dazhongribao', tags: '[grid]' }));
  await modelMade(site);
  fs.rmSync(path.join(site, 'posts/2022-03-28-a.md'));
  assert.equal(await modelMade(site), 'built', "a removal that changes a tag's spelling");
  assert.deepEqual(snapshot(dist), coldSnapshot(site), "a removal that changes a tag's spelling");

  // Another page size places every post anew: the last model is no longer the one to change.
  fs.writeFileSync(path.join(site, 'newsarchive.yml'), `${CONFIG}pageSize: 4\n`);
  fs.rmSync(path.join(site, 'posts/2022-03-27-b.md'));
  assert.equal(await modelMade(site), 'built', 'a removal beside a settings change');
  assert.deepEqual(snapshot(dist), coldSnapshot(site), 'a removal beside a settings change');
});
