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
