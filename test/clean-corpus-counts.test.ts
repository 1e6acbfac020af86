// What the clean stage learns from the real posts and from 200 generated ones, with the numbers
// printed (`node --import tsx --test test/clean-corpus-counts.test.ts`) for the note.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { bodyOf, clean, realPosts } from './clean-helpers.ts';
import { SHARED, tempDir } from './helpers.ts';

interface Counts { posts: number; byline: number; source: number; editor: number; originalUrl: number; summary: number; withHeadings: number; headings: number; figures: number; captions: number }

function count(htmls: string[]): { counts: Counts; headings: string[] } {
  const counts: Counts = { posts: 0, byline: 0, source: 0, editor: 0, originalUrl: 0, summary: 0, withHeadings: 0, headings: 0, figures: 0, captions: 0 };
  const headings: string[] = [];
  for (const html of htmls) {
    const post = clean(html);
    const h2 = post.$('h2').map((_, h) => post.$(h).text()).get();
    counts.posts++;
    if (post.authors.length) counts.byline++;
    if (post.source) counts.source++;
    if (post.editor) counts.editor++;
    if (post.originalUrl) counts.originalUrl++;
    if (post.summary) counts.summary++;
    if (h2.length) counts.withHeadings++;
    counts.headings += h2.length;
    counts.figures += post.$('figure').length;
    counts.captions += post.$('figcaption').length;
    headings.push(...h2);
  }
  return { counts, headings };
}

test('corpus counts: the seed and the 25 real finews files (newest and older versions)', (t) => {
  const { counts, headings } = count(realPosts().map((p) => p.html));
  t.diagnostic(JSON.stringify(counts));
  t.diagnostic(`headings: ${headings.join(' | ')}`);
  assert.deepEqual(counts, { posts: 26, byline: 1, source: 7, editor: 0, originalUrl: 22, summary: 2, withHeadings: 3, headings: 7, figures: 2, captions: 2 });
});

// The generator's subheadings: each is one heading, except that the first of its split pair ends in 的.
const SUBHEADS = new Set(['提供客户需求为导向的', '优质服务', '聚焦重点领域', '打通服务“最后一公里”', '创新机制', '强化要素保障', '坚持问题导向', '以项目建设为抓手', '把实事办到群众心坎上', '激发内生动力', '党建引领', '多措并举', '补齐短板', '夯实基础']);

test('corpus counts: 200 generated posts; every heading is one of the generator\'s subheadings or a join after a dangling line', (t) => {
  const dir = tempDir('gen');
  assert.equal(spawnSync(process.execPath, [path.join(SHARED, 'bench', 'gen-corpus.mjs'), '--n', '200', '--out', dir]).status, 0);
  const files = fs.readdirSync(path.join(dir, '_posts')).map((name) => path.join(dir, '_posts', name));
  const { counts, headings } = count(files.map(bodyOf));
  fs.rmSync(dir, { recursive: true, force: true });
  const joined = headings.filter((h) => !SUBHEADS.has(h));
  t.diagnostic(JSON.stringify(counts));
  t.diagnostic(`headings made: ${headings.length}; joined from two lines: ${joined.join(' | ') || 'none'}`);
  assert.equal(counts.posts, 200);
  assert.deepEqual([counts.byline, counts.source, counts.originalUrl], [200, 200, 200]);
  for (const heading of joined) assert.match(heading, /^提供客户需求为导向的/, heading);
  assert.ok(counts.headings > 200, String(counts.headings));
});
