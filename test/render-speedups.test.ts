// The render stage's shortcuts give exactly what the long way gives.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { createEnvironment } from '../src/render/environment.ts';
import { scriptJson } from '../src/render/jsonld.ts';
import { urlMaker } from '../src/render/site-urls.ts';
import { articleView } from '../src/render/views.ts';
import type { PostEntry } from '../src/types.ts';
import { tempDir } from './helpers.ts';

const require = createRequire(import.meta.url);
const nunjucksLib = require('nunjucks/src/lib') as { escape: (text: string) => string };

// Text made of what matters: the escaped characters, `%`, spaces, ASCII and Chinese.
const pieces = ['&', '<', '>', '"', "'", '\\', '%', '%20', '%E7%94%B5', ' ', '/', '?', '#', 'a', 'Z', '0', '_', '-', '电', '力', '“', '\u2028'];
const text = fc.array(fc.constantFrom(...pieces), { maxLength: 12 }).map((parts) => parts.join(''));

test('escaping text for HTML gives what Nunjucks escaping gives, with or without special characters', () => {
  createEnvironment('/nonexistent', urlMaker('https://x.example', '/'), 'Asia/Shanghai');
  const table: Record<string, string> = { '&': '&amp;', '"': '&quot;', "'": '&#39;', '<': '&lt;', '>': '&gt;', '\\': '&#92;' };
  fc.assert(fc.property(text, (t) => nunjucksLib.escape(t) === t.replace(/[&"'<>\\]/g, (c) => table[c])));
});

test('the shortcuts are installed over the Nunjucks release they were checked against (after an upgrade: check them again, then move CHECKED_RELEASE)', () => {
  createEnvironment('/nonexistent', urlMaker('https://x.example', '/'), 'Asia/Shanghai');
  const runtime = require('nunjucks/src/runtime') as { Frame: { prototype: object } };
  assert.equal((runtime.Frame.prototype as Record<symbol, unknown>)[Symbol.for('newsarchive.nunjucksSpeedup')], true, `Nunjucks ${(require('nunjucks/package.json') as { version: string }).version} runs unpatched`);
});

// Loops, loop variables, nested scopes and `set` at each level: what Frame.set is used for.
const TEMPLATES = [
  '{% for x in xs %}[{{ loop.index }}/{{ loop.length }} {{ loop.index0 }} {{ loop.revindex }} {{ loop.revindex0 }} {{ loop.first }} {{ loop.last }} {{ x }}]{% endfor %}',
  '{% for x in xs %}{% for y in xs %}{{ loop.index }}{{ y }}{% endfor %}:{{ loop.index }}{{ x }};{% endfor %}{{ loop }}',
  '{% set a = 1 %}{% for x in xs %}{% set a = x %}{% set b = x %}{{ a }}{{ b }}{% endfor %}|{{ a }}|{{ b }}',
  '{% set t %}<{{ xs | join(",") }}>{% endset %}{{ t }}{% macro m(v) %}{% set w = v %}({{ w }}){% endmacro %}{{ m(xs[0]) }}{{ w }}',
  '{% for k, v in obj %}{{ k }}={{ v }}&{% endfor %}{% for a, b in pairs %}{{ a }}{{ b }}{% endfor %}',
];
const CONTEXT = { xs: ['<a>', 'b&', '"c"'], obj: { one: 1, two: '<2>' }, pairs: [['p', 'q'], ['r', 's']] };

test('templates render as with unmodified Nunjucks', () => {
  const script = `const n = require('nunjucks'); const env = new n.Environment(null, { autoescape: true });
    process.stdout.write(JSON.stringify(${JSON.stringify(TEMPLATES)}.map((t) => env.renderString(t, ${JSON.stringify(CONTEXT)}))));`;
  const plain = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', cwd: new URL('..', import.meta.url).pathname });
  assert.equal(plain.status, 0, plain.stderr);
  const env = createEnvironment('/nonexistent', urlMaker('https://x.example', '/'), 'Asia/Shanghai');
  const ours = TEMPLATES.map((t) => env.renderString(t, CONTEXT));
  assert.deepEqual(ours, JSON.parse(plain.stdout));
  assert.match(ours[0], /\[1\/3 0 3 2 true false &lt;a&gt;\]/);
});

// Includes run their steps through Environment.waterfall: in a loop, nested, in a block of a
// template that extends another, missing but ignored, and failing inside.
const INCLUDING = {
  'page.njk': '{% extends "base.njk" %}{% block main %}{% for x in xs %}{% include "item.njk" %}{% endfor %}|{% include "nested.njk" %}|{% include "gone.njk" ignore missing %}{% endblock %}',
  'base.njk': '<main>{% block main %}{% endblock %}</main>{% include "item.njk" %}',
  'item.njk': '<i>{{ x }}:{{ loop.index }}</i>',
  'nested.njk': '[{% include "item.njk" %}{% set x = "n" %}{% include "item.njk" %}]',
  'fails.njk': 'a{% include "broken.njk" %}b',
  'broken.njk': '{{ nothing.here() }}',
};

test('includes render, and fail, as with unmodified Nunjucks', () => {
  const dir = tempDir('includes');
  for (const [name, text] of Object.entries(INCLUDING)) fs.writeFileSync(path.join(dir, name), text);
  const render = (env: { render(name: string, context: object): string }) =>
    ['page.njk', 'fails.njk'].map((name) => {
      try {
        return env.render(name, CONTEXT);
      } catch (err) {
        return `error: ${(err as Error).message}`;
      }
    });
  const script = `const n = require('nunjucks'); const env = new n.Environment(new n.FileSystemLoader(${JSON.stringify(dir)}), { autoescape: true });
    process.stdout.write(JSON.stringify((${render.toString()})(env)));`;
  const plain = spawnSync(process.execPath, ['-e', script.replace('CONTEXT', JSON.stringify(CONTEXT))], { encoding: 'utf8', cwd: new URL('..', import.meta.url).pathname });
  assert.equal(plain.status, 0, plain.stderr);
  const ours = render(createEnvironment(dir, urlMaker('https://x.example', '/'), 'Asia/Shanghai'));
  assert.deepEqual(ours, JSON.parse(plain.stdout));
  assert.match(ours[0], /^<main><i>&lt;a&gt;:1<\/i><i>b&amp;:2<\/i><i>&quot;c&quot;:3<\/i>\|\[<i>/);
  assert.match(ours[1], /^error: .*broken\.njk/s);
});

test('the waterfall of includes calls what a-sync-waterfall calls, in the same order', () => {
  const env = createEnvironment('/nonexistent', urlMaker('https://x.example', '/'), 'Asia/Shanghai') as unknown as { waterfall: (tasks: unknown[], callback?: (...args: unknown[]) => void) => void };
  // Nunjucks' own copy of the package, wherever the install put it.
  const waterfall = createRequire(require.resolve('nunjucks'))('a-sync-waterfall') as typeof env.waterfall;
  type Next = (...args: unknown[]) => void;
  const scenarios: ((log: unknown[]) => unknown[])[] = [
    (log) => [(next: Next) => (log.push('a'), next(null, 1, 2)), (x: number, y: number, next: Next) => (log.push(['b', x, y]), next(null, x + y)), (z: number, next: Next) => (log.push(['c', z]), next(null, z * 10))],
    (log) => [(next: Next) => (log.push('a'), next('boom', 7)), (next: Next) => log.push('never')],
    (log) => [(next: Next) => (log.push('a'), next('first'), next('second')), (next: Next) => log.push('never')],
    (log) => [(next: Next) => (log.push('a'), next(null)), (next: Next) => (log.push('b'), next('late'), next(null, 'again'))],
    () => [],
  ];
  for (const scenario of scenarios) {
    const run = (fall: typeof env.waterfall) => {
      const log: unknown[] = [];
      fall(scenario(log), (...args) => log.push(['done', ...args]));
      return log;
    };
    assert.deepEqual(run(env.waterfall.bind(env)), run(waterfall));
  }
});

test('links are the encoded path under the base path, whether or not the path needs encoding', () => {
  const decode = (p: string) => {
    try {
      return decodeURI(p);
    } catch {
      return p;
    }
  };
  for (const base of ['/', '/archive/', '/新闻/']) {
    const urls = urlMaker('https://x.example', base);
    const prefix = base.replace(/\/$/, '');
    fc.assert(fc.property(text, (t) => {
      const target = `/${t}`;
      return urls.link(target) === encodeURI(`${prefix}${decode(target)}`) && urls.absolute(target) === `https://x.example${encodeURI(`${prefix}${decode(target)}`)}`;
    }));
  }
});

test('a date shows in each environment in its own zone, however the environments take turns', () => {
  const date = new Date('2022-01-18T01:52:23Z');
  const shanghai = createEnvironment('/nonexistent', urlMaker('https://x.example', '/'), 'Asia/Shanghai');
  const newYork = createEnvironment('/nonexistent', urlMaker('https://x.example', '/'), 'America/New_York');
  const show = '{{ d | zhDate }} {{ d | isoDate }}';
  for (let round = 0; round < 2; round++) {
    assert.equal(shanghai.renderString(show, { d: date }), '2022年1月18日 2022-01-18T09:52:23+08:00');
    assert.equal(newYork.renderString(show, { d: date }), '2022年1月17日 2022-01-17T20:52:23-05:00');
  }
  assert.deepEqual(Object.keys(date), []);
});

test('JSON for a script block is plain JSON when nothing in it needs escaping', () => {
  fc.assert(fc.property(fc.jsonValue(), (value) => {
    const json = JSON.stringify(value);
    const text = scriptJson(value);
    return /[<>&\u2028\u2029]/.test(json) ? !/[<>&\u2028\u2029]/.test(text) && JSON.stringify(JSON.parse(text)) === json : text === json;
  }));
});

test("an article's post holds its front matter keys first, then the build's, also for a key named __proto__", () => {
  const urls = urlMaker('https://x.example', '/');
  const term = { kind: 'category', key: 'p', name: '报', slug: 'bao', url: '/category/bao/', posts: [] };
  const entryWith = (data: Record<string, unknown>) => {
    const post = { title: '标题', date: new Date(0), data, excerpt: '摘要', authors: ['甲'], tags: ['t'], charCount: 2, readingMinutes: 1, html: '<p>正文</p>' };
    return { post, url: '/p/', outputPath: 'p/index.html', categoryTerms: [term], tagTerms: [] } as unknown as PostEntry;
  };
  for (const data of [{ layout: 'post', title: 'fm', extra: 1 }, JSON.parse('{"a": 1, "__proto__": {"polluted": 1}, "title": "fm"}')]) {
    const view = articleView(entryWith(data), { urls, timeZone: 'Asia/Shanghai', siteTitle: 's' });
    const expected: Record<string, unknown> = { ...data, title: '标题', url: '/p/', date: new Date(0), html: '<p>正文</p>', excerpt: '摘要', authors: ['甲'], source: undefined, editor: undefined, originalUrl: undefined, summary: undefined, charCount: 2, readingMinutes: 1, categories: [{ name: '报', url: '/category/bao/' }], tags: [] };
    assert.deepEqual(Object.keys(view.post), Object.keys(expected));
    assert.deepEqual(view.post, expected);
    assert.equal(Object.getPrototypeOf(view.post), Object.prototype);
    assert.deepEqual(view.newspaper, { name: '报', url: '/category/bao/', newer: undefined, older: undefined });
  }
});
