/**
 * Fingerprint postings of the SQLite store as immutable segments merged by size tier (the log-structured
 * pattern of Lucene's segments, kept in two SQLite tables).
 *
 * Why: one (fingerprint, sentence) B-tree keyed by hash makes every ingest commit touch pages all over the
 * index, so the cost of a commit grows with the store, and each posting costs ~10 bytes with its B-tree cell.
 * Here an ingest batch writes its postings once, sorted, as a new segment: a run of blocks, each block a
 * delta- and varint-coded slice of (fingerprint, sentence ids) in fingerprint order (3.0 bytes a posting on a 10,000-article generated corpus). When
 * `tier` segments of one size tier exist, they are merged into one of the next tier, in the same transaction
 * (a crash leaves either the inputs or the output, never both). Writes stay sequential whatever the store's
 * size; a look-up costs one B-tree descent per segment and fingerprint, and the number of segments grows with
 * the logarithm of the corpus.
 *
 * Tables:
 *  - `pseg(id, tier, lo, hi, postings, dead)`: one row per segment; lo..hi = its sentence ids; `dead` > 0 when
 *    sentences it indexes may have been deleted since it was written (re-indexing replaces sentences), so that
 *    look-ups then check which sentences still exist and merges drop the postings of the others;
 *  - `pblock(id, data)`: the blocks; the row id is segment * 2^34 + the block's last fingerprint (fingerprints
 *    are integers in [0, 2^34)), so the block that may hold a fingerprint is the first row at or after
 *    segment * 2^34 + fingerprint, and a segment's blocks are one contiguous row-id range.
 *
 * Block format (version 1): a version byte, varint count of fingerprints, varint base sentence id (the block's
 * smallest); then per fingerprint: varint (fingerprint - previous fingerprint) * 2 + (more than one posting),
 * varint (postings - 2) when more than one, varint (first sentence id - base), then varint gaps to each next
 * sentence id (ascending). Every varint is little-endian base 128; values may exceed 2^32.
 */
import type Database from 'better-sqlite3';
import { UnspunError } from '../errors.js';

/** Schema of the segment tables. */
export const POSTINGS_TABLES = `
  CREATE TABLE pseg (
    id INTEGER PRIMARY KEY,
    tier INTEGER NOT NULL,
    lo INTEGER NOT NULL,
    hi INTEGER NOT NULL,
    postings INTEGER NOT NULL,
    dead INTEGER NOT NULL DEFAULT 0
  );
  CREATE TABLE pblock (id INTEGER PRIMARY KEY, data BLOB NOT NULL);
`;

/** Fingerprints are below this (a 2-bit family tag over a 32-bit hash): the row-id key depends on it. */
export const FP_LIMIT = 2 ** 34;
const FORMAT = 1;

/** How segments are cut and merged (the defaults; tests use small values to exercise merges). */
export interface SegmentPolicy {
  /** Segments of one tier merged at once; tier t holds segments of fewer than base * tier^(t+1) postings. */
  tier: number;
  base: number;
  /** A block is closed at the first fingerprint boundary past this many encoded bytes. */
  blockBytes: number;
  /** A fingerprint list this long gets a block of its own: look-ups of its neighbours never read it. */
  longList: number;
}

export const SEGMENT_POLICY: SegmentPolicy = { tier: 4, base: 200_000, blockBytes: 1024, longList: 256 };

function inRange(fp: number): boolean {
  return Number.isInteger(fp) && fp >= 0 && fp < FP_LIMIT;
}

function checkFingerprint(fp: number): void {
  if (!inRange(fp)) {
    throw new UnspunError(
      'STORE',
      `fingerprint ${fp} is outside [0, 2^34): the SQLite store cannot index it`,
    );
  }
}

function tierOf(postings: number, policy: SegmentPolicy): number {
  let t = 0;
  let size = policy.base * policy.tier;
  while (postings >= size) {
    t++;
    size *= policy.tier;
  }
  return t;
}

// ---------- varints ----------

class Bytes {
  buf = new Uint8Array(4096);
  n = 0;
  varint(v: number): void {
    if (this.n + 10 > this.buf.length) {
      const g = new Uint8Array(this.buf.length * 2);
      g.set(this.buf);
      this.buf = g;
    }
    const b = this.buf;
    let n = this.n;
    if (v < 0x80000000) {
      while (v >= 128) {
        b[n++] = (v & 127) | 128;
        v >>>= 7;
      }
    } else {
      while (v >= 128) {
        b[n++] = (v % 128) | 128;
        v = Math.floor(v / 128);
      }
    }
    b[n++] = v;
    this.n = n;
  }
}

/** A reader over one block. */
class Reader {
  p = 0;
  constructor(readonly b: Uint8Array) {}
  varint(): number {
    const b = this.b;
    let x = b[this.p++]!;
    if (x < 128) return x;
    let v = x & 127;
    let mul = 128;
    do {
      x = b[this.p++]!;
      v += (x & 127) * mul;
      mul *= 128;
    } while (x >= 128);
    return v;
  }
  skip(count: number): void {
    const b = this.b;
    let p = this.p;
    for (let i = 0; i < count; i++) while (b[p++]! >= 128);
    this.p = p;
  }
}

// ---------- blocks ----------

/** Encodes postings, one fingerprint list at a time in fingerprint order, into blocks; `emit` receives each
 * closed block. */
class BlockEncoder {
  private fps: number[] = [];
  /** Start of each fingerprint's sids in `sids`. */
  private starts: number[] = [];
  private sids: number[] = [];
  private estimate = 0;
  private lastFp = -1;
  private readonly out = new Bytes();
  count = 0;
  lo = Number.POSITIVE_INFINITY;
  hi = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly blockBytes: number,
    private readonly longList: number,
    private readonly emit: (lastFp: number, data: Uint8Array) => void,
  ) {}

  /** Push a fingerprint's whole list, `sids[from..to)` ascending (a repeated id is stored once); fingerprints
   * in ascending order, each once. */
  pushList(fp: number, sids: ArrayLike<number>, from = 0, to = sids.length): void {
    if (from >= to) return;
    if (fp <= this.lastFp) throw new Error('postings out of order');
    const long = to - from >= this.longList;
    if (this.estimate >= this.blockBytes || (long && this.fps.length > 0)) this.close();
    this.fps.push(fp);
    this.starts.push(this.sids.length);
    let last = -1;
    let added = 0;
    for (let i = from; i < to; i++) {
      const sid = sids[i]!;
      if (sid === last) continue;
      if (sid < last) throw new Error('postings out of order');
      this.sids.push(sid);
      last = sid;
      added++;
    }
    const first = sids[from]!;
    if (first < this.lo) this.lo = first;
    if (last > this.hi) this.hi = last;
    this.estimate += 3 + 3 * added;
    this.count += added;
    this.lastFp = fp;
    // A long list closes its block too: look-ups of its neighbours never read it.
    if (long) this.close();
  }

  close(): void {
    const n = this.fps.length;
    if (n === 0) return;
    let base = Number.POSITIVE_INFINITY;
    for (let i = 0; i < n; i++) if (this.sids[this.starts[i]!]! < base) base = this.sids[this.starts[i]!]!;
    const out = this.out;
    out.n = 0;
    out.varint(FORMAT);
    out.varint(n);
    out.varint(base);
    let prev = 0;
    for (let i = 0; i < n; i++) {
      const fp = this.fps[i]!;
      const s = this.starts[i]!;
      const e = i + 1 < n ? this.starts[i + 1]! : this.sids.length;
      const multi = e - s > 1 ? 1 : 0;
      out.varint((fp - prev) * 2 + multi);
      if (multi) out.varint(e - s - 2);
      out.varint(this.sids[s]! - base);
      for (let k = s + 1; k < e; k++) out.varint(this.sids[k]! - this.sids[k - 1]!);
      prev = fp;
    }
    this.emit(this.fps[n - 1]!, out.buf.slice(0, out.n));
    this.fps = [];
    this.starts = [];
    this.sids = [];
    this.estimate = 0;
  }
}

/** A block's reader past its header, with its fingerprint count and base sentence id. */
function openBlock(data: Uint8Array): { r: Reader; n: number; base: number } {
  const r = new Reader(data);
  if (r.varint() !== FORMAT) throw new UnspunError('STORE', 'unknown postings block format: upgrade unspun');
  return { r, n: r.varint(), base: r.varint() };
}

/**
 * Decoded postings in flat arrays: entry i is fingerprint `fps[i]` held by sentences `sids[ends[i - 1]..ends[i])`
 * (ends[-1] = 0). Grows as needed; `clear` keeps the memory for the next page.
 */
class Decoded {
  fps = new Float64Array(1024);
  ends = new Int32Array(1024);
  sids = new Float64Array(4096);
  n = 0;
  m = 0;
  clear(): void {
    this.n = 0;
    this.m = 0;
  }
  private room(entries: number, sids: number): void {
    if (this.n + entries > this.fps.length) {
      const size = Math.max(this.fps.length * 2, this.n + entries);
      const f = new Float64Array(size);
      f.set(this.fps.subarray(0, this.n));
      this.fps = f;
      const e = new Int32Array(size);
      e.set(this.ends.subarray(0, this.n));
      this.ends = e;
    }
    if (this.m + sids > this.sids.length) {
      const g = new Float64Array(Math.max(this.sids.length * 2, this.m + sids));
      g.set(this.sids.subarray(0, this.m));
      this.sids = g;
    }
  }
  /** Append a whole block's postings; returns its last fingerprint. */
  block(data: Uint8Array): number {
    const { r, n, base } = openBlock(data);
    // Every posting takes at least one byte: the block's length bounds the sentence ids it can hold.
    this.room(n, data.length);
    const fps = this.fps;
    const ends = this.ends;
    const sids = this.sids;
    let m = this.m;
    let k = this.n;
    let fp = 0;
    for (let i = 0; i < n; i++) {
      const head = r.varint();
      fp += Math.floor(head / 2);
      const count = head % 2 === 1 ? r.varint() + 2 : 1;
      let sid = base + r.varint();
      sids[m++] = sid;
      for (let j = 1; j < count; j++) {
        sid += r.varint();
        sids[m++] = sid;
      }
      fps[k] = fp;
      ends[k++] = m;
    }
    this.n = k;
    this.m = m;
    return fp;
  }
}

/**
 * The sentence ids of `fp` in a block (appended to `out`, those up to `maxSid`). Returns how many postings the
 * block holds for `fp` (0 when absent); when that is more than `limit`, nothing is decoded (a fingerprint too
 * common to use is only counted).
 */
function findInBlock(
  data: Uint8Array,
  fp: number,
  out: number[],
  maxSid: number,
  limit = Number.POSITIVE_INFINITY,
): number {
  const { r, n, base } = openBlock(data);
  let at = 0;
  for (let i = 0; i < n; i++) {
    const head = r.varint();
    at += Math.floor(head / 2);
    const count = head % 2 === 1 ? r.varint() + 2 : 1;
    if (at < fp) {
      r.skip(count);
      continue;
    }
    if (at > fp) return 0;
    if (count > limit) return count;
    let sid = base + r.varint();
    if (sid <= maxSid) out.push(sid);
    for (let k = 1; k < count; k++) {
      sid += r.varint();
      if (sid <= maxSid) out.push(sid);
    }
    return count;
  }
  return 0;
}

// ---------- the segment store ----------

interface SegmentRow {
  id: number;
  tier: number;
  lo: number;
  hi: number;
  postings: number;
  dead: number;
}

/** Which sentence ids still exist (postings of deleted sentences stay in segments until a merge drops them). */
export interface SentenceLiveness {
  /** Every existing id in lo..hi, ascending. */
  liveIn(lo: number, hi: number): Iterable<number>;
  anyLiveIn(lo: number, hi: number): boolean;
  /** The ids among `ids` that exist. */
  live(ids: Iterable<number>): Set<number>;
}

/** The postings of a SQLite store. Every write method must run inside the caller's write transaction. */
export class SqlitePostings {
  private readonly st;

  constructor(
    db: Database.Database,
    private readonly sentences: SentenceLiveness,
    private readonly policy: SegmentPolicy = SEGMENT_POLICY,
  ) {
    const shift = FP_LIMIT;
    this.st = {
      segments: db.prepare('SELECT id, tier, lo, hi, postings, dead FROM pseg ORDER BY id'),
      lookup: db
        .prepare(
          `SELECT s.id, j.key, (SELECT data FROM pblock WHERE id >= s.id * ${shift} + j.value AND id < (s.id + 1) * ${shift} ORDER BY id LIMIT 1)
           FROM pseg s, json_each(?) j WHERE s.lo <= ?`,
        )
        .raw(),
      page: db
        .prepare(
          `SELECT data FROM pblock WHERE id > @seg * ${shift} + @after AND id < (@seg + 1) * ${shift} ORDER BY id LIMIT @limit`,
        )
        .pluck(),
      first: db
        .prepare(
          `SELECT data FROM pblock WHERE id >= @seg * ${shift} AND id < (@seg + 1) * ${shift} ORDER BY id LIMIT @limit`,
        )
        .pluck(),
      insertBlock: db.prepare(`INSERT INTO pblock (id, data) VALUES (@seg * ${shift} + @last, @data)`),
      insertSegment: db.prepare('INSERT INTO pseg (tier, lo, hi, postings) VALUES (?, ?, ?, ?)'),
      nextSegment: db.prepare('SELECT coalesce(max(id), 0) + 1 FROM pseg').pluck(),
      dropBlocks: db.prepare(`DELETE FROM pblock WHERE id >= @seg * ${shift} AND id < (@seg + 1) * ${shift}`),
      dropSegment: db.prepare('DELETE FROM pseg WHERE id = ?'),
      maxHi: db.prepare('SELECT max(hi) FROM pseg').pluck(),
      anyDead: db.prepare('SELECT 1 FROM pseg WHERE dead > 0 LIMIT 1').pluck(),
      total: db.prepare('SELECT coalesce(sum(postings), 0) FROM pseg').pluck(),
      addDead: db.prepare('UPDATE pseg SET dead = dead + ? WHERE id = ?'),
    };
  }

  /** The largest sentence id any segment indexes (ids are never reused while postings may refer to them). */
  maxSentenceId(): number {
    return (this.st.maxHi.get() as number | null) ?? 0;
  }

  /** Postings held, dead ones of a re-index included until a merge drops them. */
  count(): number {
    return this.st.total.get() as number;
  }

  segments(): SegmentRow[] {
    return this.st.segments.all() as SegmentRow[];
  }

  /**
   * Write postings (any order; `fps[i]` is held by sentence `sids[i]`) as a new segment, then merge tiers that
   * are full. Inside the caller's write transaction.
   */
  add(fps: Float64Array, sids: Float64Array, count: number): void {
    if (count === 0) return;
    for (let i = 0; i < count; i++) checkFingerprint(fps[i]!);
    const order = sortedOrder(fps, sids, count);
    this.writeSegment((push) => {
      for (let k = 0; k < count; k++) {
        const j = order[k]!;
        push(fps[j]!, sids[j]!);
      }
    });
    this.mergeFull();
  }

  /**
   * Write postings already in (fp, sid) order (`fill` calls `push` for each) as one new segment, then merge
   * full tiers (a migration converting an older store's postings). Inside the caller's write transaction.
   */
  addSorted(fill: (push: (fp: number, sid: number) => void) => void): void {
    this.writeSegment((push) =>
      fill((fp, sid) => {
        checkFingerprint(fp);
        push(fp, sid);
      }),
    );
    this.mergeFull();
  }

  /**
   * Write one segment from the postings `fill` pushes one at a time in (fp, sid) order (each fingerprint's ids
   * gathered into a list for the encoder); returns its id (0 when empty).
   */
  private writeSegment(fill: (push: (fp: number, sid: number) => void) => void): number {
    return this.writeSegmentLists((enc) => {
      const list: number[] = [];
      let at = -1;
      fill((fp, sid) => {
        if (fp !== at) {
          enc.pushList(at, list);
          list.length = 0;
          at = fp;
        }
        list.push(sid);
      });
      enc.pushList(at, list);
    });
  }

  /** Write one segment from the fingerprint lists `fill` gives the encoder; returns its id (0 when empty). */
  private writeSegmentLists(fill: (enc: BlockEncoder) => void): number {
    const seg = this.st.nextSegment.get() as number;
    const enc = new BlockEncoder(this.policy.blockBytes, this.policy.longList, (last, data) =>
      this.st.insertBlock.run({ seg, last, data }),
    );
    fill(enc);
    enc.close();
    if (enc.count === 0) return 0;
    this.st.insertSegment.run(tierOf(enc.count, this.policy), enc.lo, enc.hi, enc.count);
    return seg;
  }

  /** Merge while some tier holds `policy.tier` segments (the oldest of the lowest such tier first). */
  private mergeFull(): void {
    for (;;) {
      const byTier = new Map<number, SegmentRow[]>();
      for (const s of this.segments()) {
        const list = byTier.get(s.tier) ?? [];
        list.push(s);
        byTier.set(s.tier, list);
      }
      const tiers = [...byTier.keys()].sort((a, b) => a - b);
      const full = tiers.find((t) => byTier.get(t)!.length >= this.policy.tier);
      if (full === undefined) return;
      this.merge(byTier.get(full)!.slice(0, this.policy.tier));
    }
  }

  /** Merge these segments into one (everything, when `segs` is all of them); dead postings are dropped. */
  merge(segs: SegmentRow[]): void {
    if (segs.length === 0) return;
    const live = segs.some((s) => s.dead > 0)
      ? this.liveSentences(Math.min(...segs.map((s) => s.lo)), Math.max(...segs.map((s) => s.hi)))
      : null;
    this.writeSegmentLists((enc) => {
      const merged = new MergedPostings(this, segs, live);
      while (merged.next()) enc.pushList(merged.fp, merged.sids);
    });
    for (const s of segs) {
      this.st.dropBlocks.run({ seg: s.id });
      this.st.dropSegment.run(s.id);
    }
  }

  /** Merge every segment into one (after a re-index, for example). */
  compact(): void {
    const segs = this.segments();
    if (segs.length > 1 || segs.some((s) => s.dead > 0)) this.merge(segs);
  }

  /**
   * Sentences `ids` were deleted: the segments that may index them are marked, and segments none of whose
   * sentences exist any more are dropped. Inside the caller's write transaction, after the deletion.
   */
  sentencesDeleted(ids: number[]): void {
    if (ids.length === 0) return;
    const segs = this.segments();
    for (const s of segs) {
      let dead = 0;
      for (const id of ids) if (id >= s.lo && id <= s.hi) dead++;
      if (dead === 0) continue;
      if (!this.sentences.anyLiveIn(s.lo, s.hi)) {
        this.st.dropBlocks.run({ seg: s.id });
        this.st.dropSegment.run(s.id);
      } else this.st.addDead.run(dead, s.id);
    }
    // Once the dead may make up half of what the segments cover (a re-index under way), merge everything.
    const rest = this.segments();
    let dead = 0;
    let covered = 0;
    for (const s of rest) {
      dead += s.dead;
      covered += s.hi - s.lo + 1;
    }
    if (dead > 0 && dead * 2 >= covered) this.compact();
  }

  /** Read the blocks of segment `seg` after fingerprint `after` (-1: from the start), `limit` at most. */
  blocksAfter(seg: number, after: number, limit: number): Uint8Array[] {
    return (
      after < 0 ? this.st.first.all({ seg, limit }) : this.st.page.all({ seg, after, limit })
    ) as Uint8Array[];
  }

  /**
   * The sentence ids holding each fingerprint (ascending; only ids up to `maxSid`; only sentences that still
   * exist). Fingerprints outside [0, 2^34) are held by none.
   */
  lookup(fps: number[], maxSid = Number.MAX_SAFE_INTEGER): Map<number, number[]> {
    const { lists } = this.probe(fps, maxSid, Number.POSITIVE_INFINITY);
    if (this.st.anyDead.get() !== undefined) this.dropDead(lists);
    return lists;
  }

  /**
   * As `lookup` (every sentence, no id bound), for a caller that ignores fingerprints held by more than `limit`
   * sentences: those are returned in `common`, counted from the block headers without decoding their lists
   * (at a million articles, such lists hold most of the postings a check would otherwise decode). The counts are
   * exact while no segment holds dead postings; otherwise this is `lookup` followed by the same cut.
   */
  lookupCapped(fps: number[], limit: number): { lists: Map<number, number[]>; common: number[] } {
    if (this.st.anyDead.get() === undefined) return this.probe(fps, Number.MAX_SAFE_INTEGER, limit);
    const lists = this.lookup(fps);
    const common: number[] = [];
    for (const [fp, list] of lists) {
      if (list.length > limit) {
        common.push(fp);
        lists.delete(fp);
      }
    }
    return { lists, common };
  }

  /**
   * One block look-up per segment and fingerprint: each fingerprint's sentence ids up to `maxSid`, ascending,
   * dead postings included. A fingerprint whose postings (summed over segments, all ids) number more than
   * `limit` goes to `common` undecoded.
   */
  private probe(
    fps: number[],
    maxSid: number,
    limit: number,
  ): { lists: Map<number, number[]>; common: number[] } {
    const lists = new Map<number, number[]>();
    const common: number[] = [];
    // In fingerprint order, each segment's blocks are probed in row-id order (neighbouring B-tree pages).
    const asked = fps.filter(inRange).sort((a, b) => a - b);
    if (asked.length === 0) return { lists, common };
    const rows = this.st.lookup.all(JSON.stringify(asked), maxSid) as [number, number, Uint8Array | null][];
    // Rows come segment by segment: a fingerprint's count is the sum over segments, its list their union.
    const counts = new Map<number, number>();
    const unsorted = new Set<number>();
    for (const [, qi, data] of rows) {
      if (!data) continue;
      const fp = asked[qi]!;
      const before = counts.get(fp) ?? 0;
      let list = lists.get(fp);
      const had = list !== undefined && list.length > 0;
      list ??= [];
      const c = findInBlock(data, fp, list, maxSid, before > limit ? -1 : limit - before);
      if (c === 0) continue;
      counts.set(fp, before + c);
      lists.set(fp, list);
      if (had) unsorted.add(fp);
    }
    for (const [fp, c] of counts) {
      if (c > limit) {
        common.push(fp);
        lists.delete(fp);
      } else if (lists.get(fp)!.length === 0) lists.delete(fp);
      else if (unsorted.has(fp)) lists.get(fp)!.sort((a, b) => a - b);
    }
    return { lists, common };
  }

  /** Remove ids of sentences that no longer exist (only while some segment holds dead postings). */
  private dropDead(lists: Map<number, number[]>): void {
    const ids = new Set<number>();
    for (const list of lists.values()) for (const id of list) ids.add(id);
    if (ids.size === 0) return;
    const live = this.sentences.live(ids);
    for (const [fp, list] of lists) {
      const kept = list.filter((id) => live.has(id));
      if (kept.length === 0) lists.delete(fp);
      else lists.set(fp, kept);
    }
  }

  /**
   * Every fingerprint with its sentence ids, in (fingerprint, sentence) order (the array is reused between
   * steps). Dead postings are left out: those `live` rejects, or, without it, those of sentences that no longer
   * exist.
   */
  *groups(live?: (sid: number) => boolean): Generator<[number, number[]]> {
    const segs = this.segments();
    let isLive = live ?? null;
    if (!isLive && segs.some((s) => s.dead > 0))
      isLive = this.liveSentences(0, Math.max(...segs.map((s) => s.hi)));
    const merged = new MergedPostings(this, segs, isLive);
    const pair: [number, number[]] = [0, merged.sids];
    while (merged.next()) {
      pair[0] = merged.fp;
      yield pair;
    }
  }

  /** Whether a sentence id in lo..hi still exists: a bitmap of the existing ids in that range. */
  private liveSentences(lo: number, hi: number): (sid: number) => boolean {
    const bits = new Uint8Array(((hi - lo) >>> 3) + 1);
    for (const id of this.sentences.liveIn(lo, hi)) {
      const o = id - lo;
      bits[o >>> 3]! |= 1 << (o & 7);
    }
    return (sid) => sid >= lo && sid <= hi && (bits[(sid - lo) >>> 3]! & (1 << ((sid - lo) & 7))) !== 0;
  }
}

/**
 * The k-way merge of some segments' postings: each `next()` moves to the next fingerprint and fills `sids` with
 * its sentence ids, ascending (those `live` keeps; fingerprints left with none are skipped).
 */
class MergedPostings {
  fp = 0;
  readonly sids: number[] = [];
  private readonly cursors: SegmentCursor[];
  /** Segments cover disjoint, ordered id ranges (the usual case): their lists concatenate in order. */
  private readonly ordered: boolean;

  constructor(
    postings: SqlitePostings,
    segs: SegmentRow[],
    private readonly live: ((sid: number) => boolean) | null,
  ) {
    const byLo = [...segs].sort((a, b) => a.lo - b.lo);
    this.ordered = byLo.every((s, i) => i === 0 || s.lo > byLo[i - 1]!.hi);
    this.cursors = byLo.map((s) => new SegmentCursor(postings, s.id));
  }

  next(): boolean {
    const cursors = this.cursors;
    const out = this.sids;
    const live = this.live;
    for (;;) {
      let fp = Number.POSITIVE_INFINITY;
      for (const c of cursors) if (c.fp < fp) fp = c.fp;
      if (fp === Number.POSITIVE_INFINITY) return false;
      out.length = 0;
      let from = 0;
      for (const c of cursors) {
        if (c.fp !== fp) continue;
        const d = c.page;
        for (let i = c.from; i < c.to; i++) {
          const sid = d.sids[i]!;
          if (!live || live(sid)) out.push(sid);
        }
        // Out-of-order ranges: a second list may have to go before the first.
        if (!this.ordered && from > 0 && out.length > from) out.sort((a, b) => a - b);
        from = out.length;
        c.next();
      }
      if (out.length > 0) {
        this.fp = fp;
        return true;
      }
    }
  }
}

/** Walks one segment's fingerprints in order, decoding its blocks a page at a time into flat arrays. */
class SegmentCursor {
  fp = Number.POSITIVE_INFINITY;
  /** The current fingerprint's sentence ids are `page.sids[from..to)`. */
  from = 0;
  to = 0;
  readonly page = new Decoded();
  private at = 0;
  private lastBlockFp = -1;
  private done = false;

  constructor(
    private readonly postings: SqlitePostings,
    private readonly seg: number,
  ) {
    this.next();
  }

  next(): void {
    if (this.at >= this.page.n) this.fill();
    const d = this.page;
    if (this.at >= d.n) {
      this.fp = Number.POSITIVE_INFINITY;
      this.from = this.to = 0;
      return;
    }
    this.from = this.at === 0 ? 0 : d.ends[this.at - 1]!;
    this.to = d.ends[this.at]!;
    this.fp = d.fps[this.at++]!;
  }

  private fill(): void {
    this.page.clear();
    this.at = 0;
    if (this.done) return;
    const blocks = this.postings.blocksAfter(this.seg, this.lastBlockFp, 64);
    if (blocks.length < 64) this.done = true;
    for (const b of blocks) this.lastBlockFp = this.page.block(b);
  }
}
/**
 * Indexes 0..count-1 of `fps`/`sids` in (fp, sid) order. A fingerprint is a family tag (fp / 2^32) over a
 * 32-bit hash: a stable least-significant-digit radix sort (16 + 16 bits of hash, then the family) puts them in
 * fingerprint order in three linear passes, equal fingerprints staying in index order; when sentence ids do not
 * follow index order among equal fingerprints, a comparison sort decides.
 */
function sortedOrder(fps: Float64Array, sids: Float64Array, count: number): Int32Array {
  const FAMILY = 2 ** 32;
  const hash = new Uint32Array(count);
  const fam = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    const f = Math.floor(fps[i]! / FAMILY);
    fam[i] = f;
    hash[i] = fps[i]! - f * FAMILY;
  }
  let idx = new Int32Array(count);
  let tmp = new Int32Array(count);
  for (let i = 0; i < count; i++) idx[i] = i;
  const counts = new Int32Array(65536);
  const pass = (digit: (i: number) => number, buckets: number) => {
    counts.fill(0, 0, buckets);
    for (let k = 0; k < count; k++) counts[digit(idx[k]!)]!++;
    let sum = 0;
    for (let b = 0; b < buckets; b++) {
      const c = counts[b]!;
      counts[b] = sum;
      sum += c;
    }
    for (let k = 0; k < count; k++) {
      const i = idx[k]!;
      tmp[counts[digit(i)]!++] = i;
    }
    const t = idx;
    idx = tmp;
    tmp = t;
  };
  pass((i) => hash[i]! & 0xffff, 65536);
  pass((i) => hash[i]! >>> 16, 65536);
  pass((i) => fam[i]!, 4);
  for (let k = 1; k < count; k++) {
    const a = idx[k - 1]!;
    const b = idx[k]!;
    if (fps[a] === fps[b] && sids[b]! < sids[a]!) {
      const byCompare = new Int32Array(count);
      for (let i = 0; i < count; i++) byCompare[i] = i;
      return byCompare.sort((x, y) => fps[x]! - fps[y]! || sids[x]! - sids[y]!);
    }
  }
  return idx;
}
