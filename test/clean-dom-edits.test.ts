// The clean rules edit the tree with dom.ts's helpers instead of cheerio's wrappers. The rules read
// the sibling links those edits leave (nextElement, previousElement, removeBlock), so the helpers
// must leave the very tree cheerio left, link for link: then the output cannot change.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { load, type CheerioAPI } from 'cheerio';
import type { AnyNode, Element, ParentNode } from 'domhandler';
import fc from 'fast-check';
import { append, createElement, empty, insertBefore, remove, unwrap } from '../src/clean/dom.ts';

/** Every node below the root, in document order. */
function nodesOf($: CheerioAPI): AnyNode[] {
  const out: AnyNode[] = [];
  const visit = (parent: ParentNode) => {
    for (const child of parent.children) {
      out.push(child);
      if ('children' in child) visit(child as ParentNode);
    }
  };
  visit($.root()[0]);
  return out;
}

/** The tree as data: each node's kind and its links as positions (null and undefined kept apart). */
function shape($: CheerioAPI): string {
  const nodes = nodesOf($);
  const root = $.root()[0];
  const at = (n: AnyNode | null | undefined) => (n === undefined ? 'undef' : n === null ? 'null' : n === root ? 'root' : nodes.indexOf(n));
  return JSON.stringify(nodes.map((n) => [n.type === 'tag' ? (n as Element).name : n.type, at(n.parent), at(n.prev), at(n.next)]));
}

type Edit = { op: 'remove' | 'unwrap' | 'before' | 'appendNode' | 'appendChildren' | 'empty'; a: number; b: number };

function isInside(node: AnyNode, ancestor: AnyNode): boolean {
  for (let n: AnyNode | null = node; n; n = n.parent) if (n === ancestor) return true;
  return false;
}

/** Applies `edit` with cheerio (`viaCheerio`) or with the helpers; false when it does not apply to this tree. */
function applyEdit($: CheerioAPI, edit: Edit, viaCheerio: boolean): boolean {
  const nodes = nodesOf($);
  if (!nodes.length) return false;
  const a = nodes[edit.a % nodes.length];
  const b = nodes[edit.b % nodes.length];
  const isParent = (n: AnyNode): n is Element => n.type === 'tag';
  switch (edit.op) {
    case 'remove':
      if (viaCheerio) $(a).remove();
      else remove(a);
      return true;
    case 'unwrap':
      if (!isParent(a)) return false;
      if (viaCheerio) $(a).replaceWith(a.children);
      else unwrap(a);
      return true;
    case 'before': {
      const made = createElement('i');
      if (viaCheerio) $(a).before(made);
      else insertBefore(a, made);
      return true;
    }
    case 'appendNode':
      if (!isParent(a) || isInside(a, b)) return false;
      if (viaCheerio) $(a).append(b);
      else append(a, b);
      return true;
    case 'appendChildren':
      if (!isParent(a) || !isParent(b) || isInside(a, b)) return false;
      if (viaCheerio) $(a).append(b.children);
      else append(a, b.children);
      return true;
    case 'empty':
      if (!isParent(a)) return false;
      if (viaCheerio) $(a).empty();
      else empty(a);
      return true;
  }
}

const fragment = fc.letrec<{ node: string }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small' },
    fc.constantFrom('字', ' ', '\n', '<br>', '<!-- c -->', '<img src="a.jpg">', '<span></span>', '<font></font>'),
    fc.tuple(fc.constantFrom('p', 'div', 'span', 'b', 'font'), fc.array(tie('node'), { maxLength: 4 })).map(([tag, kids]) => `<${tag}>${kids.join('')}</${tag}>`),
  ),
})).node;

const edits = fc.array(
  fc.record({ op: fc.constantFrom<Edit['op']>('remove', 'unwrap', 'before', 'appendNode', 'appendChildren', 'empty'), a: fc.nat(40), b: fc.nat(40) }),
  { minLength: 1, maxLength: 6 },
);

test('the tree edits leave exactly the tree cheerio left: children, parents and sibling links, quirks included', () => {
  fc.assert(
    fc.property(fc.array(fragment, { minLength: 1, maxLength: 6 }), edits, (parts, steps) => {
      const html = parts.join('');
      const viaCheerio = load(html, null, false);
      const viaHelpers = load(html, null, false);
      for (const edit of steps) {
        // The same node positions on both sides: the trees are equal before each edit.
        const applied = applyEdit(viaCheerio, edit, true);
        assert.equal(applyEdit(viaHelpers, edit, false), applied);
        assert.equal(shape(viaHelpers), shape(viaCheerio), `after ${JSON.stringify(edit)} on ${html}`);
      }
      assert.equal(viaHelpers.html(), viaCheerio.html());
    }),
    { numRuns: 2000, seed: 11 },
  );
});

test('unwrapping an empty element leaves its neighbours unlinked, as cheerio did (the rules see no sibling past it)', () => {
  const $ = load('<p>甲</p><font></font><p>乙</p>', null, false);
  const [first, font, last] = $.root()[0].children;
  unwrap(font as Element);
  assert.equal($.html(), '<p>甲</p><p>乙</p>');
  assert.equal(first.next, undefined);
  assert.equal(last.prev, undefined);
});
