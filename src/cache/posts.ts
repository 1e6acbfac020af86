// The persistent cache of cleaned posts: an index of every post's fields, and its HTML in pack files.
import fs from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import type { Diagnostic } from '../diagnostics.js';
import type { Post } from '../types.js';
import { digest } from './fingerprint.js';
import { isAnotherProcess, isRunning } from './processes.js';
import { readRecordBatches, RecordWriter } from './records.js';

/**
 * Where a post's cleaned HTML sits: pack file name, byte offset, byte length. Packs hold UTF-16LE,
 * not UTF-8: Chinese text is smaller so, and reads back about ten times faster (a copy, not a decode).
 */
export type HtmlRef = [pack: string, offset: number, length: number];

/** Where a post's SHOWN_FIELDS sit, v8-serialized: byte offset and length in the pack of its HTML, just before it. */
export type ShownRef = [offset: number, length: number];

/** A post file as the load and clean stages left it. */
export interface CachedPost {
  /**
   * The post's fields without its HTML; null when the file could not be built. Read from the index,
   * it holds only the fields not in SHOWN_FIELDS: those are in the pack (see `shown`).
   */
  post: Omit<Post, 'html'> | null;
  /** Where the post's SHOWN_FIELDS are, read when a page first shows the post (see PostCache.readShown). */
  shown?: ShownRef;
  /** What loading and cleaning reported, replayed on every build that reuses the entry. */
  problems: Diagnostic[];
  html?: HtmlRef;
}

/**
 * The fields of a post that only its own pages show: neither selecting, placing nor keying the site's
 * pages reads them, nor the post's card on a listing (its excerpt stays out: a rebuild that adds a
 * post shows every post on the listings it shifts, and decoding each card's fields took 0.16 s at
 * 20,000 posts). A rebuild reads every post's record from the index, and these (front matter, its
 * key lines, bylines) were 57 % of its bytes and some ten objects of each record: they are kept in
 * the pack with the post's HTML, read with it when a page shows the post. In the index, as one
 * string per post, they made every rebuild read, keep and copy some 13 MB more at 20,000 posts.
 */
export const SHOWN_FIELDS: ReadonlySet<string> = new Set(['author', 'description', 'data', 'keyLines', 'bodyLine', 'authors', 'editor', 'originalUrl', 'summary']);

/** A post's fields in two: those its record in the index keeps, and its SHOWN_FIELDS, kept in the pack. */
function splitShown(fields: object): [kept: Record<string, unknown>, shown: Record<string, unknown>] {
  const kept: Record<string, unknown> = {};
  const shown: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(fields)) (SHOWN_FIELDS.has(name) ? shown : kept)[name] = value;
  return [kept, shown];
}

/** `entry` as the index stores it: the post without its SHOWN_FIELDS (a post read from the index has none). */
function storedEntry(entry: CachedPost): CachedPost {
  if (!entry.post) return entry;
  const [post, shown] = splitShown(entry.post);
  if (!Object.keys(shown).length) return entry;
  return { post: post as CachedPost['post'], shown: entry.shown, problems: entry.problems, html: entry.html };
}

const INDEX = 'posts.index';

/** The index as read: its entries, stamps by source path, and where each batch of records lies in the file. */
interface PostIndex {
  entries: Map<string, CachedPost>;
  stamps: Map<string, { stamp: string; key: string }>;
  batches: IndexBatch[];
}

/** A batch of index records: its bytes in the file, each record's key and stamp, and whether it starts with the salt. */
interface IndexBatch {
  offset: number;
  length: number;
  records: [key: string, sourcePath: string | undefined, stamp: string | undefined][];
  holdsSalt: boolean;
}

/** A post file's stamp (see `fileStamp`) as a build saw it, and the key of the bytes it read. */
type StampedPath = [sourcePath: string, stamp: string];

/** The key of a post file's contents under `salt`: equal keys mean equal cleaned posts. */
export function postKey(salt: string, sourcePath: string, isInDraftsFolder: boolean, bytes: Uint8Array): string {
  return digest(salt, sourcePath, isInDraftsFolder ? 'draft' : '', bytes);
}
const PACKS = 'html';

/**
 * Cleaned posts keyed by a hash of the file's bytes, its path and everything else that shapes the
 * result (`salt`). Each build writes a new index with only the entries it used, so deleted and
 * changed posts drop out, and puts it in place of the old one when it saves; a killed build leaves
 * the old index.
 */
export class PostCache {
  private readonly used = new Map<string, CachedPost>();
  /** Stamps of this build's files, by key; saved with their entries. */
  private readonly stamped = new Map<string, StampedPath>();
  private stampsChanged = false;
  private saved = false;
  /** Packs the saved index no longer points to, deleted by `dropDeadPacks`. */
  private dead: string[] = [];
  /** Keys put since their records were last handed to the next index (see `writeFresh`). */
  private fresh: string[] = [];
  /** The next index, begun while the build runs, and the keys whose records it holds. */
  private next?: { writer: RecordWriter; keys: Set<string> };
  /** Open pack files by name: this build's own, closed with it. */
  private readonly fds = new Map<string, number>();
  /** Once the packs are held for the process (see holdPacks), their files by name: not closed with the cache. */
  private held?: Map<string, number>;
  private pack?: { name: string; fd: number; size: number };
  /** How many posts this build took from the cache and how many it had to load and clean. */
  readonly stats = { reused: 0, cleaned: 0 };

  private constructor(
    readonly dir: string,
    /** What every key is made under; see `postSalt`. */
    readonly salt: string,
  ) {}

  /**
   * Opens the cache in `dir`; entries made under another salt are ignored (and dropped at save).
   * The index is read when first needed, so a build can start its workers first.
   */
  static open(dir: string, salt: string): PostCache {
    return new PostCache(dir, salt);
  }

  #index?: PostIndex;

  /** Reads the index now, if it was not yet. */
  readIndex(): void {
    this.#index ??= this.indexFromFile();
  }

  private get entries(): Map<string, CachedPost> {
    return (this.#index ??= this.indexFromFile()).entries;
  }

  /** The last build's stamps: source path to stamp and key. */
  private get stamps(): Map<string, { stamp: string; key: string }> {
    return (this.#index ??= this.indexFromFile()).stamps;
  }

  private indexFromFile(): PostIndex {
    const index: PostIndex = { entries: new Map(), stamps: new Map(), batches: [] };
    try {
      // The first record is the salt; each other one [key, entry] or [key, entry, source path, stamp].
      let first = true;
      for (const { offset, length, values } of readRecordBatches(path.join(this.dir, INDEX))) {
        const batch: IndexBatch = { offset, length, records: [], holdsSalt: first };
        for (const record of values) {
          if (first) {
            if (record !== this.salt) return { entries: new Map(), stamps: new Map(), batches: [] };
            first = false;
            continue;
          }
          const [key, entry, sourcePath, stamp] = record as [string, CachedPost, ...Partial<StampedPath>];
          index.entries.set(key, entry);
          if (sourcePath !== undefined && stamp !== undefined) index.stamps.set(sourcePath, { stamp, key });
          batch.records.push([key, sourcePath, stamp]);
        }
        index.batches.push(batch);
      }
    } catch {
      // No cache yet, or an unreadable one: start empty.
      return { entries: new Map(), stamps: new Map(), batches: [] };
    }
    this.dropEntriesWithoutHtml(index.entries, (pack) => fileSize(path.join(this.dir, PACKS, pack)));
    return index;
  }

  /**
   * Forgets the entries whose HTML is not where they say: their pack deleted (by hand, or by
   * another build of the site running at the same time, before builds took a lock) or cut short.
   * Those posts are cleaned again; read, they failed every build from then on.
   */
  private dropEntriesWithoutHtml(entries: Map<string, CachedPost>, sizeOf: (pack: string) => number): void {
    // Every rebuild looks, so the pack's size is asked again only when its name differs from the
    // last entry's (entries come pack by pack).
    let pack: string | undefined;
    let size = 0;
    for (const [key, { html }] of entries) {
      if (!html) continue;
      if (html[0] !== pack) size = sizeOf((pack = html[0]));
      if (html[1] + html[2] > size) entries.delete(key);
    }
  }

  /** How many entries the cache holds. */
  get size(): number {
    return this.entries.size;
  }

  /** True when the cache holds `key`. */
  has(key: string): boolean {
    return this.entries.has(key);
  }

  /** The key of the file at `sourcePath` when the last build saw it with this very stamp and its entry is still here. */
  keyByStamp(sourcePath: string, stamp: string): string | undefined {
    const known = this.stamps.get(sourcePath);
    return known && known.stamp === stamp && this.entries.has(known.key) ? known.key : undefined;
  }

  /** Notes that the file at `sourcePath`, stamped `stamp` before it was read, has the key `key`. */
  stamp(key: string, sourcePath: string, stamp: string): void {
    this.stamped.set(key, [sourcePath, stamp]);
    const known = this.stamps.get(sourcePath);
    if (!known || known.stamp !== stamp || known.key !== key) this.stampsChanged = true;
  }

  /** Keys the cache holds, for the workers to tell hits from misses. */
  keys(): string[] {
    return [...this.entries.keys()];
  }

  /** The cached entry for `key` (marked as used by this build), or undefined. */
  take(key: string): CachedPost | undefined {
    const entry = this.entries.get(key);
    if (entry) {
      this.used.set(key, entry);
      this.stats.reused++;
    }
    return entry;
  }

  /**
   * The entries the last build used that this build did not take (their files removed or changed
   * since), by key; undefined when there are more than `limit`. Only until `save`, which forgets the
   * last index. They stay out of the next index.
   */
  entriesNotTaken(limit: number): Map<string, CachedPost> | undefined {
    const left = new Map<string, CachedPost>();
    let more = false;
    // forEach, not for-of: no pair made for each of the entries.
    this.entries.forEach((entry, key) => {
      if (more || this.used.has(key)) return;
      if (left.size === limit) more = true;
      else left.set(key, entry);
    });
    return more ? undefined : left;
  }

  /** Stores a freshly cleaned post (or a failed one) and returns its entry. */
  put(key: string, post: Post | null, problems: Diagnostic[]): CachedPost {
    let entry: CachedPost;
    if (post) {
      const { html, ...fields } = post;
      // The post keeps its shown fields as its own for this build; the pack gets them for the next.
      entry = { post: fields, problems, ...this.append(v8.serialize(splitShown(fields)[1]), html) };
    } else {
      entry = { post: null, problems };
    }
    this.entries.set(key, entry);
    this.used.set(key, entry);
    this.stats.cleaned++;
    this.fresh.push(key);
    return entry;
  }

  /**
   * Writes the records of the posts put (and stamped) so far to the next index. The loader calls it
   * while it waits for the workers: at save time, on the build's critical path, serializing 20,000
   * records cost 0.16 s, and their buffers (freed only by a garbage collection, which a thread that
   * allocates little seldom runs) left 30 MB in the allocator that the process never gave back.
   */
  writeFresh(): void {
    if (!this.fresh.length) return;
    this.next ??= this.beginIndex();
    for (const key of this.fresh) {
      this.next.writer.add(this.recordOf(key));
      this.next.keys.add(key);
    }
    this.fresh = [];
  }

  private beginIndex(): { writer: RecordWriter; keys: Set<string> } {
    fs.mkdirSync(this.dir, { recursive: true });
    removeAbandonedIndexes(this.dir);
    // Named by process, and by build within it: two builds of one site in one process must not share it.
    const writer = new RecordWriter(path.join(this.dir, `${INDEX}.${process.pid}-${++indexesBegun}.tmp`));
    writer.add(this.salt);
    return { writer, keys: new Set() };
  }

  private recordOf(key: string): unknown[] {
    return [key, storedEntry(this.used.get(key)!), ...(this.stamped.get(key) ?? [])];
  }

  /**
   * Opens every pack the index points to, for posts whose HTML is read long after (dev's): a pack a
   * build deletes meanwhile stays readable through its open file (packs are only ever appended to).
   * Entries whose pack is gone or cut short are forgotten, as when the index is read.
   */
  holdPacks(): void {
    this.held ??= new Map();
    this.dropEntriesWithoutHtml(this.entries, (pack) => this.heldSize(pack));
  }

  /** The size of `pack`, opened now if it was not (-1 when it cannot be). */
  private heldSize(pack: string): number {
    try {
      return fs.fstatSync(this.fdOf(pack)).size;
    } catch {
      return -1;
    }
  }

  /**
   * Forgets the index and what was taken from it, keeping the packs open: a reader that took its
   * posts reads only their HTML from here on (see holdPacks). Nothing is written.
   */
  forgetIndex(): void {
    if (this.#index) this.#index = { entries: new Map(), stamps: new Map(), batches: [] };
    this.used.clear();
    this.stamped.clear();
  }

  /** A post's cleaned HTML, read back from its pack. */
  readHtml([pack, offset, length]: HtmlRef): string {
    return this.readBytes(pack, offset, length).toString('utf16le');
  }

  /** A post's SHOWN_FIELDS, read back from the pack of its HTML. */
  readShown(html: HtmlRef, [offset, length]: ShownRef): Record<string, unknown> {
    return v8.deserialize(this.readBytes(html[0], offset, length)) as Record<string, unknown>;
  }

  private readBytes(pack: string, offset: number, length: number): Buffer {
    const buffer = Buffer.allocUnsafe(length);
    fs.readSync(this.fdOf(pack), buffer, 0, length, offset);
    return buffer;
  }

  /** The open file of `pack`, opened on first use (once per process, when held: see HELD_PACKS). */
  private fdOf(pack: string): number {
    const fds = this.held ?? this.fds;
    let fd = fds.get(pack);
    if (fd === undefined) fds.set(pack, (fd = this.openPack(pack)));
    return fd;
  }

  private openPack(pack: string): number {
    const file = path.join(this.dir, PACKS, pack);
    if (!this.held) return fs.openSync(file, 'r');
    let fd = HELD_PACKS.get(file);
    if (fd === undefined) HELD_PACKS.set(file, (fd = fs.openSync(file, 'r')));
    return fd;
  }

  /** Writes a post's serialized SHOWN_FIELDS and its HTML to this build's pack, in one write. */
  private append(shown: Buffer, html: string): { shown: ShownRef; html: HtmlRef } {
    if (!this.pack) {
      fs.mkdirSync(path.join(this.dir, PACKS), { recursive: true });
      // Named by time, process and pack within it: a compaction (or another build in the same
      // process) in the same millisecond once opened the same file again, and counted from 0 in it.
      const name = `${Date.now().toString(36)}-${process.pid}-${++packsBegun}.pack`;
      const fd = fs.openSync(path.join(this.dir, PACKS, name), 'a+');
      this.pack = { name, fd, size: fs.fstatSync(fd).size };
      this.fds.set(name, this.pack.fd);
    }
    const bytes = Buffer.concat([shown, Buffer.from(html, 'utf16le')]);
    fs.writeSync(this.pack.fd, bytes);
    const at = this.pack.size;
    this.pack.size += bytes.length;
    return { shown: [at, shown.length], html: [this.pack.name, at + shown.length, bytes.length - shown.length] };
  }

  /**
   * Writes the index of the entries this build used, then deletes packs nothing points to. When
   * less than half of the packs' bytes are still live, the live HTML is copied into one new pack
   * (and each entry's `html` moved to it). Once per build, as soon as every post is in: the index
   * is finished while memory is low, and HTML is read back afterwards from the packs it kept.
   */
  save(): void {
    if (this.saved) return;
    this.saved = true;
    this.writeIndex();
    // From here on only the posts' own entries are read (their HTML and shown fields): the lookups
    // by key and by path, some 10 MB at 20,000 posts, need not live through the render.
    if (this.#index) this.#index = { entries: new Map(), stamps: new Map(), batches: [] };
    this.used.clear();
    this.stamped.clear();
  }

  private writeIndex(): void {
    // A build that failed before it read the index has nothing to add to it.
    if (!this.#index) return this.close();
    if (this.stats.cleaned === 0 && this.used.size === this.entries.size && !this.stampsChanged && this.stamped.size === this.stamps.size) return this.close();
    const live = new Map<string, number>();
    for (const entry of this.used.values()) if (entry.html) live.set(entry.html[0], (live.get(entry.html[0]) ?? 0) + entry.html[2] + (entry.shown?.[1] ?? 0));
    const packDir = path.join(this.dir, PACKS);
    const packs = fs.existsSync(packDir) ? fs.readdirSync(packDir) : [];
    // Packs nothing points to are deleted below; the rest are compacted when they are mostly dead.
    const liveBytes = [...live.values()].reduce((a, b) => a + b, 0);
    const heldBytes = packs.filter((name) => live.has(name)).reduce((sum, name) => sum + fs.statSync(path.join(packDir, name)).size, 0);
    const compacted = liveBytes * 2 < heldBytes;
    if (compacted) {
      // Every entry's HTML moves: records written ahead point to where it was.
      this.next?.writer.abandon();
      this.next = undefined;
      this.compact();
    }
    const file = path.join(this.dir, INDEX);
    const intact = compacted ? [] : this.#index.batches.filter((batch) => this.isIntact(batch));
    const next = (this.next ??= this.beginIndex());
    const copied = new Set(intact.flatMap((batch) => batch.records.map(([key]) => key)));
    for (const key of this.used.keys()) if (!next.keys.has(key) && !copied.has(key)) next.writer.add(this.recordOf(key));
    next.writer.copy({ file, spans: intact.map((batch) => [batch.offset, batch.length]) });
    next.writer.end();
    fs.renameSync(next.writer.file, file);
    this.next = undefined;
    const referenced = new Set([...this.used.values()].flatMap((e) => (e.html ? [e.html[0]] : [])));
    this.close();
    // No other build of the site runs meanwhile (see build-lock.ts): a pack nothing here uses is
    // dead. It goes when the build ends: until then the posts gone since the last build may still be
    // read (the last build's model made again reads a removed post's front matter lines to say where
    // its URL failed).
    this.dead = packs.filter((name) => !referenced.has(name)).map((name) => path.join(packDir, name));
  }

  /** Deletes the packs the saved index no longer points to; once the build is done with the posts it read. */
  dropDeadPacks(): void {
    for (const file of this.dead) fs.rmSync(file, { force: true });
    this.dead = [];
  }

  /** True when this build would write every record of `batch` again exactly as it reads: its bytes can be copied. */
  private isIntact(batch: IndexBatch): boolean {
    return (
      !batch.holdsSalt &&
      batch.records.every(([key, sourcePath, stamp]) => {
        const now = this.stamped.get(key);
        return this.used.has(key) && this.used.get(key) === this.entries.get(key) && now?.[0] === sourcePath && now?.[1] === stamp;
      })
    );
  }

  private compact(): void {
    this.pack = undefined;
    for (const entry of this.used.values()) {
      if (!entry.html) continue;
      const shown = entry.shown ? this.readBytes(entry.html[0], entry.shown[0], entry.shown[1]) : v8.serialize({});
      Object.assign(entry, this.append(shown, this.readHtml(entry.html)));
    }
  }

  /** Closes the pack files. */
  close(): void {
    // A build that failed before its save leaves the last index as it was.
    this.next?.writer.abandon();
    this.next = undefined;
    for (const fd of this.fds.values()) fs.closeSync(fd);
    this.fds.clear();
    this.pack = undefined;
  }
}

let indexesBegun = 0;
let packsBegun = 0;

/**
 * Packs held open for posts read long after (dev's), by path, shared by every cache of the process
 * and never closed: dev reads the whole cache again on each config change, and a reader of its own
 * each time left as many files open per change. A pack is only ever appended to, and its name
 * (time and process) is never reused, so one open file serves every reader of that path.
 */
const HELD_PACKS = new Map<string, number>();

/** The size of a file in bytes, or -1 when it cannot be read. */
function fileSize(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return -1;
  }
}

/**
 * Deletes the next indexes that killed builds began (a cold build's grows to 24 MB at 20,000 posts).
 * One whose process still runs is left alone.
 */
function removeAbandonedIndexes(dir: string): void {
  for (const name of fs.readdirSync(dir)) {
    const pid = name.startsWith(`${INDEX}.`) && name.endsWith('.tmp') ? Number(name.slice(INDEX.length + 1, -'.tmp'.length).split('-')[0]) : NaN;
    if (isAnotherProcess(pid) && !isRunning(pid)) fs.rmSync(path.join(dir, name), { force: true });
  }
}
