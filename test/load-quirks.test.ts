// The scrapers' known quirks are repaired with a warning at path:line; uncertain ones are errors.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { titleFromBody } from '../src/load/repair-quirks.ts';
import { SHARED, makeSite, page, runCli } from './helpers.ts';
import { listFiles } from './hostile-kit.ts';

const file = (front: string, body = '<p>正文。</p>') => `---\nlayout: post\n${front}\ncategories: emnews\n---\n${body}\n`;

test('a one-line title with unescaped inner quotes or a bare colon is read as the text it is, with a warning', () => {
  const site = makeSite({
    'posts/2022-01-18-quotes.md': file('title: "国网"三型一化"营业厅"\ndate: 2022-01-18 10:00:00 +0800'),
    'posts/2022-01-18-colon.md': file('title: 国网: 新举措\ndate: 2022-01-18 11:00:00 +0800'),
    'posts/2022-01-18-both.md': file('title: "他说: "好""\ndate: 2022-01-18 12:00:00 +0800'),
    'posts/2022-01-18-fine.md': file('title: "国网\\"三型一化\\"营业厅"\ndate: 2022-01-18 13:00:00 +0800'),
  });
  const result = runCli(site, ['build']);
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stderr, /^posts\/2022-01-18-quotes\.md:3: warning: repaired "title:", whose value held unescaped double quotes: read it as the text "国网\\"三型一化\\"营业厅"$/m);
  assert.match(result.stderr, /^posts\/2022-01-18-colon\.md:3: warning: repaired "title:", whose value held a bare colon: read it as the text "国网: 新举措"$/m);
  assert.doesNotMatch(result.stderr, /2022-01-18-fine\.md/, 'valid YAML is left alone');
  assert.equal(page(site, 'emnews/2022/01/18/quotes/index.html')('article h1').text(), '国网"三型一化"营业厅');
  assert.equal(page(site, 'emnews/2022/01/18/colon/index.html')('article h1').text(), '国网: 新举措');
  assert.equal(page(site, 'emnews/2022/01/18/both/index.html')('article h1').text(), '他说: "好"');
  assert.equal(page(site, 'emnews/2022/01/18/fine/index.html')('article h1').text(), '国网"三型一化"营业厅');
});

test('what cannot be repaired with certainty stays a YAML error at its line', () => {
  const site = makeSite({
    'posts/2022-01-18-multi.md': file('title: "国网"三型\n  一化"营业厅"\ndate: 2022-01-18 10:00:00 +0800'),
    'posts/2022-01-18-list.md': file('title: x\ntags: [a, "b"c"]\ndate: 2022-01-18 10:00:00 +0800'),
  });
  const result = runCli(site, ['build']);
  assert.equal(result.code, 1);
  assert.match(result.stderr, /posts\/2022-01-18-multi\.md:\d+: error: invalid YAML in front matter/);
  assert.match(result.stderr, /posts\/2022-01-18-list\.md:4: error: invalid YAML in front matter/);
  assert.doesNotMatch(result.stderr, /repaired/);
});

test('an empty title is taken from the first heading or a short first line, and removed from the body; otherwise it is an error', () => {
  const site = makeSite({
    'posts/2022-01-18-md-heading.md': file('title: ""\ndate: 2022-01-18 10:00:00 +0800', '\n# 国网新举措 #\n\n正文第一段。'),
    'posts/2022-01-18-html-heading.md': file('title: ""\ndate: 2022-01-18 11:00:00 +0800', '<h2 class="t">国网&amp;南网 <b>新举措</b></h2>\n<p>正文。</p>'),
    'posts/2022-01-18-first-line.md': file('title:\ndate: 2022-01-18 12:00:00 +0800', '“股王”茅台重回2000元关口！\n\n正文第一段。'),
    'posts/2022-01-18-lead.md': file('title: ""\ndate: 2022-01-18 13:00:00 +0800', '> 据雷锋网消息，5月24日，蔚来宣布旗下ET7新能源汽车。\n\n正文。'),
    'posts/2022-01-18-sentence.md': file('title: ""\ndate: 2022-01-18 14:00:00 +0800', '记者从国网获悉，今年电力营商环境持续改善。\n\n正文。'),
    'posts/2022-01-18-missing.md': '---\ndate: 2022-01-18 15:00:00 +0800\ncategories: emnews\n---\n正文。\n',
  });
  const strict = runCli(site, ['build']);
  assert.equal(strict.code, 1);
  assert.match(strict.stderr, /^posts\/2022-01-18-md-heading\.md:3: warning: repaired the empty "title:": took the title "国网新举措" from line 8 of the body$/m);
  assert.match(strict.stderr, /^posts\/2022-01-18-lead\.md:3: error: "title:" is empty and the body does not start with a heading or a short first line to take it from$/m);
  assert.match(strict.stderr, /^posts\/2022-01-18-sentence\.md:3: error: "title:" is empty/m);
  assert.match(strict.stderr, /^posts\/2022-01-18-missing\.md:1: warning: the post has no title; using "Missing" from its file name$/m, 'no title: key at all is Jekyll\'s rule, not a quirk');
  const lenient = runCli(site, ['build', '--skip-invalid']);
  assert.equal(lenient.code, 0, lenient.stderr);
  const md = page(site, 'emnews/2022/01/18/md-heading/index.html');
  assert.equal(md('article h1').text(), '国网新举措');
  assert.equal(md('.article-body h2').length, 0, 'the heading is not shown twice');
  assert.equal(md('.article-body').text().trim(), '正文第一段。');
  assert.equal(page(site, 'emnews/2022/01/18/html-heading/index.html')('article h1').text(), '国网&南网 新举措');
  assert.equal(page(site, 'emnews/2022/01/18/first-line/index.html')('article h1').text(), '“股王”茅台重回2000元关口！');
  assert.ok(!listFiles(path.join(site, 'dist')).some((f) => /lead|sentence/.test(f)));
});

test('a date that is only an offset takes the date in the file name; without one it is an error, not a guess', () => {
  const site = makeSite({
    'posts/2022-05-26-202205262391921712.md': file('title: 蔚来ET7\ndate:  +0800'),
    'posts/-202205262391921713.md': file('title: 蔚来ET7\ndate:  +0800'),
  });
  const strict = runCli(site, ['build']);
  assert.equal(strict.code, 1);
  assert.match(strict.stderr, /^posts\/2022-05-26-202205262391921712\.md:4: warning: repaired "date:", which held only the offset "\+0800": took the date 2022-05-26 from the file name$/m);
  assert.match(strict.stderr, /^posts\/-202205262391921713\.md:4: error: "date:" holds only the offset "\+0800" and no date, and the file name has no date to take$/m);
  assert.equal(runCli(site, ['build', '--skip-invalid']).code, 0);
  const $ = page(site, 'emnews/2022/05/26/202205262391921712/index.html');
  assert.equal($('article time').attr('datetime'), '2022-05-26T00:00:00+08:00');
});

test('titleFromBody takes only what is certainly a title', () => {
  assert.deepEqual(titleFromBody('\n## 标题 ##\n正文'), { title: '标题', body: '\n\n正文', lineIndex: 1 });
  assert.equal(titleFromBody('标题\n===\n\n正文')?.title, '标题');
  assert.equal(titleFromBody('短标题\n紧接正文，没有空行。'), undefined);
  assert.equal(titleFromBody('- 列表项\n\n正文'), undefined);
  assert.equal(titleFromBody(`${'长'.repeat(61)}\n\n正文`), undefined);
  assert.equal(titleFromBody('<h2></h2>\n正文'), undefined);
  assert.equal(titleFromBody(''), undefined);
  // Long runs of spaces once made the heading pattern backtrack quadratically (minutes at this size).
  assert.equal(titleFromBody(`# 甲${' '.repeat(300_000)}乙 ##`)?.title.length, 300_002);
});

test('a broken front matter line of 300,000 spaces is an error at once, not minutes of regex backtracking', () => {
  const site = makeSite({ 'posts/2022-01-18-spaces.md': `---\ntitle: "国网"三型${' '.repeat(300_000)}一化"\ndate: 2022-01-18\ntags: [\n---\n正文\n` });
  const result = runCli(site, ['build']);
  assert.equal(result.code, 1);
  assert.match(result.stderr, /^posts\/2022-01-18-spaces\.md:5: error: invalid YAML in front matter: unexpected end of the stream within a flow collection/m);
});

/** Every posts folder of the real corpus and its saved versions. */
function corpusFolders(): string[] {
  const root = path.join(SHARED, 'corpus', 'finews');
  const folders = [path.join(root, '_posts'), path.join(root, 'old_post')];
  for (const version of fs.readdirSync(path.join(root, 'versions'))) {
    for (const sub of fs.readdirSync(path.join(root, 'versions', version))) folders.push(path.join(root, 'versions', version, sub));
  }
  return folders;
}

test('every version of the real finews corpus builds; its -<id>.md post with "date:  +0800" and an empty title is refused, not guessed', () => {
  const folders = corpusFolders();
  assert.ok(folders.length >= 10);
  for (const folder of folders) {
    const site = makeSite({});
    fs.cpSync(folder, path.join(site, 'posts'), { recursive: true });
    const names = fs.readdirSync(folder);
    const undated = names.filter((n) => n.startsWith('-'));
    const result = runCli(site, ['build']);
    if (!undated.length) {
      assert.equal(result.code, 0, `${folder}: ${result.stderr}`);
      assert.match(result.stdout, new RegExp(`published ${names.length} posts?`));
      continue;
    }
    assert.equal(result.code, 1, folder);
    for (const name of undated) {
      assert.match(result.stderr, new RegExp(`posts/${name}:4: error: "date:" holds only the offset "\\+0800" and no date`));
      assert.match(result.stderr, new RegExp(`posts/${name}:3: error: "title:" is empty`));
    }
    const lenient = runCli(site, ['build', '--skip-invalid']);
    assert.equal(lenient.code, 0, lenient.stderr);
    assert.match(lenient.stdout, new RegExp(`published ${names.length - undated.length} posts? \\(left out: ${undated.length} invalid\\)`));
  }
});
