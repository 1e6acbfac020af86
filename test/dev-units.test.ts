// Pure pieces of dev mode: request targets, change classification, the coalescing queue, template dependencies.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { templateClosure } from '../src/render/template-deps.ts';
import { ChangeQueue, classifyChange, emptyChangeSet, type ChangeSet } from '../src/serve/changes.ts';
import { injectClient } from '../src/serve/client-script.ts';
import { contentTypeOf, isLocalHostHeader, parseRequestTarget } from '../src/serve/request-path.ts';
import { makeSite } from './helpers.ts';

test('request targets are decoded once; dot segments, backslashes, control characters and bad escapes are refused', () => {
  assert.deepEqual(parseRequestTarget('/tag/%E7%94%B5%E5%8A%9B/?page=2'), { path: '/tag/电力/', query: '?page=2' });
  assert.deepEqual(parseRequestTarget('/%252e%252e/x'), { path: '/%2e%2e/x', query: '' });
  for (const bad of ['/../x', '/a/../../x', '/%2e%2e/x', '/%2E./x', '/..%2Fx', '/a/.', '/a\\b', '/%5c', '/a%00', '/%0d%0aSet-Cookie:x', '/%E0%A4%A', '/%', 'http://h/x', '*', '', undefined]) {
    assert.ok('refused' in parseRequestTarget(bad), String(bad));
  }
});

test('only local names pass the Host check; types carry a charset for text', () => {
  for (const ok of ['127.0.0.1:4000', 'localhost', 'localhost:4000', 'app.localhost:1', '[::1]:4000', '192.168.1.9:4000']) assert.ok(isLocalHostHeader(ok), ok);
  for (const bad of ['evil.example', 'evil.example:4000', '127.0.0.1.nip.io', undefined, '']) assert.ok(!isLocalHostHeader(bad), String(bad));
  assert.equal(contentTypeOf('a/index.html'), 'text/html; charset=utf-8');
  assert.equal(contentTypeOf('pagefind/x.wasm'), 'application/wasm');
  assert.equal(contentTypeOf('x.unknown'), 'application/octet-stream');
});

test('the client script goes before </body>, or at the end when there is none', () => {
  assert.match(injectClient('<html><body><p>x</p></body></html>', 7), /<p>x<\/p><script>[\s\S]*const served = 7;[\s\S]*<\/script><\/body><\/html>$/);
  assert.match(injectClient('<p>x</p>', 1), /^<p>x<\/p><script>/);
});

test('changes are sorted by where they are', () => {
  const where = { postsDir: '/s/posts', templatesDir: '/s/templates', publicDir: '/s/public', configFile: '/s/newsarchive.yml' };
  const changes = emptyChangeSet();
  assert.equal(classifyChange(changes, '/s/posts/a.md', where), true);
  assert.equal(classifyChange(changes, '/s/templates/partials/x.njk', where), true);
  assert.equal(classifyChange(changes, '/s/public/img/a.png', where), true);
  assert.equal(classifyChange(changes, '/s/newsarchive.yml', where), true);
  assert.equal(classifyChange(changes, '/s/dist/index.html', where), false);
  assert.equal(classifyChange(changes, '/s/posts-old/a.md', where), false);
  assert.deepEqual([...changes.posts], ['/s/posts/a.md']);
  assert.deepEqual([...changes.templates], ['partials/x.njk']);
  assert.deepEqual([...changes.publicFiles], ['img/a.png']);
  assert.equal(changes.config, true);
});

test('the queue runs one rebuild at a time and folds a burst of events into one or two', async () => {
  const runs: ChangeSet[] = [];
  let running = 0;
  let overlapped = false;
  const queue = new ChangeQueue(async (changes) => {
    overlapped ||= running > 0;
    running++;
    runs.push(changes);
    await new Promise((r) => setTimeout(r, 30));
    running--;
  }, 20);
  for (let i = 0; i < 1000; i++) {
    const c = emptyChangeSet();
    c.posts.add(`/p/${i}.md`);
    queue.push(c);
    if (i === 500) await new Promise((r) => setImmediate(r));
  }
  await queue.idle();
  assert.equal(overlapped, false);
  assert.ok(runs.length >= 1 && runs.length <= 2, `${runs.length} rebuilds`);
  assert.equal(runs.reduce((n, c) => n + c.posts.size, 0), 1000);
  queue.close();
});

test('a page template uses what it extends and includes, transitively; an expression means any', () => {
  const dir = makeSite({
    'post.njk': '{% extends "base.njk" %}',
    'base.njk': "{% include 'partials/nav.njk' %}{% from \"macros.njk\" import m %}",
    'partials/nav.njk': 'nav',
    'macros.njk': '',
    'list.njk': '{% extends "base.njk" %}{% include "partials/pagination.njk" %}',
    'dynamic.njk': '{% include page.partial %}',
  });
  assert.deepEqual([...templateClosure('post.njk', [dir])!].sort(), ['base.njk', 'macros.njk', 'partials/nav.njk', 'post.njk']);
  assert.ok(templateClosure('list.njk', [dir])!.has('partials/pagination.njk'));
  assert.equal(templateClosure('dynamic.njk', [dir]), undefined);
  fs.rmSync(path.join(dir), { recursive: true });
});
