// The promise every clean rule keeps: apart from what it moves into metadata or removes as chrome,
// the characters of the body are all still there, in order. Checked rule by rule, over the real
// posts, 200 posts from the shared generator and random posts built from newspaper patterns.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { load } from 'cheerio';
import fc from 'fast-check';
import { CLEAN_RULES } from '../src/clean/index.ts';
import type { CleanRule, Findings } from '../src/clean/rule.ts';
import { renderMarkdown } from '../src/load/markdown.ts';
import { bodyOf, compact, realPosts } from './clean-helpers.ts';
import { SHARED, tempDir } from './helpers.ts';

/** Rules that only reshape: their text must come out exactly as it went in. */
const METADATA_RULES = new Set(['extract-summary', 'extract-byline', 'extract-source', 'extract-original-url']);
const CHROME_RULES = new Set(['remove-site-navigation', 'remove-hidden']);
/** The words around a byline or a source line that go with it: `本报记者`, `（文章来源：）`. */
const LABEL_CHARS = /^[□■（）()【】\[\]:：/／、，,<>本报记者通讯员特约实习生首席撰稿人摄影编译文图讯章来源稿件责任编辑新华社中央视]*$/u;
const HIDDEN = /(^|;)\s*display\s*:\s*none/i;

/** Runs every rule in order on `html`, checking each one's effect on the text. Returns what went wrong, if anything. */
function checkPipeline(html: string): string | undefined {
  const $ = load(html, null, false);
  for (const rule of CLEAN_RULES) {
    const before = compact($.root().text());
    const hidden = rule.name === 'remove-hidden' ? $('[style]').filter((_, e) => HIDDEN.test(e.attribs.style)).text() : '';
    const findings: Findings = { authors: [] };
    rule.apply($.root()[0], findings, { sourcePath: 'p.md' });
    const problem = explain(rule, before, compact($.root().text()), findings, compact(hidden));
    if (problem) return `${rule.name}: ${problem}`;
  }
  return undefined;
}

function explain(rule: CleanRule, before: string, after: string, findings: Findings, hidden: string): string | undefined {
  if (!METADATA_RULES.has(rule.name) && !CHROME_RULES.has(rule.name)) {
    return before === after ? undefined : `changed the text:\n  before ${before.slice(0, 200)}\n  after  ${after.slice(0, 200)}`;
  }
  const chars = [Array.from(before), Array.from(after)] as const;
  // Either alignment may explain the change: the one anchored at the start, or the one anchored at the end.
  const fromStart = deletedRuns(...chars);
  if (!fromStart) return `added or reordered text:\n  before ${before.slice(0, 200)}\n  after  ${after.slice(0, 200)}`;
  const fromEnd = deletedRuns(...(chars.map((c) => [...c].reverse()) as [string[], string[]]))!.map((run) => Array.from(run).reverse().join('')).reverse();
  const problem = explainRuns(rule, fromStart, findings, hidden);
  return problem && explainRuns(rule, fromEnd, findings, hidden) ? problem : undefined;
}

function explainRuns(rule: CleanRule, runs: string[], findings: Findings, hidden: string): string | undefined {
  const values = [...findings.authors, findings.source, findings.editor, findings.originalUrl, findings.summary].filter((v): v is string => !!v).map(compact);
  // The digest may leave the body twice: as the blockquote, and as the opening paragraph it copies.
  const copies = rule.name === 'extract-summary' ? 2 : 1;
  let budget = values.reduce((sum, v) => sum + copies * (v.length + 8), 0) + hidden.length;
  for (const run of runs) {
    const unexplained = values.reduce((rest, value) => rest.split(value).join(''), run);
    const isChrome = (rule.name === 'remove-site-navigation' && run.split(/[｜|/／·]/).every((part) => !part || part.startsWith('返回')))
      || (rule.name === 'extract-original-url' && /^(<>)+$/.test(run));
    const isHidden = rule.name === 'remove-hidden' && hidden.includes(run);
    const isPartOfValue = values.some((value) => value.includes(run));
    if (!isChrome && !isHidden && !isPartOfValue && !LABEL_CHARS.test(unexplained)) return `removed "${run}" (found ${JSON.stringify(findings)})`;
    if (!isChrome) budget -= run.length;
  }
  return budget >= 0 ? undefined : `removed more than it found (${JSON.stringify(findings)})`;
}

/**
 * The runs of `before` missing from `after`, if `after` is `before` with pieces taken out; undefined
 * otherwise. The common start and end are matched first, so one removed block (a digest that the
 * first paragraph repeats) shows as that block, not as scattered characters.
 */
function deletedRuns(before: string[], after: string[]): string[] | undefined {
  let start = 0;
  while (start < after.length && before[start] === after[start]) start++;
  let end = 0;
  while (end < after.length - start && before[before.length - 1 - end] === after[after.length - 1 - end]) end++;
  const middle = greedyRuns(before.slice(start, before.length - end), after.slice(start, after.length - end));
  return middle && middle.filter((run) => run.length > 0);
}

function greedyRuns(before: string[], after: string[]): string[] | undefined {
  const runs: string[] = [];
  let i = 0;
  let run = '';
  for (const ch of after) {
    while (i < before.length && before[i] !== ch) run += before[i++];
    if (i === before.length) return undefined;
    if (run) runs.push(run);
    run = '';
    i++;
  }
  run += before.slice(i).join('');
  if (run) runs.push(run);
  return runs;
}

test('text preserved: every rule keeps the seed\'s and every real post\'s text, apart from metadata and chrome', () => {
  for (const { file, html } of realPosts()) assert.equal(checkPipeline(html), undefined, file);
});

test('text preserved: over 200 posts from the shared generator', () => {
  const dir = tempDir('gen');
  const gen = spawnSync(process.execPath, [path.join(SHARED, 'bench', 'gen-corpus.mjs'), '--n', '200', '--out', dir], { encoding: 'utf8' });
  assert.equal(gen.status, 0, gen.stderr);
  const files = fs.readdirSync(path.join(dir, '_posts'));
  assert.equal(files.length, 200);
  for (const name of files) assert.equal(checkPipeline(bodyOf(path.join(dir, '_posts', name))), undefined, name);
  fs.rmSync(dir, { recursive: true, force: true });
});

// ---- random posts built from the patterns of scraped Chinese news ----
const hanzi = fc.integer({ min: 0x4e00, max: 0x9fa5 }).map((c) => String.fromCharCode(c));
const word = (min: number, max: number) => fc.array(fc.oneof({ weight: 12, arbitrary: hanzi }, fc.constantFrom('A', 'x', '9', '&amp;', '&lt;', '“', '”', '、', '·', ' ')), { minLength: min, maxLength: max }).map((cs) => cs.join(''));
const name = fc.array(hanzi, { minLength: 2, maxLength: 3 }).map((cs) => cs.join(''));
const sentence = fc.tuple(word(4, 30), fc.constantFrom('。', '！', '？', '；', '，')).map(([w, p]) => w + p);
const prose = fc.array(sentence, { minLength: 1, maxLength: 4 }).map((s) => s.join(''));
const inline = fc.oneof(
  prose,
  prose.map((s) => `　　${s}&nbsp;&nbsp; `),
  fc.tuple(prose, word(1, 4), prose).map(([a, k, b]) => `${a}<span id="stock_1"><a href="http://quote.eastmoney.com/x" class="keytip">${k}</a></span><span id="quote_1"></span>${b}`),
  fc.tuple(prose, word(1, 4), prose).map(([a, k, b]) => `${a}<span web="1" href="http://q/1" class="em_stock_key_common">${k}</span>${b}`),
  fc.tuple(prose, prose).map(([a, b]) => `${a}<br /><br />${b}`),
  fc.tuple(prose, prose).map(([a, b]) => `<font color="red">${a}</font><!-- c -->${b}<br>`),
);
const block = fc.oneof(
  { weight: 8, arbitrary: inline.map((s) => `<p>${s}</p>`) },
  { weight: 2, arbitrary: word(2, 12).map((w) => `<p>${w}</p>`) },
  { weight: 1, arbitrary: fc.tuple(word(2, 8), word(2, 6)).map(([a, b]) => `<p>${a}的</p>\n<p>${b}</p>`) },
  { weight: 1, arbitrary: word(2, 16).map((w) => `<p><strong>${w}</strong></p>`) },
  { weight: 1, arbitrary: fc.tuple(fc.boolean(), word(2, 10)).map(([center, c]) => `${center ? '<center>' : '<p>'}<img src="//img.cn/a_w800h600.jpg" width="400" alt="Image" />${center ? '</center>' : '</p>'}<p style="text-align:center;">${c.length % 2 ? '图片来源：' : '图为'}${c}</p>`) },
  { weight: 1, arbitrary: word(0, 10).map((w) => `<p style="display:none;">${w}</p>`) },
  { weight: 1, arbitrary: fc.constant('<!-- EM_StockImg_Start --><p><a href="http://quote.eastmoney.com/unify/r/1.600160" class="EmImageRemark"><img src="https://webquoteklinepic.eastmoney.com/GetPic.aspx?nid=1.600160" width="578" height="276" alt="K图" /></a></p><!-- EM_StockImg_End -->') },
  { weight: 1, arbitrary: fc.constantFrom('<p>&nbsp;</p>', '<p><br /></p>', '<p>　　</p>', '<p>□</p>') },
  { weight: 1, arbitrary: name.map((n) => `<p>记者 ${n}</p>`) },
  { weight: 1, arbitrary: prose.map((s) => `<blockquote><p>${s}</p></blockquote>`) },
  { weight: 1, arbitrary: fc.tuple(prose, prose, word(2, 10)).map(([a, b, c]) => `<div class="content">　　${a}<br><br>　　${c}<br /><br />${b}</div>`) },
);
const byline = fc.oneof(name.map((n) => `□${n}`), name.map((n) => `本报记者 ${n}`), fc.tuple(name, name).map(([a, b]) => `记者 ${a} 通讯员 ${b}`), name.map((n) => `文/${n}`), name.map((n) => `（记者 ${n}）`));
const source = fc.tuple(word(2, 6), fc.option(name)).map(([s, editor]) => `<p class="em_media">（文章来源：${s}）</p>${editor ? `<p>（责任编辑：${editor}）</p>` : ''}`);
const tail = fc.tuple(
  fc.option(fc.constantFrom('<http://finance.eastmoney.com/news/1344,202112082206928461.html>', '<>')),
  fc.option(fc.constantFrom('[返回东财滚动新闻](//finews.withounder.com/emnews/)｜[返回首页](//finews.withounder.com/)', '[返回东财滚动新闻](../emnews/)\n[返回首页](../)')),
).map(([url, nav]) => [url, nav].filter(Boolean).join('\n\n'));
const randomPost = fc.tuple(fc.option(prose), fc.option(byline), fc.array(block, { minLength: 1, maxLength: 12 }), fc.option(source), tail)
  .map(([summary, by, blocks, src, end]) => renderMarkdown(`${summary ? `> ${summary}\n\n` : ''}${by ? `<p>${by}</p>\n` : ''}${blocks.join('\n')}${src ? `\n${src}` : ''}\n\n${end}\n`));

test('text preserved: over random posts built from newspaper patterns (fast-check)', () => {
  fc.assert(fc.property(randomPost, (html) => {
    const problem = checkPipeline(html);
    if (problem) throw new Error(`${problem}\n--- input ---\n${html}`);
  }), { numRuns: 300, seed: 20260118 });
});

test('text preserved: the checker itself catches a rule that drops or reorders body text', () => {
  assert.match(explain({ name: 'trim-whitespace', apply() {} }, '甲乙丙', '甲丙', { authors: [] }, '') ?? '', /changed the text/);
  assert.match(explain({ name: 'extract-byline', apply() {} }, '□郭鹏正文第一句', '正文一句', { authors: ['郭鹏'] }, '') ?? '', /removed "第"/);
  assert.match(explain({ name: 'extract-source', apply() {} }, '甲乙', '乙甲', { authors: [], source: '甲' }, '') ?? '', /reordered/);
  assert.equal(explain({ name: 'extract-source', apply() {} }, '正文（文章来源：大众日报）', '正文', { authors: [], source: '大众日报' }, ''), undefined);
});
