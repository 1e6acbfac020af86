// Plumbing for the clean-rule tests: run one rule on inline HTML, or the whole stage on the seed and the real posts.
import fs from 'node:fs';
import path from 'node:path';
import { load, type CheerioAPI } from 'cheerio';
import { cleanPost, CLEAN_RULES } from '../src/clean/index.ts';
import type { CleanRule, Findings } from '../src/clean/rule.ts';
import { splitFrontMatter } from '../src/load/front-matter.ts';
import { renderMarkdown } from '../src/load/markdown.ts';
import type { LoadedPost, Post } from '../src/types.ts';
import { SHARED } from './helpers.ts';

export const SEED_FILE = path.join(SHARED, 'seed', '000_71d41e371ede76bf.txt');
export const CORPUS_DIR = path.join(SHARED, 'corpus', 'finews');

/** Runs one rule on an HTML fragment; returns the HTML, what the rule found, and the tree. */
export function applyRule(rule: CleanRule, html: string): { html: string; findings: Findings; $: CheerioAPI } {
  const $ = load(html, null, false);
  const findings: Findings = { authors: [] };
  rule.apply($.root()[0], findings, { sourcePath: 'inline.md' });
  return { html: $.html(), findings, $ };
}

/** The body HTML of a post file, as the load stage renders it. */
export function bodyOf(file: string): string {
  const split = splitFrontMatter(fs.readFileSync(file, 'utf8'));
  if (!('body' in split)) throw new Error(`${file}: ${split.message}`);
  return renderMarkdown(split.body);
}

/** Every real post (newest and older versions) and the seed, with its rendered body. */
export function realPosts(): Array<{ file: string; html: string }> {
  const files = fs.readdirSync(CORPUS_DIR, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.md'))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
  return [SEED_FILE, ...files].map((file) => ({ file: path.relative(SHARED, file), html: bodyOf(file) }));
}

/** The whole clean stage on a body, optionally with some rules switched off. */
export function clean(html: string, disabled: string[] = [], fields: Partial<LoadedPost> = {}): Post & { $: CheerioAPI } {
  const loaded = { sourcePath: 'post.md', slug: 'post', title: 't', date: new Date(0), categories: [], tags: [], layout: 'post', isDraft: false, data: {}, bodyLine: 1, keyLines: {}, html, ...fields } as LoadedPost;
  const post = cleanPost(loaded, { disabledRules: new Set(disabled) }, []);
  return { ...post, $: load(post.html, null, false) };
}

/** The rules that run before `name` in the pipeline, applied to `html`: the state the rule sees. */
export function cleanBefore(name: string, html: string): string {
  const $ = load(html, null, false);
  const findings: Findings = { authors: [] };
  for (const rule of CLEAN_RULES) {
    if (rule.name === name) break;
    rule.apply($.root()[0], findings, { sourcePath: 'post.md' });
  }
  return $.html();
}

/** Text with all whitespace removed, for comparing content regardless of layout. */
export function compact(text: string): string {
  return text.replace(/[\s\u00a0\u3000\u200b\ufeff]+/g, '');
}
