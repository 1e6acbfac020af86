import assert from 'node:assert/strict';
import { test } from 'node:test';
import { extractByline } from '../src/clean/rules/extract-byline.ts';
import { applyRule, clean, realPosts } from './clean-helpers.ts';

const BYLINES: Array<[string, string[]]> = [
  ['□郭鹏', ['郭鹏']],
  ['□ 本报记者 王明 李华', ['王明', '李华']],
  ['本报记者 王明', ['王明']],
  ['记者 王明 通讯员 李华', ['王明', '李华']],
  ['文/王明', ['王明']],
  ['文／王明 图/李华', ['王明', '李华']],
  ['（记者 王明）', ['王明']],
  ['(记者 王明、张晓东)', ['王明', '张晓东']],
  ['□文博', ['文博']],
  ['本报特约记者 阿依古丽·买买提', ['阿依古丽·买买提']],
  ['文/图 王明', ['王明']],
  ['本报记者 王明 报道', ['王明']],
  ['经济日报记者 孙文', ['孙文']],
  ['新京报记者 王明 通讯员 李华', ['王明', '李华']],
];

for (const [line, names] of BYLINES) {
  test(`extract-byline: "${line}" gives ${names.join('、')} and leaves the body`, () => {
    const { findings, $ } = applyRule(extractByline, `<p>${line}</p>\n<p>正文第一句。</p>`);
    assert.deepEqual(findings.authors, names);
    assert.equal($('p').length, 1);
    assert.equal($('p').text(), '正文第一句。');
  });
}

test('extract-byline: a byline inside the scraped page\'s wrapper <div> is found too', () => {
  const { findings, $ } = applyRule(extractByline, '<div class="Body">\n<p>本报记者 王明</p><p>正文。</p></div>');
  assert.deepEqual(findings.authors, ['王明']);
  assert.equal($('div p').length, 1);
});

test('extract-byline: a dateline with the byline in parentheses keeps the dateline and the text', () => {
  const { findings, $ } = applyRule(extractByline, '<p>本报讯（记者 王明 通讯员 李华）3月1日，全市召开会议。</p>');
  assert.deepEqual(findings.authors, ['王明', '李华']);
  assert.equal($('p').text(), '本报讯 3月1日，全市召开会议。');
  const wire = applyRule(extractByline, '<p>新华社北京1月18日电（记者王明、李华）国务院新闻办公室18日举行发布会。</p>');
  assert.deepEqual(wire.findings.authors, ['王明', '李华']);
  assert.equal(wire.$('p').text(), '新华社北京1月18日电 国务院新闻办公室18日举行发布会。');
});

test('extract-byline: a byline in parentheses among the closing lines is taken when none opens the story', () => {
  const { findings, $ } = applyRule(extractByline, '<p>正文第一句。</p><p>正文第二句。</p><p>（记者 王明 通讯员 李华）</p><p class="em_media">（文章来源：大众日报）</p>');
  assert.deepEqual(findings.authors, ['王明', '李华']);
  assert.deepEqual($('p').map((_, p) => $(p).text()).get(), ['正文第一句。', '正文第二句。', '（文章来源：大众日报）']);
  const opening = applyRule(extractByline, '<p>□郭鹏</p><p>正文。</p><p>（记者 王明）</p>');
  assert.deepEqual(opening.findings.authors, ['郭鹏'], 'the opening byline wins; the closing line stays');
  assert.equal(opening.$('p').length, 2);
  const bare = '<p>正文。</p><p>记者 王明</p>';
  assert.equal(applyRule(extractByline, bare).html, bare, 'a closing line must be in parentheses');
});

test('extract-byline: sentences about reporters, lone names and later bylines are not bylines', () => {
  for (const html of [
    '<p>记者从中国石化（600028）获悉，中国石化第1000座充换电站投营。</p>',
    '<p>王明</p><p>正文。</p>',
    '<p>正文。</p><p>□郭鹏</p>',
    '<p>（完）</p>',
    '<p>记者 昨日在现场看到，工人们正忙着。</p>',
  ]) {
    const { findings, html: out } = applyRule(extractByline, html);
    assert.deepEqual(findings.authors, [], html);
    assert.equal(out, html);
  }
});

test('extract-byline: the seed\'s byline is 郭鹏 and leaves the body; front matter author wins', () => {
  const seed = realPosts()[0].html;
  const post = clean(seed);
  assert.deepEqual(post.authors, ['郭鹏']);
  assert.doesNotMatch(post.html, /□|郭鹏/);
  assert.deepEqual(clean(seed, [], { author: '编辑部' }).authors, ['编辑部']);
  assert.match(clean(seed, ['extract-byline']).html, /<p>□郭鹏<\/p>/);
});

test('extract-byline: no real finews post has a byline, and none loses its first sentence', () => {
  for (const { file, html } of realPosts().slice(1)) {
    const post = clean(html);
    assert.deepEqual(post.authors, [], file);
  }
});
