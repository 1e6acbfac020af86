// A seeded random series of changes to a site, each followed by `newsarchive build`: every
// rebuild, whichever of the cache's paths it takes (kept from the stamps, kept by contents, placed
// as before with the model record, placed anew, page by page by key), must write exactly what a
// cold build of the same files writes; a build that fails must leave the output as it was.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { coldSnapshot, makeSite, runCli, snapshot } from './helpers.ts';
import { CATEGORIES, randomPosts, renderPost as render, TAGS, type PostFields as Fields } from './random-posts.ts';

const CONFIG = 'title: 存档\nurl: https://example.com\npageSize: 3\nfeedSize: 4\nsearch: false\n';
// A stamp younger than this is not trusted (src/cache/stamps.ts): waiting it out lets a rebuild
// keep the site, and skip reading unchanged files, from the stamps alone.
const STAMPS_TRUSTED_MS = 2100;

async function runSeries(seed: number, steps: number): Promise<void> {
  const { rand, pick, when, fields } = randomPosts(seed);
  let serial = 0;
  const posts = new Map<string, Fields>();
  const fileOf = (f: Fields, folder = 'posts') => `${folder}/${f.date.slice(0, 10)}-p${++serial}.md`;
  const files: Record<string, string> = { 'newsarchive.yml': CONFIG, 'public/robots.txt': 'User-agent: *\n' };
  for (let i = 0; i < 12; i++) {
    const f = fields();
    const name = fileOf(f);
    posts.set(name, f);
    files[name] = render(f);
  }
  const site = makeSite(files);
  const write = (name: string, f: Fields) => {
    posts.set(name, f);
    fs.mkdirSync(path.dirname(path.join(site, name)), { recursive: true });
    fs.writeFileSync(path.join(site, name), render(f));
  };
  const build = (threads: string) => runCli(site, ['build'], { NEWSARCHIVE_THREADS: threads });
  const first = build('1');
  assert.equal(first.code, 0, first.stderr);

  const log: string[] = [];
  const seen = new Set<string>();
  for (let step = 0; step < steps; step++) {
    let broken: string | undefined;
    for (let n = 1 + Math.floor(rand() * 2); n > 0; n--) {
      const name = pick([...posts.keys()]);
      const f = { ...posts.get(name)! };
      const op = posts.size < 8 ? 'add' : pick(['title', 'body', 'body', 'date', 'terms', 'add', 'add newest', 'delete', 'rename', 'touch', 'unpublish', 'draft', 'config', 'public', 'nothing', 'nothing', 'break']);
      log.push(`${step}: ${op} ${name}`);
      if (op === 'title') f.title = fields().title;
      else if (op === 'body') f.body = fields().body;
      else if (op === 'date') f.date = when();
      else if (op === 'terms') [f.categories, f.tags] = rand() < 0.5 ? [pick(CATEGORIES), f.tags] : [f.categories, pick(TAGS)];
      else if (op === 'unpublish') f.published = f.published ? undefined : 'false';
      if (op === 'add' || op === 'add newest') {
        const added = fields();
        // The newest post shifts every listing it is on by one.
        if (op === 'add newest') added.date = `2022-04-${String(1 + step).padStart(2, '0')} 12:00:00 +0800`;
        write(fileOf(added), added);
      } else if (op === 'delete') {
        posts.delete(name);
        fs.unlinkSync(path.join(site, name));
      } else if (op === 'rename' || op === 'draft') {
        // Into `_drafts/`, a post leaves a site built without --drafts; it comes back by a rename.
        const moved = fileOf(f, op === 'draft' && !name.startsWith('_drafts/') ? '_drafts' : 'posts');
        posts.delete(name);
        fs.mkdirSync(path.dirname(path.join(site, moved)), { recursive: true });
        fs.renameSync(path.join(site, name), path.join(site, moved));
        posts.set(moved, f);
      } else if (op === 'config') {
        fs.writeFileSync(path.join(site, 'newsarchive.yml'), CONFIG.replace('存档', `存档${step}`));
      } else if (op === 'public') {
        fs.writeFileSync(path.join(site, 'public/robots.txt'), `User-agent: *\n# ${step}\n`);
      } else if (op === 'break') {
        // A post in `_drafts/` is not even read without --drafts: only a published one can fail the build.
        const published = [...posts.keys()].filter((other) => other.startsWith('posts/'));
        if (!published.length) continue;
        broken = pick(published);
        fs.writeFileSync(path.join(site, broken), `---\ntitle: [unclosed\n---\n${posts.get(broken)!.body}\n`);
        log.push(`${step}: broke ${broken}`);
        break;
      } else if (op !== 'nothing') {
        // 'touch' writes the same bytes again: a new stamp, the same contents.
        write(name, f);
      }
    }
    // Now and then the stamps are old enough to be trusted.
    const waited = rand() < 0.35;
    if (waited) {
      log.push(`${step}: waited for the stamps`);
      await sleep(STAMPS_TRUSTED_MS);
    }
    const context = `seed ${seed}, after:\n${log.slice(-8).join('\n')}`;
    const threads = pick(['1', '2']);
    if (broken) {
      const before = snapshot(path.join(site, 'dist'));
      const failed = build(threads);
      assert.equal(failed.code, 1, `a broken front matter must fail the build; ${context}\n${failed.stdout}`);
      assert.match(failed.stderr, new RegExp(`^${broken.replace(/[.]/g, '\\.')}:\\d+: error: invalid YAML`, 'm'), context);
      assert.deepEqual(snapshot(path.join(site, 'dist')), before, `a failed build changed the output; ${context}`);
      write(broken, posts.get(broken)!);
      log.push(`${step}: mended ${broken}`);
    }
    const result = build(threads);
    assert.equal(result.code, 0, `${context}\n${result.stderr}`);
    seen.add(result.stdout.includes('(site unchanged)') ? 'kept whole' : 'modelled');
    const built = snapshot(path.join(site, 'dist'));
    const cold = coldSnapshot(site);
    assert.deepEqual([...built.keys()].sort(), [...cold.keys()].sort(), context);
    for (const [file, contents] of cold) assert.equal(built.get(file), contents, `${file} differs from a cold build's; ${context}`);
  }
  // Both ways through the cache must have been taken, or the series tests only one.
  assert.deepEqual([...seen].sort(), ['kept whole', 'modelled'], `seed ${seed} took only: ${[...seen].join(', ')}`);
}

test('a random series of edits, adds, deletes, renames, drafts, config and failed builds: each rebuild equals a cold build', async () => {
  await runSeries(20261205, 12);
});
