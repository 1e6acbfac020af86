// renderMarkdown lets plain web addresses skip markdown-it's link normalizers (mdurl and punycode,
// run on every post's closing `<http://…>`). That is only right if markdown-it itself gives such an
// address back unchanged, as href and as text: checked here against a fresh markdown-it, on
// generated addresses and on the forms the scraped posts carry.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import MarkdownIt from 'markdown-it';
import { PLAIN_URL, renderMarkdown } from '../src/load/markdown.ts';

const reference = new MarkdownIt({ html: true, linkify: false, typographer: false });

// A label starting with xn-- is punycode, which markdown-it decodes for the text: never plain.
const label = fc.stringMatching(/^[a-z0-9-]{1,30}$/).filter((l) => !l.startsWith('xn--'));
const pathChars = fc.stringMatching(/^[A-Za-z0-9\-._~/=&]{0,40}$/);
const tail = fc.tuple(pathChars, fc.option(pathChars)).map(([path, query]) => `/${path}${query !== null ? `?${query}` : ''}`);
/** Addresses of PLAIN_URL's shape. */
const plainUrl = fc
  .tuple(fc.constantFrom('http://', 'https://'), fc.array(label, { minLength: 1, maxLength: 8 }), fc.option(tail, { nil: '' }))
  .map(([scheme, labels, rest]) => scheme + labels.join('.') + rest);
/** Near misses (other schemes, ports, users, escapes, punycode, capitals, long labels): PLAIN_URL must refuse them or be right about them. */
const nearMiss = fc
  .tuple(
    plainUrl,
    fc.constantFrom('ftp://', '//', 'HTTP://', 'http://xn--fiqs8s.', 'http://xn--.', 'https://a.xn--b.', 'http://Example.', `http://${'a'.repeat(64)}.`, 'http://u@', 'mailto:'),
    fc.constantFrom(':8080', ':', '%41', '%', '#top', ' ', '中文', "'", '(x)', '.xn--fiqs8s', '@x', '\\', '?a#b'),
    fc.nat(),
  )
  .map(([u, prefix, insert, at]) => {
    const withPrefix = prefix + u.replace(/^https?:\/\//, '');
    const i = at % (withPrefix.length + 1);
    return withPrefix.slice(0, i) + insert + withPrefix.slice(i);
  });

function assertUnchanged(u: string): void {
  assert.equal(reference.normalizeLink(u), u);
  assert.equal(reference.normalizeLinkText(u), u);
  assert.equal(reference.validateLink(u), true);
}

test('markdown-it gives back every address PLAIN_URL lets through, as href and as text', () => {
  fc.assert(
    fc.property(plainUrl, (u) => {
      assert.ok(PLAIN_URL.test(u), u);
      assertUnchanged(u);
    }),
    { numRuns: 2000 },
  );
  fc.assert(
    fc.property(nearMiss, (u) => {
      if (PLAIN_URL.test(u)) assertUnchanged(u);
    }),
    { numRuns: 3000 },
  );
});

test('the scraped posts\' closing addresses take the fast path, and render as markdown-it renders them', () => {
  const plain = ['http://finews.zning.xyz/html_News/NewsShare.html?infoCode=NW201902091644293973', 'https://www.example.com/a/b-c_d.html', 'http://a.b/x?y=1&z=2'];
  for (const u of plain) assert.ok(PLAIN_URL.test(u), u);
  const others = ['http://例子.中国/', 'http://xn--fiqs8s.cn/', 'http://a.b/%E4%B8%AD', 'http://a.b/中文', 'http://a.b:81/', 'http://u@a.b/', 'HTTP://A.B/', 'http://a.b/#x'];
  for (const u of others) assert.ok(!PLAIN_URL.test(u), u);
  for (const u of [...plain, ...others]) {
    const body = `<p>正文</p>\n\n<${u}>\n\n[返回首页](${u})\n`;
    assert.equal(renderMarkdown(body), reference.render(body), u);
  }
});
