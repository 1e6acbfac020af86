// The commit of a rebuild at its edges: killed or failing at any file, a page that becomes a folder
// (or a URL that changes only its case), an output folder that is a link, folders beside it that
// only look like a build's. Each time the previous site is kept whole or the new one is a cold build's.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { commitChanges, recoverJournals } from '../src/write/journal.ts';
import { openStaging } from '../src/write/staging.ts';
import { CLI, coldSnapshot, makeSite, post, runCli, snapshot, tempDir } from './helpers.ts';

function write(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}

/** Runs `action` with fs.renameSync stopping the process (a throw standing in for SIGKILL) right after its `n`-th rename (`from`: its `n`-th out of a backup folder). */
function killedAfter(n: number, which: 'any' | 'from', action: () => void): boolean {
  const real = fs.renameSync;
  let seen = 0;
  fs.renameSync = ((from: fs.PathLike, to: fs.PathLike) => {
    real(from, to);
    if ((which === 'any' || String(from).includes('.backup-')) && ++seen === n) throw Object.assign(new Error('killed'), { code: 'EKILLED' });
  }) as typeof fs.renameSync;
  try {
    action();
    return false;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EKILLED') throw err;
    return true;
  } finally {
    fs.renameSync = real;
  }
}

test('a commit killed after any of its moves, and its recovery killed in turn after any of its own, leave the previous site exactly', () => {
  for (let n = 1, k = 1; ; k = k === 4 ? 1 : k + 1, n += k === 1 ? 1 : 0) {
    const root = tempDir('commit-kill');
    const outDir = path.join(root, 'dist');
    for (const name of ['a', 'b', 'd', 'e', 'x.html']) write(path.join(outDir, name.endsWith('.html') ? name : `${name}/index.html`), `old ${name}`);
    const original = snapshot(outDir);
    const staging = openStaging(outDir);
    // a and d change, c is new, b goes; x.html becomes the folder x.html/ (its old file removed first).
    const changed = ['a/index.html', 'c/index.html', 'd/index.html', 'x.html/index.html'].map((relative, i) => {
      write(path.join(staging, '.changed', String(i)), `new ${relative}`);
      return { relative, staged: path.join(staging, '.changed', String(i)) };
    });
    const killed = killedAfter(n, 'any', () => commitChanges(outDir, staging, changed, ['b/index.html', 'x.html']));
    if (!killed) {
      assert.equal(fs.readFileSync(path.join(outDir, 'x.html/index.html'), 'utf8'), 'new x.html/index.html', 'the commit ran through');
      assert.ok(n > 3, 'some kills were tried');
      break;
    }
    // The next build's recovery, itself killed once it put k files back (x.html among them: its
    // new folder's page was deleted before), then run again.
    killedAfter(k, 'from', () => recoverJournals(outDir));
    recoverJournals(outDir);
    assert.deepEqual(snapshot(outDir), original, `killed after move ${n}, the recovery after ${k}`);
    assert.ok(fs.statSync(path.join(outDir, 'x.html')).isFile(), 'x.html a page again');
    assert.deepEqual(fs.readdirSync(root).filter((name) => !name.startsWith('dist.staging-')), ['dist'], `killed after move ${n}, the recovery after ${k}: nothing left beside the site`);
  }
});

test('a build whose commit fails part way (a folder it may not write to) leaves the previous site exactly, and the next one builds', () => {
  const site = makeSite({ 'newsarchive.yml': 'title: 测试\nsearch: false\n' });
  for (let day = 1; day <= 30; day++) write(path.join(site, `posts/2022-01-${String(day).padStart(2, '0')}-p${day}.md`), post({ title: `第${day}篇`, date: `2022-01-${String(day).padStart(2, '0')} 10:00:00 +0800`, categories: 'x' }));
  assert.equal(runCli(site, ['build']).code, 0);
  const before = snapshot(path.join(site, 'dist'));
  // Three articles' bodies corrected: a commit of a few files, moved in one by one.
  for (const day of [3, 4, 5]) write(path.join(site, `posts/2022-01-0${day}-p${day}.md`), post({ title: `第${day}篇`, date: `2022-01-0${day} 10:00:00 +0800`, categories: 'x' }, '<p>更正后的正文。</p>'));
  // The third file the commit moves in fails, as a rename into a read-only folder does.
  const preload = path.join(tempDir('preload'), 'fail.mjs');
  fs.writeFileSync(preload, `import fs from 'node:fs';\nconst real = fs.renameSync; let seen = 0;\nfs.renameSync = function (from, to) {\n  if (String(from).includes('.staging-') && !String(to).includes('.staging-') && ++seen === 3) throw Object.assign(new Error(\`EPERM: operation not permitted, rename '\${from}' -> '\${to}'\`), { code: 'EPERM', syscall: 'rename', path: String(from), dest: String(to) });\n  return real.apply(this, arguments);\n};\n`);
  const failed = spawnSync(process.execPath, ['--import', preload, CLI, 'build'], { cwd: site, encoding: 'utf8', env: { ...process.env, NEWSARCHIVE_THREADS: '1' } });
  assert.equal(failed.status, 1, failed.stderr);
  assert.match(failed.stderr, /^newsarchive: EPERM: operation not permitted, rename '[^']+\.staging-\d+[^']*' -> '[^']+dist[^']*'$/m, 'the system\'s message, no stack trace');
  assert.doesNotMatch(failed.stderr, /^\s+at /m);
  assert.deepEqual(snapshot(path.join(site, 'dist')), before, 'the site as it was');
  assert.deepEqual(fs.readdirSync(site).sort(), ['.cache', 'dist', 'newsarchive.yml', 'posts']);
  assert.equal(runCli(site, ['build']).code, 0);
  assert.deepEqual(snapshot(path.join(site, 'dist')), coldSnapshot(site));
});

test('a page that becomes a folder of the same name, the other way round, or a URL that changes only its case: the rebuild is a cold build', () => {
  // Enough posts that such a change is committed file by file, not as a whole new folder.
  const site = makeSite({ 'newsarchive.yml': 'title: 测试\nsearch: false\n' });
  for (let day = 1; day <= 28; day++) write(path.join(site, `posts/2021-12-${String(day).padStart(2, '0')}-p${day}.md`), post({ title: `第${day}篇`, date: `2021-12-${String(day).padStart(2, '0')} 10:00:00 +0800`, categories: `c${day % 5}` }));
  const steps = ['/foo.x', '/foo.x/', '/foo.x', '/Foo/', '/foo/'];
  for (const permalink of steps) {
    write(path.join(site, 'posts/2022-01-02-b.md'), post({ title: '二', date: '2022-01-02 10:00:00 +0800', permalink }));
    const result = runCli(site, ['build']);
    assert.equal(result.code, 0, `${permalink}: ${result.stderr}`);
    if (permalink !== steps[0]) assert.match(result.stdout, /, [1-9]\d? files written/, `${permalink}: a few files committed`);
    assert.deepEqual(snapshot(path.join(site, 'dist')), coldSnapshot(site), permalink);
  }
});

test('an output folder that is a link: the site is built into the folder it links to, the link stays, nothing beside that folder is touched', () => {
  const root = tempDir('linked-out');
  const site = path.join(root, 'site');
  write(path.join(site, 'newsarchive.yml'), 'title: 测试\nsearch: false\n');
  write(path.join(site, 'posts/2022-01-01-a.md'), post({ title: '一', date: '2022-01-01 10:00:00 +0800' }));
  write(path.join(root, 'www/old.txt'), 'the folder as it was');
  write(path.join(root, 'keep/precious.txt'), 'not the site\'s');
  fs.symlinkSync('../www', path.join(site, 'dist'));
  for (const step of ['cold', 'edit']) {
    if (step === 'edit') write(path.join(site, 'posts/2022-01-02-b.md'), post({ title: '二', date: '2022-01-02 10:00:00 +0800' }));
    const result = runCli(site, ['build']);
    assert.equal(result.code, 0, result.stderr);
    assert.ok(fs.lstatSync(path.join(site, 'dist')).isSymbolicLink(), `${step}: the link stays`);
    assert.ok(fs.existsSync(path.join(root, 'www/index.html')), `${step}: the site is in the linked folder`);
    assert.deepEqual(fs.readdirSync(root).sort(), ['keep', 'site', 'www'], step);
    assert.equal(fs.readFileSync(path.join(root, 'keep/precious.txt'), 'utf8'), 'not the site\'s');
  }
  assert.match(fs.readFileSync(path.join(root, 'www/index.html'), 'utf8'), /二/);
  assert.deepEqual(snapshot(path.join(root, 'www')), coldSnapshot(site));
  // A build killed while it swapped the linked folder in left it aside: the link dangles, and the
  // next build puts it back.
  const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
  fs.renameSync(path.join(root, 'www'), path.join(root, `www.old-${dead}`));
  write(path.join(site, 'posts/2022-01-03-c.md'), post({ title: '三', date: '2022-01-03 10:00:00 +0800' }));
  const after = runCli(site, ['build']);
  assert.equal(after.code, 0, after.stderr);
  assert.deepEqual(fs.readdirSync(root).sort(), ['keep', 'site', 'www']);
  assert.deepEqual(snapshot(path.join(root, 'www')), coldSnapshot(site));
});

test('a recovery plan left without its journal goes; one left for another commit (a process number come again) is not carried out', () => {
  const root = tempDir('stale-plan');
  const outDir = path.join(root, 'dist');
  write(path.join(outDir, 'a/index.html'), 'old a');
  write(path.join(outDir, 'b/index.html'), 'new b');
  write(path.join(root, 'dist.backup-4242/0'), 'old b');
  fs.mkdirSync(path.join(root, 'dist.staging-4242'));
  fs.writeFileSync(path.join(root, 'dist.journal-4242'), JSON.stringify({ changed: ['b/index.html'], staged: ['.changed/0'], removed: [], format: 3 }));
  // A plan an earlier commit of a process 4242 left: it would put backup slot 0 on a/.
  fs.writeFileSync(path.join(root, 'dist.recovery-4242'), JSON.stringify({ journal: '{"changed":["a/index.html"]}', steps: [['restore', path.join(root, 'dist.backup-4242/0'), 'a/index.html']] }));
  fs.writeFileSync(path.join(root, 'dist.recovery-77'), JSON.stringify({ journal: 'gone', steps: [] }));
  openStaging(outDir);
  assert.deepEqual(snapshot(outDir), new Map([[path.join('a', 'index.html'), 'old a'], [path.join('b', 'index.html'), 'old b']]));
  assert.deepEqual(fs.readdirSync(root).filter((name) => !name.startsWith('dist.staging-') || name === 'dist.staging-4242'), ['dist']);
});

test('folders beside the output folder that only look like a build\'s leftovers (no process number) are left alone', () => {
  const site = makeSite({ 'newsarchive.yml': 'title: 测试\nsearch: false\n', 'posts/2022-01-01-a.md': post({ title: '一', date: '2022-01-01 10:00:00 +0800' }) });
  assert.equal(runCli(site, ['build']).code, 0);
  for (const name of ['dist.backup-before-redesign', 'dist.old-2023x', 'dist.staging-notes']) write(path.join(site, name, 'notes.txt'), 'mine');
  write(path.join(site, 'posts/2022-01-02-b.md'), post({ title: '二', date: '2022-01-02 10:00:00 +0800' }));
  assert.equal(runCli(site, ['build']).code, 0);
  assert.deepEqual(fs.readdirSync(site).sort(), ['.cache', 'dist', 'dist.backup-before-redesign', 'dist.old-2023x', 'dist.staging-notes', 'newsarchive.yml', 'posts']);
});

test('a template linked from elsewhere is a template: changing it re-renders; a page a public file stood in for comes back when that file goes', () => {
  const root = tempDir('linked-templates');
  const site = path.join(root, 'site');
  write(path.join(site, 'newsarchive.yml'), 'title: 测试\nsearch: false\n');
  write(path.join(site, 'posts/2022-01-01-a.md'), post({ title: '一', date: '2022-01-01 10:00:00 +0800' }));
  write(path.join(root, 'theme/post.njk'), fs.readFileSync(path.join(import.meta.dirname, '..', 'templates', 'post.njk'), 'utf8'));
  fs.mkdirSync(path.join(site, 'templates'));
  fs.symlinkSync(path.join(root, 'theme/post.njk'), path.join(site, 'templates/post.njk'));
  write(path.join(site, 'public/404.html'), 'custom 404');
  assert.equal(runCli(site, ['build']).code, 0);
  const theme = path.join(root, 'theme/post.njk');
  fs.writeFileSync(theme, fs.readFileSync(theme, 'utf8').replace('</article>', '<p>改过的模板</p></article>'));
  fs.rmSync(path.join(site, 'public/404.html'));
  assert.equal(runCli(site, ['build']).code, 0);
  const built = snapshot(path.join(site, 'dist'));
  assert.match([...built].find(([file]) => file.endsWith(`a${path.sep}index.html`))![1], /改过的模板/);
  assert.notEqual(built.get('404.html'), 'custom 404');
  assert.deepEqual(built, coldSnapshot(site));
});

test('a generated file a public/ file stood in for comes back when that file goes, with nothing else changed', () => {
  const site = makeSite({ 'newsarchive.yml': 'title: 测试\nsearch: false\n' });
  for (let day = 1; day <= 12; day++) write(path.join(site, `posts/2022-01-${String(day).padStart(2, '0')}-p${day}.md`), post({ title: `第${day}篇`, date: `2022-01-${String(day).padStart(2, '0')} 10:00:00 +0800`, categories: 'x' }));
  assert.equal(runCli(site, ['build']).code, 0);
  write(path.join(site, 'public/feed.xml'), 'STATIC');
  write(path.join(site, 'public/x/2022/01/03/p3/index.html'), 'STATIC PAGE');
  const replaced = runCli(site, ['build']);
  assert.match(replaced.stderr, /public\/feed\.xml replaces the generated feed\.xml/);
  assert.equal(fs.readFileSync(path.join(site, 'dist/feed.xml'), 'utf8'), 'STATIC');
  fs.rmSync(path.join(site, 'public'), { recursive: true });
  for (const round of ['first', 'second']) {
    assert.equal(runCli(site, ['build']).code, 0);
    assert.deepEqual(snapshot(path.join(site, 'dist')), coldSnapshot(site), `${round} build after the static files went`);
  }
});
