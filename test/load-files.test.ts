// Files that must not break the build: encodings, line endings, odd front matter fences, empty,
// binary and huge files, deep nesting, symlink loops and files that vanish mid-build.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { findPostFiles, loadPost } from '../src/load/index.ts';
import type { Diagnostic } from '../src/diagnostics.ts';
import { makeSite, page, post, runCli, snapshot } from './helpers.ts';
import { listFiles } from './hostile-kit.ts';

const TITLE = '国网“三型一化”营业厅';
const text = (title: string, body = '<p>电力营商环境。</p>', date = '2022-01-18 09:00:00 +0800') => `---\ntitle: "${title}"\ndate: ${date}\ncategories: news\n---\n${body}\n`;
const utf16 = (s: string, le: boolean) => {
  const b = Buffer.from(s, 'utf16le');
  if (!le) b.swap16();
  return Buffer.concat([Buffer.from(le ? [0xff, 0xfe] : [0xfe, 0xff]), b]);
};
// GBK bytes of `${TITLE}` and a short body, written by hand: Node cannot encode GBK.
const GBK_TITLE = Buffer.from('b9facdf8a1b0c8fdd0cdd2bbbbafa1b1d3aad2b5ccfc', 'hex');
const GBK_BODY = Buffer.from('b5e7c1a6', 'hex'); // 电力
const gbkPost = Buffer.concat([Buffer.from('---\ntitle: "'), GBK_TITLE, Buffer.from('"\ndate: 2022-01-18 09:00:00 +0800\ncategories: news\n---\n<p>'), GBK_BODY, Buffer.from('</p>\n')]);
/** Deterministic noise without NUL bytes (a NUL is the easy case). */
function garbage(n: number): Buffer {
  const b = Buffer.alloc(n);
  let x = 12345;
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    b[i] = 1 + (x >> 16) % 255;
  }
  return b;
}

test('every encoding and fence the loader accepts gives a correct page; every other file a path:line error, and --skip-invalid builds the rest', () => {
  const valid: Record<string, string | Buffer> = {
    'posts/2022-01-18-utf8.md': text(TITLE),
    'posts/2022-01-18-utf8-bom.md': Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text(TITLE))]),
    'posts/2022-01-18-utf16le.md': utf16(text(TITLE), true),
    'posts/2022-01-18-utf16be.md': utf16(text(TITLE), false),
    'posts/2022-01-18-gbk.md': gbkPost,
    'posts/2022-01-18-crlf.md': text(TITLE).replace(/\n/g, '\r\n'),
    'posts/2022-01-18-cr.md': text(TITLE).replace(/\n/g, '\r'),
    'posts/2022-01-18-blank-first.md': `\n\n  \n${text(TITLE)}`,
    'posts/2022-01-18-dots.md': text(TITLE).replace(/\n---\n<p>/, '\n...\n<p>'),
  };
  const invalid: Record<string, [string | Buffer, RegExp]> = {
    'posts/2022-01-18-empty.md': ['', /:1: error: the file is empty/],
    'posts/2022-01-18-blank.md': ['\n\n   \n', /:1: error: the file is empty/],
    'posts/2022-01-18-binary.md': [garbage(4096), /:1: error: neither valid UTF-8 nor GBK/],
    'posts/2022-01-18-nul.md': [Buffer.concat([Buffer.from(text(TITLE)), Buffer.from([0, 1, 2])]), /:1: error: not a text file \(it holds NUL bytes\)/],
    'posts/2022-01-18-big5.md': [Buffer.concat([Buffer.from('---\ntitle: "'), Buffer.from('b0eaba f4', 'hex'), Buffer.from('"\n---\n')]), /:1: error: neither valid UTF-8 nor GBK/],
    'posts/2022-01-18-latin1.md': [Buffer.from('---\ntitle: "\xe9lan caf\xe9"\n---\n', 'latin1'), /:1: error: neither valid UTF-8 nor GBK/],
    'posts/2022-01-18-utf16-no-bom.md': [Buffer.from(text(TITLE), 'utf16le'), /:1: error: not a text file/],
    'posts/2022-01-18-no-fence.md': ['title: x\n\n正文\n', /:1: error: missing front matter/],
    'posts/2022-01-18-unclosed.md': ['\n---\ntitle: x\n正文\n', /:2: error: front matter is not closed/],
    'posts/2022-01-18-bad-yaml-crlf.md': ['---\r\ntitle: x\r\ntags: [a, b\r\ndate: 2022-01-18\r\n---\r\n', /:(4|5|6): error: invalid YAML in front matter/],
  };
  const site = makeSite({ ...valid, ...Object.fromEntries(Object.entries(invalid).map(([k, [v]]) => [k, v])) });
  const strict = runCli(site, ['build']);
  assert.equal(strict.code, 1);
  for (const [file, [, message]] of Object.entries(invalid)) {
    const line = strict.stderr.split('\n').find((l) => l.startsWith(`${file}:`) && l.includes('error'));
    assert.ok(line, `${file}: no error in\n${strict.stderr}`);
    assert.match(line, message, file);
  }
  assert.match(strict.stderr, /posts\/2022-01-18-gbk\.md:1: warning: read as GB18030 \(GBK\)/);
  assert.ok(!fs.existsSync(path.join(site, 'dist')));

  const lenient = runCli(site, ['build', '--skip-invalid']);
  assert.equal(lenient.code, 0, lenient.stderr);
  assert.match(lenient.stdout, new RegExp(`published ${Object.keys(valid).length} posts \\(left out: ${Object.keys(invalid).length} invalid\\)`));
  for (const file of Object.keys(valid)) {
    const slug = file.replace(/^posts\/2022-01-18-|\.md$/g, '');
    const $ = page(site, `news/2022/01/18/${slug}/index.html`);
    assert.equal($('article h1').text(), TITLE, `${slug}: the title is read right, never mojibake`);
  }
  assert.equal(page(site, 'news/2022/01/18/gbk/index.html')('.article-body').text().trim(), '电力');
  const html = listFiles(path.join(site, 'dist')).filter((f) => f.endsWith('.html')).map((f) => fs.readFileSync(path.join(site, 'dist', f), 'utf8')).join('');
  assert.ok(!html.includes('\ufffd'), 'no replacement characters anywhere');
});

test('a 5 MB post of 100,000 paragraphs, 10,000 nested elements and a 100,000-character paragraph build into correct pages', () => {
  const site = makeSite({
    'posts/2022-01-18-big.md': text(TITLE, `<p>${'电力营商环境，'.repeat(150_000)}</p>\n\n${'国网新闻段落。\n\n'.repeat(100_000)}`),
    'posts/2022-01-18-deep.md': text(TITLE, `${'<div>'.repeat(10_000)}深处的字<script>alert(1)</script>${'</div>'.repeat(10_000)}`),
    'posts/2022-01-18-long-paragraph.md': text(TITLE, `<p>${'长'.repeat(100_000)}</p>`),
  });
  assert.ok(fs.statSync(path.join(site, 'posts/2022-01-18-big.md')).size > 5_000_000);
  const result = runCli(site, ['build']);
  assert.equal(result.code, 0, result.stderr);
  const deep = page(site, 'news/2022/01/18/deep/index.html');
  assert.match(deep('.article-body').text(), /深处的字/);
  assert.equal(deep('.article-body script').length, 0);
  assert.equal(page(site, 'news/2022/01/18/long-paragraph/index.html')('.article-body p').text().length, 100_000);
  const big = page(site, 'news/2022/01/18/big/index.html');
  assert.equal(big('.article-body p').length, 100_001, 'every paragraph of the 5 MB post is there');
  assert.equal(big('.article-body p').first().text().length, 1_050_000);
});

test('a line number after CRLF or a blank line before the fence is the line in the file', () => {
  const site = makeSite({
    'posts/2022-01-18-a.md': '\r\n\r\n---\r\ntitle: a\r\ndate: 2022-13-45\r\n---\r\nx\r\n',
  });
  const result = runCli(site, ['build']);
  assert.match(result.stderr, /posts\/2022-01-18-a\.md:5: error: invalid date "2022-13-45"/);
});

test('strict mode leaves the previous dist byte-identical when a broken file appears', () => {
  const site = makeSite({ 'posts/2022-01-18-a.md': text(TITLE) });
  assert.equal(runCli(site, ['build']).code, 0);
  const before = snapshot(path.join(site, 'dist'));
  const mtime = fs.statSync(path.join(site, 'dist/index.html')).mtimeMs;
  fs.writeFileSync(path.join(site, 'posts/2022-01-19-b.md'), garbage(2000));
  fs.writeFileSync(path.join(site, 'posts/2022-01-19-c.md'), text(TITLE, '<p>新的</p>', '2022-01-19 09:00:00 +0800'));
  const result = runCli(site, ['build']);
  assert.equal(result.code, 1);
  assert.match(result.stderr, /posts\/2022-01-19-b\.md:1: error/);
  assert.deepEqual(snapshot(path.join(site, 'dist')), before);
  assert.equal(fs.statSync(path.join(site, 'dist/index.html')).mtimeMs, mtime);
  assert.deepEqual(fs.readdirSync(site).sort(), ['.cache', 'dist', 'posts'], 'no staging folder left behind');
});

test('a symlink loop under posts/ is read once and reported; a link out of the site is skipped; a broken link is reported', () => {
  const site = makeSite({ 'posts/2022/2022-01-18-a.md': text(TITLE), 'secret.txt': 'x' });
  const outside = makeSite({ 'id_rsa.md': text('私钥') });
  fs.symlinkSync('..', path.join(site, 'posts/2022/loop'));
  fs.symlinkSync(path.join(site, 'posts'), path.join(site, 'posts/2022/again'));
  fs.symlinkSync(path.join(outside, 'id_rsa.md'), path.join(site, 'posts/2022-01-18-leak.md'));
  fs.symlinkSync(path.join(site, 'nowhere.md'), path.join(site, 'posts/2022-01-18-broken.md'));
  fs.symlinkSync(path.join(site, 'posts/2022/2022-01-18-a.md'), path.join(site, 'posts/2022-01-18-alias.md'));
  const result = runCli(site, ['build']);
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stderr, /posts\/2022\/(loop|again): warning: skipped: this folder links back to one already read \(a symlink loop\)/);
  assert.match(result.stderr, /posts\/2022-01-18-leak\.md: warning: skipped: a symbolic link to somewhere outside the site/);
  assert.match(result.stderr, /posts\/2022-01-18-broken\.md: warning: skipped: a symbolic link to nothing/);
  assert.match(result.stdout, /published 2 posts/, 'the post and its alias inside the site');
  assert.ok(!listFiles(path.join(site, 'dist')).some((f) => f.includes('leak')));
});

test('a file that disappears (or becomes unreadable) between finding and reading is an error naming it, not a crash', () => {
  const site = makeSite({ 'posts/2022-01-18-a.md': text(TITLE), 'posts/2022-01-18-gone.md': text(TITLE), 'posts/2022-01-18-dir.md': text(TITLE) });
  const problems: Diagnostic[] = [];
  const files = findPostFiles(site, 'posts', problems);
  assert.equal(files.length, 3);
  fs.unlinkSync(path.join(site, 'posts/2022-01-18-gone.md'));
  fs.unlinkSync(path.join(site, 'posts/2022-01-18-dir.md'));
  fs.mkdirSync(path.join(site, 'posts/2022-01-18-dir.md'));
  const loaded = files.map((f) => loadPost(f, 'Asia/Shanghai', problems));
  assert.equal(loaded.filter(Boolean).length, 1);
  assert.deepEqual(problems.map((p) => `${p.file}: ${p.severity}: ${p.message}`).sort(), [
    'posts/2022-01-18-dir.md: error: cannot read the file: it became a folder while the build was reading it',
    'posts/2022-01-18-gone.md: error: the file disappeared while the build was reading it',
  ]);
});

test('an unreadable folder under posts/ is an error naming it, and --skip-invalid builds the rest', { skip: process.getuid?.() === 0 ? 'root reads every folder' : false }, () => {
  const site = makeSite({ 'posts/2022-01-18-a.md': text(TITLE), 'posts/locked/2022-01-18-b.md': text(TITLE) });
  fs.chmodSync(path.join(site, 'posts/locked'), 0);
  try {
    const result = runCli(site, ['build', '--skip-invalid']);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /posts\/locked: warning: cannot read this folder: EACCES/);
  } finally {
    fs.chmodSync(path.join(site, 'posts/locked'), 0o755);
  }
});

test('the build path (a cache-checked batch) says a vanished file disappeared, like the loader', async () => {
  const { processBatch } = await import('../src/parallel/batch.ts');
  const site = makeSite({});
  const gone = { absolutePath: path.join(site, 'posts/2022-01-01-gone.md'), sourcePath: 'posts/2022-01-01-gone.md', isInDraftsFolder: false };
  const [result] = await processBatch([gone], { salt: 's', timeZone: 'Asia/Shanghai', disabledRules: [] }, () => false);
  assert.equal(result.hit, false);
  assert.ok(!result.hit && result.post === null);
  assert.deepEqual(!result.hit && result.problems.map((p) => `${p.file}: ${p.message}`), ['posts/2022-01-01-gone.md: the file disappeared while the build was reading it']);
});
