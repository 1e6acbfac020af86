// Hostile front matter values and bodies, built into whole sites: every page and feed is checked
// for anything a browser would execute, and the values still show as text.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import yaml from 'js-yaml';
import { makeSite, page, runCli } from './helpers.ts';
import { FRIENDLY, HOSTILE_SNIPPETS, buildInProcess, hostileHtml, hostileText, listFiles, siteFindings } from './hostile-kit.ts';

// A site layout that prints a custom key in text and in an attribute, as a theme might.
const CUSTOM_LAYOUT = `{% extends "post.njk" %}{% block head %}<meta name="x-extra" content="{{ post.extra }}">{% endblock %}`;

const quoted = (text: string) => JSON.stringify(text);

test('hostile values in every front matter key and in the body publish nothing executable, and show as text', () => {
  const files: Record<string, string> = { 'templates/custom.njk': CUSTOM_LAYOUT };
  HOSTILE_SNIPPETS.forEach((snippet, i) => {
    const day = String((i % 28) + 1).padStart(2, '0');
    files[`posts/2022-01-${day}-p${i}.md`] = [
      '---',
      `title: ${quoted(`标题${i} ${snippet}`)}`,
      `date: 2022-01-${day} 10:00:00 +0800`,
      `categories: [${quoted(snippet)}, TechWeb]`,
      `tags: [${quoted(snippet)}, "{{ 7*7 }}", "电力/能源"]`,
      `author: ${quoted(snippet)}`,
      `source: ${quoted(snippet)}`,
      `description: ${quoted(snippet)}`,
      `extra: ${quoted(snippet)}`,
      i % 2 ? 'layout: custom' : 'layout: post',
      '---',
      `${FRIENDLY}\n\n${snippet}\n\n${FRIENDLY}`,
      '',
    ].join('\n');
  });
  const site = makeSite(files);
  const result = runCli(site, ['build']);
  assert.equal(result.code, 0, result.stderr);
  assert.deepEqual(siteFindings(path.join(site, 'dist')), []);
  const built = listFiles(path.join(site, 'dist'));
  const pageOf = (slug: string) => page(site, built.find((f) => f.endsWith(`/${slug}/index.html`))!);
  const $ = pageOf('p0');
  assert.equal($('article h1').text(), `标题0 ${HOSTILE_SNIPPETS[0]}`);
  assert.equal($('.byline').text(), HOSTILE_SNIPPETS[0]);
  assert.ok($('.article-body a[href="https://news.example.com/a"]').length >= 2, 'the friendly link survives');
  const $custom = pageOf('p1');
  assert.equal($custom('meta[name=x-extra]').attr('content'), HOSTILE_SNIPPETS[1]);
  const tagNames = page(site, 'tags/index.html')('.term-list a').map((_, a) => page(site, 'tags/index.html')(a).text()).get();
  assert.ok(tagNames.includes('{{ 7*7 }}'), 'template syntax in a value is printed, never evaluated');
  assert.ok(!fs.readFileSync(path.join(site, 'dist/tags/index.html'), 'utf8').includes('>49<'));
});

const frontMatterValue: fc.Arbitrary<unknown> = fc.oneof(
  hostileText,
  fc.integer(),
  fc.constant(null),
  fc.array(fc.oneof(hostileText, fc.integer(), fc.constant(null), fc.array(hostileText, { maxLength: 2 })), { maxLength: 3 }),
  fc.dictionary(fc.constantFrom('a', 'b', '__proto__'), hostileText, { maxKeys: 2 }),
);

const hostilePost = fc.record({
  title: frontMatterValue,
  categories: frontMatterValue,
  tags: frontMatterValue,
  author: frontMatterValue,
  source: frontMatterValue,
  description: frontMatterValue,
  extra: frontMatterValue,
  body: hostileHtml,
});

test('property: generated hostile posts build into sites with nothing executable, or fail with diagnostics only', async () => {
  let built = 0;
  await fc.assert(
    fc.asyncProperty(fc.array(hostilePost, { minLength: 1, maxLength: 4 }), async (posts) => {
      const files: Record<string, string> = { 'templates/custom.njk': CUSTOM_LAYOUT };
      posts.forEach(({ body, ...fields }, i) => {
        const front = yaml.dump({ ...fields, date: `2022-03-0${i + 1} 08:00:00 +0800`, layout: 'custom' }, { schema: yaml.CORE_SCHEMA, skipInvalid: true });
        files[`posts/2022-03-0${i + 1}-p${i}.md`] = `---\n${front}---\n${body}\n`;
      });
      const site = makeSite(files);
      try {
        const result = await buildInProcess(site, { skipInvalid: true });
        for (const d of result.diagnostics) assert.ok(d.message, 'every diagnostic says something');
        if (result.summary) built++;
        assert.deepEqual(siteFindings(path.join(site, 'dist')), []);
      } finally {
        fs.rmSync(site, { recursive: true, force: true });
      }
    }),
    { numRuns: 40, seed: 11 },
  );
  assert.ok(built > 30, `most generated sites build (${built} of 40)`);
});

test('half a character in the front matter (a lone "\\uD800" escape) is replaced and reported at its line; the URL and the search index still build', () => {
  const site = makeSite({
    'newsarchive.yml': 'title: 测试\nurl: https://example.com\n',
    'posts/2022-01-01-ok.md': '---\ntitle: 正常文章\ndate: 2022-01-01\n---\n<p>营商环境</p>\n',
    'posts/2022-01-02-bad.md': '---\ntitle: "坏标题 \\uD800"\ndate: 2022-01-02\npermalink: "/x\\uDC00/"\ntags: ["a\\uD83D"]\n---\n<p>正文</p>\n',
  });
  const result = runCli(site, ['build']);
  assert.equal(result.code, 0, result.stderr);
  for (const [line, key] of [[2, 'title'], [4, 'permalink'], [5, 'tags']] as const) {
    assert.match(result.stderr, new RegExp(`^posts/2022-01-02-bad\\.md:${line}: warning: "${key}:" holds half of a character`, 'm'));
  }
  const $ = page(site, 'x\uFFFD/index.html');
  assert.equal($('article h1').text(), '坏标题 \uFFFD');
  assert.ok(fs.existsSync(path.join(site, 'dist/pagefind/pagefind-entry.json')), 'the search index is built');
  // No lone surrogate reached any page: each file is valid UTF-8 read back whole.
  for (const file of listFiles(path.join(site, 'dist')).filter((f) => /\.(html|xml)$/.test(f))) {
    assert.ok(fs.readFileSync(path.join(site, 'dist', file), 'utf8').isWellFormed(), file);
  }
});

test('a description cut to 150 characters never splits a character in two', () => {
  const text = `${'中'.repeat(149)}😀${'文'.repeat(30)}`;
  const site = makeSite({ 'posts/2022-01-04-a.md': `---\ntitle: t\ndate: 2022-01-04\ndescription: "${text}"\n---\n<p>${text}</p>\n` });
  const result = runCli(site, ['build', '--no-search']);
  assert.equal(result.code, 0, result.stderr);
  const $ = page(site, listFiles(path.join(site, 'dist')).find((f) => f.endsWith('/a/index.html'))!);
  for (const selector of ['meta[name=description]', 'meta[property="og:description"]']) {
    assert.equal($(selector).attr('content'), `${'中'.repeat(149)}…`, selector);
  }
});
