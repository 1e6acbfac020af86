// `newsarchive new`: a correctly named post file with its front matter.
import fs from 'node:fs';
import path from 'node:path';
import type { ResolvedConfig } from './config.js';
import { BuildError } from './diagnostics.js';
import { zonedParts } from './dates.js';
import { slugify } from './model/index.js';

export interface NewPost {
  title: string;
  category?: string;
  tags: string[];
  now: Date;
}

/** Writes `posts/YYYY-MM-DD-<pinyin-slug>.md` and returns its path relative to the site root. */
export function createPost(config: ResolvedConfig, post: NewPost): string {
  const p = zonedParts(post.now, config.timeZone);
  const pad = (n: number) => String(n).padStart(2, '0');
  const offset = `${p.offsetMinutes < 0 ? '-' : '+'}${pad(Math.floor(Math.abs(p.offsetMinutes) / 60))}${pad(Math.abs(p.offsetMinutes) % 60)}`;
  const day = `${p.year}-${pad(p.month)}-${pad(p.day)}`;
  const relative = path.join(config.postsDir, `${day}-${slugify(post.title)}.md`);
  const file = path.resolve(config.root, relative);
  const lines = [
    '---',
    'layout: post',
    `title: ${JSON.stringify(post.title)}`,
    `date: ${day} ${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)} ${offset}`,
    ...(post.category ? [`categories: ${JSON.stringify(post.category)}`] : []),
    ...(post.tags.length ? [`tags: [${post.tags.map((t) => JSON.stringify(t)).join(', ')}]`] : []),
    '---',
    '',
    '正文从这里开始。',
    '',
  ];
  fs.mkdirSync(path.dirname(file), { recursive: true });
  try {
    fs.writeFileSync(file, lines.join('\n'), { flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new BuildError('a post with that name exists', [{ severity: 'error', file: relative, message: 'the file already exists; choose another title' }], 2);
    }
    throw err;
  }
  return relative.split(path.sep).join('/');
}
