// The dev server as an HTTP server: types, 404s, redirects, HEAD, and what it refuses (issue 7's dev-server part).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { makeSite, post, tempDir } from './helpers.ts';
import { eventually, listenStatus, request, startDev } from './dev-helpers.ts';

const SECRET = 'TOP-SECRET-不应泄露';
const SEARCH_SCRIPT = 'export const built = "by the last build";\n';
let site: string;
let dev: Awaited<ReturnType<typeof startDev>>;

before(async () => {
  site = makeSite({
    'posts/2022-01-18-dianli.md': post({ title: '电力新闻', categories: 'dazhongribao', tags: '电力' }, '<p>国网山东电力。</p>'),
    'posts/2022-01-19-caijing.md': post({ title: '财经新闻', categories: 'dazhongribao' }),
    'posts/2022-01-20-bare.md': post({ title: '无斜杠', categories: 'dazhongribao', permalink: '/notes/bare' }, '<p>没有斜杠的地址。</p>'),
    'public/big.bin': Buffer.alloc(5 * 1024 * 1024, 7),
    'public/data.json': '{"a":1}',
    'secret.txt': SECRET,
  });
  const outside = path.join(tempDir('outside'), 'secret.txt');
  fs.writeFileSync(outside, SECRET);
  fs.symlinkSync(outside, path.join(site, 'public', 'leak.txt'));
  fs.symlinkSync(path.join(site, 'secret.txt'), path.join(site, 'public', 'leak2.txt'));
  // A search index as a build leaves it in the output folder (dev makes none), with a link out of it.
  fs.mkdirSync(path.join(site, 'dist', 'pagefind'), { recursive: true });
  fs.writeFileSync(path.join(site, 'dist', 'pagefind', 'pagefind.js'), SEARCH_SCRIPT);
  fs.symlinkSync(outside, path.join(site, 'dist', 'pagefind', 'leak.txt'));
  dev = await startDev(site);
});

after(async () => {
  await dev.close();
  fs.rmSync(site, { recursive: true, force: true });
});

test('pages are served with their type and charset, nosniff, and no caching', async () => {
  const home = await request(dev.url, '/');
  assert.equal(home.status, 200);
  assert.equal(home.headers['content-type'], 'text/html; charset=utf-8');
  assert.equal(home.headers['x-content-type-options'], 'nosniff');
  assert.equal(home.headers['cache-control'], 'no-store');
  assert.match(home.body, /电力新闻/);
  assert.equal((await request(dev.url, '/assets/style.css')).headers['content-type'], 'text/css; charset=utf-8');
  assert.equal((await request(dev.url, '/feed.xml')).headers['content-type'], 'application/atom+xml; charset=utf-8');
  assert.equal((await request(dev.url, '/data.json')).headers['content-type'], 'application/json; charset=utf-8');
  assert.equal((await request(dev.url, '/sitemap.xml')).headers['x-content-type-options'], 'nosniff');
});

test('/foo/ serves foo/index.html, /foo redirects to /foo/ keeping the query, unknown paths get the 404 page', async () => {
  const article = await request(dev.url, '/dazhongribao/2022/01/18/dianli/');
  assert.equal(article.status, 200);
  assert.match(article.body, /国网山东电力/);
  const bare = await request(dev.url, '/dazhongribao/2022/01/18/dianli?x=1');
  assert.equal(bare.status, 301);
  assert.equal(bare.headers.location, '/dazhongribao/2022/01/18/dianli/?x=1');
  const missing = await request(dev.url, '/no/such/page/');
  assert.equal(missing.status, 404);
  assert.match(missing.body, /页面不存在/);
  assert.equal(missing.headers['content-type'], 'text/html; charset=utf-8');
  // `//host` must not become a redirect to another host.
  const slashes = await request(dev.url, '//evil.example/');
  assert.notEqual(slashes.status, 301);
});

test('a URL without a trailing slash or an extension serves the .html file a build writes for it, as static hosts do', async () => {
  const bare = await request(dev.url, '/notes/bare?x=1');
  assert.equal(bare.status, 200);
  assert.equal(bare.headers['content-type'], 'text/html; charset=utf-8');
  assert.match(bare.body, /没有斜杠的地址/);
  assert.equal((await request(dev.url, '/notes/bare.html')).status, 200);
  assert.match((await request(dev.url, '/')).body, /href="\/notes\/bare"/, 'the site links it so');
});

test('a page served by an earlier run of dev reloads after a restart: each run counts its versions on from its start', async () => {
  const served = Number(/const served = (\d+)/.exec((await request(dev.url, '/')).body)![1]);
  const next = await startDev(site);
  try {
    const status = await listenStatus(next.url);
    const first = await eventually(() => status.messages[0], 'the new run\'s status');
    status.close();
    assert.ok(first.version > served, `${first.version} after ${served}`);
  } finally {
    await next.close();
  }
});

test('HEAD answers with the headers of GET and no body; other methods get 405', async () => {
  const get = await request(dev.url, '/');
  const head = await request(dev.url, '/', { method: 'HEAD' });
  assert.equal(head.status, 200);
  assert.equal(head.body, '');
  assert.equal(head.headers['content-length'], get.headers['content-length']);
  const bigHead = await request(dev.url, '/big.bin', { method: 'HEAD' });
  assert.equal(bigHead.headers['content-length'], String(5 * 1024 * 1024));
  const post_ = await request(dev.url, '/', { method: 'POST' });
  assert.equal(post_.status, 405);
  assert.equal(post_.headers.allow, 'GET, HEAD');
});

test('no path outside the site can be read, in any spelling', async () => {
  const attempts = [
    '/../secret.txt',
    '/../../../../etc/passwd',
    '/%2e%2e/secret.txt',
    '/%2E%2E/%2E%2E/etc/passwd',
    '/..%2fsecret.txt',
    '/..%2F..%2F..%2Fetc%2Fpasswd',
    '/assets/..%5c..%5csecret.txt',
    '/..\\secret.txt',
    '/%5c..%5csecret.txt',
    '/.%2e/secret.txt',
    '/%252e%252e/secret.txt',
    '/secret.txt%00.html',
    '/./secret.txt',
    '/leak.txt',
    '/leak2.txt',
    '/secret.txt',
    '/__newsarchive/../secret.txt',
    '/__newsarchive/events/../../secret.txt',
    '/pagefind/leak.txt',
    '/pagefind/../secret.txt',
    '/pagefind/%2e%2e/%2e%2e/secret.txt',
    '/pagefind/..%2f..%2fsecret.txt',
  ];
  for (const attempt of attempts) {
    const res = await request(dev.url, attempt);
    assert.ok([400, 404].includes(res.status), `${attempt} gave ${res.status}`);
    assert.doesNotMatch(res.body, /TOP-SECRET|root:x:0/, attempt);
  }
  assert.equal((await request(dev.url, '/../secret.txt')).status, 400);
  assert.equal((await request(dev.url, '/%2e%2e/secret.txt')).status, 400);
});

test('the last build\'s search index is served as it is, under /pagefind/', async () => {
  const res = await request(dev.url, '/pagefind/pagefind.js');
  assert.equal(res.status, 200);
  assert.equal(res.body, SEARCH_SCRIPT);
  assert.match(String(res.headers['content-type']), /^text\/javascript/);
  assert.equal((await request(dev.url, '/pagefind/pagefind-entry.json')).status, 404);
  // Read on each request: what a build writes meanwhile is served.
  fs.writeFileSync(path.join(site, 'dist', 'pagefind', 'pagefind-entry.json'), '{"version":"1"}');
  assert.equal((await request(dev.url, '/pagefind/pagefind-entry.json')).body, '{"version":"1"}');
});

test('malformed request targets give 400 and the server goes on', async () => {
  for (const bad of ['/%E0%A4%A', '/%', '/%zz', '/a%0Ab']) assert.equal((await request(dev.url, bad)).status, 400, bad);
  // Absolute-form and asterisk-form targets, sent raw.
  for (const line of ['GET http://evil.example/../secret.txt HTTP/1.1', 'GET * HTTP/1.1', 'GET /\x01 HTTP/1.1']) {
    const reply = await rawRequest(dev.url, `${line}\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`);
    assert.match(reply, /^HTTP\/1\.1 400/, line);
  }
  assert.equal((await request(dev.url, '/')).status, 200);
});

test('a Host other than localhost or an IP address is refused (DNS rebinding)', async () => {
  assert.equal((await request(dev.url, '/', { headers: { host: 'evil.example:4000' } })).status, 403);
  assert.equal((await request(dev.url, '/', { headers: { host: `localhost:${dev.port}` } })).status, 200);
});

test('the reload channel only ever sends the status, to this site\'s own pages', async () => {
  const res = await new Promise<{ status: number; type?: string; body: string }>((resolve) => {
    http.get({ host: '127.0.0.1', port: dev.port, path: '/__newsarchive/events?file=../../etc/passwd&path=/secret.txt', agent: false }, (r) => {
      let body = '';
      r.setEncoding('utf8');
      r.on('data', (c) => {
        body += c;
        if (/^data: .*\n\n/m.test(body)) {
          r.destroy();
          resolve({ status: r.statusCode!, type: r.headers['content-type'], body });
        }
      });
    });
  });
  assert.equal(res.status, 200);
  assert.equal(res.type, 'text/event-stream; charset=utf-8');
  const data = JSON.parse(/^data: (.*)$/m.exec(res.body)![1]);
  assert.deepEqual(Object.keys(data).sort(), ['errors', 'version']);
  assert.doesNotMatch(res.body, /TOP-SECRET|root:x:0/);
  assert.equal((await request(dev.url, '/__newsarchive/events', { headers: { origin: 'http://evil.example' } })).status, 403);
  assert.equal((await request(dev.url, '/__newsarchive/client.js')).status, 404);
});

test('200 concurrent requests are all answered', async () => {
  const paths = ['/', '/feed.xml', '/assets/style.css', '/dazhongribao/2022/01/18/dianli/', '/nope/'];
  const results = await Promise.all(Array.from({ length: 200 }, (_, i) => request(dev.url, paths[i % paths.length])));
  assert.deepEqual(
    results.map((r) => r.status),
    Array.from({ length: 200 }, (_, i) => (i % paths.length === 4 ? 404 : 200)),
  );
  const channels = await Promise.all(Array.from({ length: 20 }, () => listenStatus(dev.url)));
  for (const c of channels) c.close();
  assert.equal((await request(dev.url, '/')).status, 200);
});

test('a client that disconnects mid-response does not hurt the server', async () => {
  for (let i = 0; i < 5; i++) {
    await new Promise<void>((resolve) => {
      const req = http.get({ host: '127.0.0.1', port: dev.port, path: '/big.bin', agent: false }, (res) => {
        res.once('data', () => {
          req.destroy();
          resolve();
        });
      });
      req.on('error', () => undefined);
    });
  }
  const reply = await rawRequest(dev.url, 'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n', true);
  assert.equal(reply, '');
  const big = await request(dev.url, '/big.bin');
  assert.equal(big.status, 200);
  assert.equal(big.body.length, 5 * 1024 * 1024);
});

test('it listens on loopback only', async () => {
  const outside = Object.values(os.networkInterfaces()).flat().find((a) => a && a.family === 'IPv4' && !a.internal);
  if (!outside) return;
  const reached = await new Promise<boolean>((resolve) => {
    const socket = net.connect({ host: outside.address, port: dev.port }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
  assert.equal(reached, false, `reachable on ${outside.address}`);
});

/** Sends `text` on a fresh socket and returns what comes back; `hangUp` closes before any answer. */
function rawRequest(base: string, text: string, hangUp = false): Promise<string> {
  const url = new URL(base);
  return new Promise((resolve) => {
    let reply = '';
    const socket = net.connect({ host: url.hostname, port: Number(url.port) }, () => {
      socket.write(text);
      if (hangUp) socket.destroy();
    });
    socket.setEncoding('utf8');
    socket.on('data', (c) => (reply += c));
    socket.on('close', () => resolve(reply));
    socket.on('error', () => resolve(reply));
  });
}
