// Which templates a page template pulls in, so an edited partial re-renders only the pages using it.
import fs from 'node:fs';
import path from 'node:path';

// `{% extends "base.njk" %}`, `{% include 'partials/x.njk' %}`, `{% import "m.njk" as m %}`, `{% from "m.njk" import f %}`.
const LITERAL = /\{%-?\s*(?:extends|include|import|from)\s+(["'])([^"']+)\1/g;
const ANY = /\{%-?\s*(?:extends|include|import|from)\s/g;

/** The templates `name` uses, itself included; `undefined` when it names one by an expression (so: any). */
export function templateClosure(name: string, searchPaths: string[]): Set<string> | undefined {
  const seen = new Set<string>();
  const stack = [name];
  while (stack.length) {
    const current = stack.pop()!;
    if (seen.has(current)) continue;
    seen.add(current);
    const source = readTemplate(current, searchPaths);
    if (source === undefined) continue;
    const literal = [...source.matchAll(LITERAL)].map((m) => m[2]);
    if ((source.match(ANY) ?? []).length > literal.length) return undefined;
    stack.push(...literal);
  }
  return seen;
}

function readTemplate(name: string, searchPaths: string[]): string | undefined {
  for (const dir of searchPaths) {
    const file = path.join(dir, name);
    if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8');
  }
  return undefined;
}
