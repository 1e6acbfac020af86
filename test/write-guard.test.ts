// The output guard on its own: every clash between a file and a folder is refused, whichever comes first.
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import type { Diagnostic } from '../src/diagnostics.ts';
import { OutputGuard } from '../src/write/guard.ts';

const OUT = path.resolve('/tmp/site/dist');

function guarded(): { guard: OutputGuard; problems: Diagnostic[] } {
  const problems: Diagnostic[] = [];
  return { guard: new OutputGuard(OUT, problems), problems };
}

test('a file where known folders lie is refused, at any depth', () => {
  const { guard, problems } = guarded();
  assert.equal(guard.admit('a/b/c/index.html', 'posts/one.md'), path.join(OUT, 'a/b/c/index.html'));
  assert.equal(guard.admit('a/b/d/index.html', 'posts/two.md'), path.join(OUT, 'a/b/d/index.html'));
  for (const clash of ['a', 'a/b', 'a/b/c']) assert.equal(guard.admit(clash, 'posts/three.md'), undefined, clash);
  assert.equal(problems.length, 3);
  assert.match(problems[0].message, /"a" \(posts\/three\.md\) is a folder of another output \(posts\/one\.md\)/);
});

test('a file below a claimed file is refused, whether its nearer folders are known or not', () => {
  const { guard, problems } = guarded();
  assert.ok(guard.admit('x/index.html', 'posts/one.md'));
  assert.ok(guard.admit('x/y', 'posts/two.md'));
  // "x" is a known folder, "x/y" a file: the walk up from "x/y/z" must meet the file before the known folder.
  assert.equal(guard.admit('x/y/z/index.html', 'posts/three.md'), undefined);
  assert.match(problems[0].message, /lies in "x\/y", which is a file \(posts\/two\.md\)/);
  assert.equal(guard.admit('x/y/z/w/index.html', 'posts/four.md'), undefined);
  assert.match(problems[1].message, /lies in "x\/y", which is a file/);
  // Files beside the clashes are still admitted, and the clashing file keeps its path.
  assert.ok(guard.admit('x/other/index.html', 'posts/five.md'));
  assert.equal(guard.admit('x/y', 'posts/six.md'), undefined);
  assert.match(problems[2].message, /two outputs on one path "x\/y"/);
  assert.equal(problems.length, 3);
});
