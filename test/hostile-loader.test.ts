// The loader and the config against generated hostile files: diagnostics, never exceptions.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { safeWebUrl } from '../src/clean/urls.ts';
import type { Diagnostic } from '../src/diagnostics.ts';
import { loadPost } from '../src/load/index.ts';
import { makeSite, runCli } from './helpers.ts';

const LINES = [
  '---', '...', '', '   ', 'title: 国网', 'title: "国网"三型一化"营业厅"', 'title: 国网: 新举措', 'title: ""', 'title:', 'date:  +0800',
  'date: 2022-01-18 09:52:23 +0800', 'date: 2022-13-45', 'date: [1, 2]', 'categories: [a, [b, {c: 1}]]', 'tags: 2022', 'tags: ~',
  'slug: ../../x', 'slug: 电力/能源', 'permalink: /%2e%2e/x/', 'layout: ../../etc/passwd', 'draft: yes', '__proto__: {polluted: 1}',
  'key: &a [*a]', '? complex key', '- list item', '  indented: x', '\ttab: x', 'a: b: c', "x: 'it's'", '# 标题', '<h1>标题</h1>',
  '<script>alert(1)</script>', '正文第一段。', '\ufeff---', 'title: \u0000', '{{ 7*7 }}', 'key: !!js/function "function(){}"', 'x: !!binary AAAA',
];

/** A post-like file: lines drawn from what breaks front matter, joined by any line ending. */
const hostileFile = fc.oneof(
  // A post whose front matter is mostly sound, with one or two hostile lines in it.
  fc
    .tuple(fc.constantFrom(...LINES.filter((l) => /^(title|tags|categories|slug|permalink|layout|draft)/.test(l))), fc.subarray(LINES, { maxLength: 2 }), fc.constantFrom('\n', '\r\n'))
    .map(([title, extra, eol]) => Buffer.from(['', '---', title, 'date: 2022-01-18 09:52:23 +0800', ...extra.filter((l) => l !== '---' && l !== '...'), '---', '# 标题', '', '正文'].join(eol))),
  fc.tuple(fc.array(fc.constantFrom(...LINES), { maxLength: 14 }), fc.constantFrom('\n', '\r\n', '\r')).map(([lines, eol]) => Buffer.from(lines.join(eol))),
  fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes)),
  fc.tuple(fc.constantFrom(Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from([0xff, 0xfe]), Buffer.from([0xfe, 0xff]), Buffer.alloc(0)), fc.uint8Array({ maxLength: 100 })).map(([bom, rest]) => Buffer.concat([bom, Buffer.from(rest)])),
);

test('property: any file the loader is given yields a post or path:line errors, never an exception', () => {
  const site = makeSite({});
  fs.mkdirSync(path.join(site, 'posts'));
  const names = ['2022-01-18-a.md', '-202205262391921712.md', 'con.md'];
  let posts = 0;
  fc.assert(
    fc.property(hostileFile, fc.constantFrom(...names), (bytes, name) => {
      const absolutePath = path.join(site, 'posts', name);
      fs.writeFileSync(absolutePath, bytes);
      const problems: Diagnostic[] = [];
      const post = loadPost({ absolutePath, sourcePath: `posts/${name}`, isInDraftsFolder: false }, 'Asia/Shanghai', problems);
      for (const p of problems) {
        assert.equal(p.file, `posts/${name}`);
        assert.ok(p.message.length > 0);
        if (p.line !== undefined) assert.ok(Number.isInteger(p.line) && p.line >= 1, `line ${p.line}`);
      }
      if (post) {
        posts++;
        assert.equal(typeof post.title, 'string');
        assert.ok(!Number.isNaN(post.date.getTime()));
        assert.ok(post.categories.every((c) => typeof c === 'string' && c.length > 0));
        assert.equal(({} as Record<string, unknown>).polluted, undefined, 'no prototype pollution');
      } else {
        assert.ok(problems.some((p) => p.severity === 'error' && p.line !== undefined), JSON.stringify(problems));
      }
    }),
    { numRuns: 1500, seed: 3 },
  );
  assert.ok(posts > 20, `some generated files are valid posts (${posts})`);
});

test('allowHtml in the config cannot allow script, frames, forms, handlers or styles', () => {
  const site = makeSite({
    'newsarchive.yml': 'allowHtml:\n  video: [src, controls]\n  script: [src]\n  iframe: [src]\n  p: [onclick]\n  span: [style]\n',
    'posts/2022-01-18-a.md': '---\ntitle: a\n---\n<video src="https://v.example/a.mp4" controls></video>\n',
  });
  const result = runCli(site, ['build']);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /newsarchive\.yml: error: config key "allowHtml" <script> can run script or load another page, so it is never allowed/);
  fs.writeFileSync(path.join(site, 'newsarchive.yml'), 'allowHtml:\n  video: [src, controls, onplay]\n');
  assert.match(runCli(site, ['build']).stderr, /the attribute "onplay" on <video> can run script/);
  fs.writeFileSync(path.join(site, 'newsarchive.yml'), 'allowHtml:\n  video: [src, controls]\n');
  const ok = runCli(site, ['build']);
  assert.equal(ok.code, 0, ok.stderr);
  assert.match(fs.readFileSync(path.join(site, 'dist/2022/01/18/a/index.html'), 'utf8'), /<video src="https:\/\/v\.example\/a\.mp4" controls(="")?><\/video>/);
});

test('the original-article link a rule finds is kept only as an http(s) URL', () => {
  assert.equal(safeWebUrl('https://finance.eastmoney.com/a/1.html'), 'https://finance.eastmoney.com/a/1.html');
  assert.equal(safeWebUrl(' http://x.example/ '), 'http://x.example/');
  for (const bad of ['javascript:alert(1)', ' java\tscript:alert(1)', 'data:text/html,x', '//evil.example/', '/local/path', 'vbscript:x', undefined]) {
    assert.equal(safeWebUrl(bad), undefined, String(bad));
  }
});

test('a YAML alias bomb in the front matter is an error at the fence, not a hang', () => {
  const levels = ['a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
  for (let i = 1; i < 9; i++) levels.push(`${'abcdefghi'[i]}: &${'abcdefghi'[i]} [${Array(9).fill(`*${'abcdefghi'[i - 1]}`).join(', ')}]`);
  const site = makeSite({
    'posts/2022-01-18-bomb.md': `\n---\ntitle: x\ndate: 2022-01-18\n${levels.join('\n')}\ntags: *i\n---\n正文\n`,
    'posts/2022-01-18-cycle.md': '---\ntitle: y\ndate: 2022-01-18\ntags: &t [a, *t]\n---\n正文\n',
    'posts/2022-01-18-ok.md': '---\ntitle: z\ndate: 2022-01-18\n---\n正文\n',
  });
  const result = runCli(site, ['build', '--skip-invalid']);
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stderr, /^posts\/2022-01-18-bomb\.md:2: warning: front matter expands to more than 100,000 values$/m);
  assert.match(result.stderr, /^posts\/2022-01-18-cycle\.md:1: warning: front matter expands to more than 100,000 values$/m);
  assert.match(result.stdout, /published 1 post \(left out: 2 invalid\)/);
});
