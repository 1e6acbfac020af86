// `newsarchive dev` as users run it: the real CLI, its port, Ctrl-C, and what `build` never gets.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { test } from 'node:test';
import { makeSite, page, post, runCli } from './helpers.ts';
import { request, spawnDev } from './dev-helpers.ts';

const site = () => makeSite({ 'posts/2022-01-18-a.md': post({ title: '文章', categories: 'x' }) });

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

test('Ctrl-C stops dev cleanly: the process exits 0 and the port is free again', async () => {
  const { child, url, output } = await spawnDev(site(), ['--port', '0']);
  const port = Number(new URL(url).port);
  assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
  assert.equal((await request(url, '/')).status, 200);
  assert.equal(await portIsFree(port), false);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.kill('SIGINT');
  assert.equal(await exited, 0, output());
  assert.match(output(), /stopped/);
  assert.equal(await portIsFree(port), true);
});

test('an explicit port that is taken gives a clear message and exit code 2', async () => {
  const blocker = net.createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  const port = (blocker.address() as net.AddressInfo).port;
  try {
    const result = runCli(site(), ['dev', '--port', String(port)]);
    assert.equal(result.code, 2);
    assert.match(result.stderr, new RegExp(`port ${port} is in use on 127\\.0\\.0\\.1; stop the other server or pass --port N`));
  } finally {
    blocker.close();
  }
});

test('a bad --port is a usage error', () => {
  const result = runCli(site(), ['dev', '--port', 'abc']);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /--port must be a number/);
});

test('the live-reload script is only in pages the dev server sends, never in build output', async () => {
  const dir = site();
  const built = runCli(dir, ['build']);
  assert.equal(built.code, 0, built.stderr);
  for (const entry of fs.readdirSync(path.join(dir, 'dist'), { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) assert.doesNotMatch(fs.readFileSync(path.join(entry.parentPath, entry.name), 'utf8'), /__newsarchive|EventSource/, entry.name);
  }
  assert.equal(page(dir, 'index.html')('script').length, 0);
  const { child, url } = await spawnDev(dir, ['--port', '0']);
  try {
    const home = await request(url, '/');
    assert.match(home.body, /new EventSource\("\/__newsarchive\/events"\)/);
    assert.equal(home.body.replace(/<script>[\s\S]*?<\/script>(?=<\/body>)/, ''), fs.readFileSync(path.join(dir, 'dist/index.html'), 'utf8'));
    assert.doesNotMatch((await request(url, '/feed.xml')).body, /EventSource/);
  } finally {
    child.kill('SIGINT');
  }
});

test('with no build cache, dev cleans the posts on worker threads and serves what a build writes', async () => {
  const files: Record<string, string> = { 'newsarchive.yml': 'pageSize: 4\nsearch: false\n' };
  for (let d = 1; d <= 12; d++) files[`posts/2022-03-${String(d).padStart(2, '0')}-p${d}.md`] = post({ title: `第${d}篇`, categories: d % 2 ? '甲' : '乙', tags: `t${d % 3}` }, `<p>正文${d}。</p><script>alert(${d})</script>`);
  files['posts/2022-03-20-broken.md'] = '---\ntitle: 坏\ndate: 不是日期\n---\n正文\n';
  const dir = makeSite(files);
  // Older than the write grace: a finished file, not one still being written.
  const old = new Date(Date.now() - 5000);
  fs.utimesSync(path.join(dir, 'posts/2022-03-20-broken.md'), old, old);
  // Threads are asked for: a site this small would be read on one.
  const { child, url, output } = await spawnDev(dir, ['--port', '0'], { NEWSARCHIVE_THREADS: '2' });
  const served = new Map<string, string>();
  try {
    assert.match(output(), /13 posts read \(13 cleaned on worker threads\)/);
    assert.match(output(), /posts\/2022-03-20-broken\.md:3: error: invalid date/);
    const built = runCli(dir, ['build', '--skip-invalid']);
    assert.equal(built.code, 0, built.stderr);
    for (const entry of fs.readdirSync(path.join(dir, 'dist'), { recursive: true, withFileTypes: true })) {
      const file = path.relative(path.join(dir, 'dist'), path.join(entry.parentPath, entry.name)).split(path.sep).join('/');
      if (entry.isFile() && !file.startsWith('assets/')) served.set(file, (await request(url, `/${file.replace(/index\.html$/, '')}`)).body);
    }
  } finally {
    child.kill('SIGINT');
  }
  assert.ok(served.size > 30, `${served.size} files`);
  for (const [file, body] of served) assert.equal(body.replace(/<script>[\s\S]*?<\/script>(?=<\/body>)/, ''), fs.readFileSync(path.join(dir, 'dist', file), 'utf8'), file);
});
