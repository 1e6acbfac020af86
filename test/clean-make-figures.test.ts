import assert from 'node:assert/strict';
import { test } from 'node:test';
import { makeFigures } from '../src/clean/rules/make-figures.ts';
import { applyRule, clean, realPosts } from './clean-helpers.ts';

test('make-figures: an image followed by a caption or credit becomes a figure with a figcaption', () => {
  for (const caption of ['图片来源：霍尼韦尔官网', '图为工作人员在调试设备。', '（新华社发）', '新华社记者 王明 摄', '资料图', '视觉中国', '（新华社记者 李华摄）']) {
    for (const image of ['<img src="a.jpg">', '<p style="text-align:center"><img src="a.jpg"></p>']) {
      const { $ } = applyRule(makeFigures, `<p>前文。</p>${image}<p style="text-align:center;">${caption}</p><p>后文。</p>`);
      assert.equal($('figure > img + figcaption').length, 1, `${image} ${caption}`);
      assert.equal($('figcaption').text(), caption);
      assert.deepEqual($('p').map((_, p) => $(p).text()).get(), ['前文。', '后文。']);
    }
  }
});

test('make-figures: prose after an image, and an image inside prose, are left alone', () => {
  for (const html of [
    '<p><img src="a.jpg"></p><p>公司建有两套装置，产能约8000吨/年。</p>',
    '<p>文字<img src="a.jpg">文字</p><p>图片来源：网络</p>',
    '<p><img src="a.jpg"></p><p>新华社北京1月18日电 国务院新闻办公室18日举行发布会，介绍有关情况。</p>',
  ]) assert.equal(applyRule(makeFigures, html).html, html);
});

test('make-figures: the real stock post shows its photo with its credit as a caption; other images stay plain', () => {
  const posts = realPosts().filter((p) => p.html.includes('图片来源'));
  assert.ok(posts.length >= 2);
  for (const { file, html } of posts) {
    const { $ } = clean(html);
    assert.equal($('figure').length, 1, file);
    assert.equal($('figure figcaption').text(), '图片来源：霍尼韦尔官网', file);
    assert.match($('figure img').attr('src')!, /D24676903417074885805_w800h555\.jpg$/, file);
    assert.equal($('img').length, 4, file);
  }
});
