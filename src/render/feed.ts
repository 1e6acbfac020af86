// Atom feeds: the latest posts with their full content.
import { isoInZone } from '../dates.js';
import type { PostEntry } from '../types.js';
import type { UrlMaker } from './site-urls.js';
import { xmlEscape } from './xml.js';

/** What a feed is about. */
export interface FeedInfo {
  title: string;
  /** Site-relative URL of the feed itself. */
  feedUrl: string;
  /** Site-relative URL of the page the feed mirrors. */
  pageUrl: string;
  subtitle?: string;
}

/**
 * An Atom 1.0 document for `entries` (already newest first and cut to size), in parts: its head,
 * then each entry's head, content and end (see utf8Of). A feed holds the full content of its posts.
 */
export function atomFeedParts(info: FeedInfo, entries: PostEntry[], urls: UrlMaker, timeZone: string): string[] {
  const updated = entries[0] ? isoInZone(entries[0].post.date, timeZone) : '1970-01-01T00:00:00Z';
  const head = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="zh-CN">
<title>${xmlEscape(info.title)}</title>
${info.subtitle ? `<subtitle>${xmlEscape(info.subtitle)}</subtitle>\n` : ''}<id>${xmlEscape(urls.absolute(info.feedUrl))}</id>
<link rel="self" type="application/atom+xml" href="${xmlEscape(urls.absolute(info.feedUrl))}"/>
<link rel="alternate" type="text/html" href="${xmlEscape(urls.absolute(info.pageUrl))}"/>
<updated>${updated}</updated>
<generator>newsarchive</generator>
`;
  return [head, ...entries.flatMap((entry) => atomEntryParts(entry, urls, timeZone)), '</feed>\n'];
}

function atomEntryParts(entry: PostEntry, urls: UrlMaker, timeZone: string): string[] {
  const { post } = entry;
  const url = xmlEscape(urls.absolute(entry.url));
  const authors = (post.authors.length ? post.authors : [post.source ?? entry.categoryTerms[0]?.name ?? '']).filter(Boolean);
  const head = `<entry>
<title>${xmlEscape(post.title)}</title>
<link rel="alternate" type="text/html" href="${url}"/>
<id>${url}</id>
<published>${isoInZone(post.date, timeZone)}</published>
<updated>${isoInZone(post.date, timeZone)}</updated>
${authors.map((name) => `<author><name>${xmlEscape(name)}</name></author>\n`).join('')}${entry.categoryTerms.map((t) => `<category term="${xmlEscape(t.name)}"/>\n`).join('')}<summary>${xmlEscape(post.excerpt)}</summary>
<content type="html">`;
  return [head, xmlEscape(post.html), '</content>\n</entry>\n'];
}
