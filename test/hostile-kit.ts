// Shared by the hostile-input tests: building in-process, hostile payloads, and a checker that
// says whether built output holds anything a browser would execute.
import fs from 'node:fs';
import path from 'node:path';
import { load } from 'cheerio';
import fc from 'fast-check';
import { buildSite, type BuildSummary } from '../src/build.ts';
import { resolveConfig } from '../src/config.ts';
import { BuildError, type Diagnostic } from '../src/diagnostics.ts';

/** Builds `site` in this process (much faster than the CLI for many generated cases). */
export async function buildInProcess(site: string, options: { skipInvalid?: boolean } = {}): Promise<{ summary?: BuildSummary; error?: BuildError; diagnostics: Diagnostic[] }> {
  const { config, problems } = resolveConfig(site, undefined);
  if (problems.length) throw new Error(`bad test config: ${JSON.stringify(problems)}`);
  try {
    const summary = await buildSite({ config, includeDrafts: true, includeFuture: true, skipInvalid: options.skipInvalid ?? false, now: new Date('2030-01-01T00:00:00Z') });
    return { summary, diagnostics: summary.diagnostics };
  } catch (err) {
    if (err instanceof BuildError) return { error: err, diagnostics: err.diagnostics };
    throw err;
  }
}

/** Every file under `dir`, relative with forward slashes. */
export function listFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .sort();
}

/** Elements that run script, load other documents or change where links go. */
const EXECUTABLE_ELEMENTS = ['script', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'form', 'base', 'svg', 'math', 'style', 'template', 'noscript', 'portal', 'meta[http-equiv]', 'link[rel=import]', 'input', 'button', 'textarea', 'select'];
const URL_ATTRIBUTES = ['href', 'src', 'action', 'formaction', 'data', 'poster', 'background', 'cite', 'longdesc', 'xlink:href', 'srcdoc', 'srcset', 'ping'];
const SAME_SITE_FORM = /^\/(?!\/)[\w/.-]*$/;
const BAD_SCHEME = /^(javascript|vbscript|data|livescript|mocha):/i;
const RASTER_DATA = /^data:image\/(png|gif|jpe?g|webp|avif);base64,[a-z0-9+/=\s]+$/i;

function decodeCharRefs(text: string): string {
  return text.replace(/&#(x[0-9a-f]+|\d+);?/gi, (_, n: string) => String.fromCodePoint(n[0].toLowerCase() === 'x' ? parseInt(n.slice(1), 16) : Number(n))).replace(/&colon;/gi, ':').replace(/&tab;/gi, '\t').replace(/&newline;/gi, '\n').replace(/&amp;/g, '&');
}

/** Browsers drop these before reading a URL's scheme: `java\tscript:` runs. */
function compactUrl(value: string): string {
  return value.replace(/[\u0000-\u0020\u007f-\u00a0\u1680\u2000-\u200f\u2028-\u202f\u205f\u3000\ufeff]+/g, '');
}

function parsesAsJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** What in `html` could run script, as readable findings (empty when safe). */
export function executableFindings(html: string, where: string): string[] {
  const found: string[] = [];
  const $ = load(html);
  // The theme's own markup is trusted: a script of its own (a local src, or inline code without
  // the payloads' alert/msgbox calls) passes outside the article body. A post can reach the page
  // only through the body, text and attribute values, and every payload calls alert or msgbox.
  for (const selector of EXECUTABLE_ELEMENTS) {
    $(selector).each((_, el) => {
      const src = $(el).attr('src') ?? '';
      const outsideBody = $(el).closest('.article-body').length === 0;
      const isThemeScript = selector === 'script' && outsideBody && (src ? /^\/(?!\/)[\w/.-]*$/.test(src) : !/alert|msgbox/i.test($(el).text()));
      // The theme's search box: a GET form to a page of this site, and its fields.
      const isThemeSearch = /^(form|input|button|select)$/.test(selector) && outsideBody && SAME_SITE_FORM.test($(el).closest('form').attr('action') ?? '');
      // JSON-LD is data, not code: safe when the whole block still parses as JSON (no breakout).
      const isDataBlock = selector === 'script' && outsideBody && $(el).attr('type') === 'application/ld+json' && parsesAsJson($(el).text());
      // Theme chrome outside the article: the stats chart, the search page's no-script note and
      // buttons. Scripts and handlers inside them are still found by the other checks.
      const isThemeChrome = /^(svg|noscript|button)$/.test(selector) && outsideBody && !$(el).attr('formaction');
      const isTheme = isThemeScript || isThemeSearch || isDataBlock || isThemeChrome;
      if (!isTheme) found.push(`${where}: <${selector}> element: ${$.html(el).slice(0, 120)}`);
    });
  }
  $('*').each((_, el) => {
    if (el.type !== 'tag') return;
    for (const [name, value] of Object.entries(el.attribs)) {
      if (/^on/i.test(name)) found.push(`${where}: event handler ${name}="${value.slice(0, 60)}" on <${el.name}>`);
      if (name === 'style' && /expression|javascript:|url\s*\(|behavior|-moz-binding|@import/i.test(value)) found.push(`${where}: style="${value.slice(0, 60)}"`);
      if (URL_ATTRIBUTES.includes(name)) {
        const url = compactUrl(value);
        if (BAD_SCHEME.test(url) && !(el.name === 'img' && name === 'src' && RASTER_DATA.test(value.trim()))) found.push(`${where}: ${name}="${value.slice(0, 60)}" on <${el.name}>`);
      }
    }
  });
  // Raw text, as a second opinion on the parse: every real tag starts with a literal "<" (escaped
  // text never does), so scanning the tags finds what a different parser might see.
  for (const tag of html.match(/<[a-z][^>]*>/gi) ?? []) {
    if (/^<(iframe|object|embed|base|math|frame|applet|style)\b/i.test(tag) || (/^<form\b/i.test(tag) && !/\saction="\/(?!\/)[\w/.-]*"/.test(tag)) || (/^<script\b/i.test(tag) && /src=(?!["']?\/(?!\/)[\w/.-]*["']?[\s>])/i.test(tag))) found.push(`${where}: raw tag ${tag.slice(0, 80)}`);
    for (const [, name, , dq, sq, bare] of tag.matchAll(/([^\s"'=<>/]+)\s*=\s*("([^"]*)"|'([^']*)'|([^\s>]+))/g)) {
      const value = compactUrl(decodeCharRefs(dq ?? sq ?? bare ?? ''));
      if (/^on/i.test(name)) found.push(`${where}: raw event handler in ${tag.slice(0, 80)}`);
      if (URL_ATTRIBUTES.includes(name.toLowerCase()) && BAD_SCHEME.test(value) && !RASTER_DATA.test(value)) found.push(`${where}: raw script URL in ${tag.slice(0, 80)}`);
    }
  }
  return found;
}

/** Checks every page and every feed's HTML content under `outDir`. */
export function siteFindings(outDir: string): string[] {
  const found: string[] = [];
  for (const file of listFiles(outDir)) {
    const text = fs.readFileSync(path.join(outDir, file), 'utf8');
    if (file.endsWith('.html')) found.push(...executableFindings(text, file));
    if (file.endsWith('.xml')) {
      // A character XML 1.0 forbids makes the whole feed unreadable.
      if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/.test(text)) found.push(`${file}: a character XML forbids`);
      const $ = load(text, { xml: true });
      // Atom text constructs are plain text unless typed as HTML; feed readers render those.
      $('[type=html], [type=xhtml]').each((i, el) => {
        found.push(...executableFindings($(el).text(), `${file} <${(el as { name: string }).name}> #${i}`));
      });
    }
  }
  return found;
}

/** Payloads that try every way into a browser's script engine. */
export const HOSTILE_SNIPPETS: readonly string[] = [
  '<script>alert(1)</script>',
  '<SCRIPT SRC=//evil.example/x.js></SCRIPT>',
  '<img src=x onerror=alert(1)>',
  '<img src="javascript:alert(1)">',
  '<a href="javascript:alert(1)">js</a>',
  '<a href=" JaVaScRiPt:alert(1)">mixed case</a>',
  '<a href="java\tscript:alert(1)">tab</a>',
  '<a href="&#106;avascript:alert(1)">entity</a>',
  '<a href="&#x6A;avascript&colon;alert(1)">hex entity</a>',
  '<a href="vbscript:msgbox(1)">vb</a>',
  '<a href="data:text/html,<script>alert(1)</script>">data html</a>',
  '<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">',
  '<svg onload=alert(1)><script>alert(1)</script></svg>',
  '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
  '<iframe src="https://evil.example"></iframe>',
  '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
  '<object data="javascript:alert(1)"></object>',
  '<embed src="javascript:alert(1)">',
  '<form action="javascript:alert(1)"><button formaction="javascript:alert(1)">go</button></form>',
  '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
  '<base href="https://evil.example/">',
  '<div style="background:url(javascript:alert(1))">css url</div>',
  '<div style="width: expression(alert(1))">css expression</div>',
  '<style>body{background:url("javascript:alert(1)")}</style>',
  '<link rel="stylesheet" href="https://evil.example/x.css">',
  '<body onload=alert(1)>',
  '<details open ontoggle=alert(1)>',
  '<video><source onerror=alert(1)></video>',
  '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
  '<template><script>alert(1)</script></template>',
  '<xmp><img src=x onerror=alert(1)></xmp>',
  '<textarea><script>alert(1)</script></textarea>',
  '<title><img src=x onerror=alert(1)></title>',
  '<!--><img src=x onerror=alert(1)>-->',
  '<![CDATA[<img src=x onerror=alert(1)>]]>',
  '<a href="\\\\evil.example\\x">backslash</a>',
  '<p id="__proto__" class="x" name="constructor">clobber</p>',
  '<img src="x" srcset="javascript:alert(1) 1x">',
  '<isindex action=javascript:alert(1) type=image>',
  '<a href="https://ok.example/" onclick="alert(1)">link with handler</a>',
  '<plaintext><img src=x onerror=alert(1)>',
  // Where htmlparser2, which the clean stage parses with, reads markup otherwise than a browser:
  // comments a browser ends early, raw-text elements it parses as markup, entities it decodes there.
  '<!-- x --!><img src=x onerror=alert(1)> -->',
  '<!---><img src=x onerror=alert(1)>-->',
  '<noembed><img src=x onerror=alert(1)></noembed>',
  '<noframes><p title="</noframes><img src=x onerror=alert(1)>"></noframes>',
  '<iframe>&lt;/iframe&gt;&lt;img src=x onerror=alert(1)&gt;</iframe>',
  '<noscript>&lt;/noscript&gt;&lt;img src=x onerror=alert(1)&gt;</noscript>',
  '<xmp>&lt;/xmp&gt;<img src=x onerror=alert(1)></xmp>',
  '<?xml version="1.0"?><img src=x onerror=alert(1)>',
  '<a href="https://ok.example/"><a href="javascript:alert(1)">nested links</a></a>',
  '<table><tr><td><style>&lt;/style&gt;&lt;img src=x onerror=alert(1)&gt;</style></td></tr></table>',
  '<svg><style>&lt;img src=x onerror=alert(1)&gt;</style></svg>',
];

/** A normal link and image: these must survive beside the hostile markup. */
export const FRIENDLY = '<p>正常段落，<a href="https://news.example.com/a">原文</a><img src="https://img.example.com/a.jpg" alt="图"></p>';

const TOKENS = [
  '<', '>', '/', '"', "'", '=', ' ', '\t', '\n', '<!--', '-->', '<![CDATA[', ']]>', '<!', '<?', '&', '&#', ';', 'x',
  '<script>', '</script>', '<script', 'alert(1)', ' onerror=', ' onload=', 'javascript:', 'java\tscript:', 'vbscript:', 'data:text/html,',
  '<img src=x', '<a href=', '<svg>', '</svg>', '<math>', '<style>', '</style>', '<iframe>', '<textarea>', '</textarea>', '<noscript>',
  '<xmp>', '<title>', '<template>', '<table>', '<select>', '<option>', '<p>', '</p>', '<div>', '</div>', '<h1>', '<b>', '</b>',
  'expression(', 'url(', '国网', '“', '”', '\u0000', '\u2028', '\ufeff', '%2e', '..',
];
const TAGS = ['script', 'img', 'a', 'svg', 'iframe', 'object', 'embed', 'form', 'meta', 'base', 'style', 'div', 'p', 'span', 'math', 'noscript', 'template', 'textarea', 'title', 'xmp', 'select', 'table', 'td', 'h1', 'video', 'link', 'details', 'foo', 'image', 'frameset', 'plaintext'];
const ATTRIBUTES = ['onerror', 'onclick', 'ONLOAD', 'href', 'src', 'style', 'formaction', 'action', 'xlink:href', 'srcdoc', 'data', 'poster', 'background', 'class', 'id', 'http-equiv', 'content', 'srcset', 'title', 'alt'];
const VALUES = [
  'javascript:alert(1)', ' java\tscript:alert(1)', 'JaVaScRiPt:alert(1)', '&#106;avascript:alert(1)', 'vbscript:x', 'data:text/html,<script>alert(1)</script>',
  'data:image/svg+xml,<svg onload=alert(1)>', 'data:image/png;base64,iVBORw0KGgo=', 'expression(alert(1))', 'url(javascript:alert(1))', '//evil.example/x',
  'https://ok.example/a', 'x" onerror="alert(1)', "x' onerror='alert(1)", '"><script>alert(1)</script>', 'refresh', '0;url=javascript:alert(1)',
];

/** Markup built from hostile elements, attributes and values, nested. */
export const hostileTree: fc.Arbitrary<string> = fc.letrec<{ node: string }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(...HOSTILE_SNIPPETS),
    fc.string({ maxLength: 12 }),
    fc
      .record({
        tag: fc.constantFrom(...TAGS),
        attributes: fc.array(fc.tuple(fc.constantFrom(...ATTRIBUTES), fc.constantFrom(...VALUES), fc.constantFrom('"', "'", '')), { maxLength: 3 }),
        children: fc.array(tie('node'), { maxLength: 3 }),
        closed: fc.boolean(),
      })
      .map(({ tag, attributes, children, closed }) => {
        const attrs = attributes.map(([n, v, q]) => ` ${n}=${q}${v}${q}`).join('');
        return `<${tag}${attrs}>${children.join('')}${closed ? `</${tag}>` : ''}`;
      }),
  ),
})).node;

/** Broken markup: a soup of hostile tokens, the way a fuzzer would write it. */
export const tokenSoup: fc.Arbitrary<string> = fc.array(fc.constantFrom(...TOKENS), { maxLength: 40 }).map((t) => t.join(''));

/** Any hostile HTML body. */
export const hostileHtml: fc.Arbitrary<string> = fc.oneof(hostileTree, tokenSoup, fc.array(fc.constantFrom(...HOSTILE_SNIPPETS), { minLength: 1, maxLength: 4 }).map((s) => s.join('\n')));

/** Strings a post's front matter might hold to attack the templates. */
export const hostileText: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...HOSTILE_SNIPPETS, '{{ 7*7 }}', '{% raw %}x{% endraw %}', '"><script>alert(1)</script>', "' onmouseover='alert(1)", 'javascript:alert(1)', '</title><script>alert(1)</script>', '电力/能源', '..', 'CON', 'TechWeb', 'Techweb'),
  tokenSoup,
  fc.string({ maxLength: 20 }),
);
