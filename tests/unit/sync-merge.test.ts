/**
 * The merge of two devices' records of a paper (lib/sync/merge.ts): the rules a reader sees, then the
 * properties that make every device converge on one library, over random edits on 2-3 replicas.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { StoredPaper } from '../../lib/db';
import { papersFromUrl } from '../../lib/extract/arxiv-pdf';
import { extractPapers } from '../../lib/extract/index';
import { newRecord } from '../../lib/library';
import { mergePaper } from '../../lib/merge';
import { parseHtml } from '../../lib/node/parse-html';
import type { Paper } from '../../lib/paper';
import type { ReadState } from '../../lib/read-state';
import { isPresent, newClocks, presentTags, stampEdit, stampKept, stampRemoved } from '../../lib/sync/clocks';
import { canonicalJson, mergeRecords } from '../../lib/sync/merge';

const page = (file: string, url: string): Paper => {
  const [paper] = extractPapers(parseHtml(readFileSync(`tests/fixtures/${file}`, 'utf8')), url);
  if (!paper) throw new Error(`no paper in ${file}`);
  return paper;
};
const v1 = page(
  'arxiv-abs/1706.03762v1-DERIVED-from-v7-2026-08-newheader.html',
  'https://arxiv.org/abs/1706.03762v1',
);
const [pdf] = papersFromUrl('https://arxiv.org/pdf/1706.03762v3') as [Paper];
const v7 = page('arxiv-abs/1706.03762v7-2026-08-newheader.html', 'https://arxiv.org/abs/1706.03762v7');
/**
 * The pages of one paper a device may have seen: two versions, two headers of the abstract page, the same page
 * once its comments were edited (same trust, same version: only the canonical order decides), its PDF.
 */
const PAGES: Paper[] = [
  v7,
  { ...v7, comments: '15 pages, 5 figures; corrected table 2', journalRef: 'NeurIPS 2017' },
  page('arxiv-abs/1706.03762v7-2026-03-classicheader.html', 'https://arxiv.org/abs/1706.03762v7'),
  v1,
  pdf,
];

/** A record as a device's library writes it on a clip (lib/library.ts). */
const clipped = (paper: Paper, now: number, asked = true): StoredPaper => newRecord(paper, now, asked);

const edit = (record: StoredPaper, change: Partial<StoredPaper>, now: number) =>
  stampEdit(record, { ...record, ...change, changedAt: now }, now);
const addTag = (record: StoredPaper, tag: string, now: number) =>
  edit(record, { tags: [...record.tags.filter((t) => t !== tag), tag] }, now);
const removeTag = (record: StoredPaper, tag: string, now: number) =>
  edit(record, { tags: record.tags.filter((t) => t !== tag) }, now);
const removed = (record: StoredPaper, now: number) => stampRemoved(record, now).paper;
function same(a: StoredPaper, b: StoredPaper): void {
  expect(canonicalJson(a)).toBe(canonicalJson(b));
}

const base = clipped(PAGES[0] as Paper, 1000);

describe('the merge rules a reader sees', () => {
  it('a tag added on each device: both; a tag taken off on one and untouched on the other: off', () => {
    const start = addTag(base, 'nlp', 1100);
    const onA = addTag(removeTag(start, 'nlp', 2000), 'transformers', 2001);
    const onB = addTag(start, 'classics', 2500);
    const merged = mergeRecords(onA, onB);
    expect(merged.tags).toEqual(['transformers', 'classics']);
    same(mergeRecords(onB, onA), merged);
  });

  it('reading state and star: the later change wins, whichever device made it', () => {
    const onA = edit(base, { readState: 'read', starred: true }, 3000);
    const onB = edit(base, { readState: 'reading', starred: true }, 2000);
    expect(mergeRecords(onA, onB)).toMatchObject({ readState: 'read', starred: true });
    const laterB = edit(onB, { starred: false }, 4000);
    // B's star was taken off later than A's was put on: B's wins; A's reading state is still the later one.
    expect(mergeRecords(onA, laterB)).toMatchObject({ readState: 'read', starred: false });
  });

  it('a note written on both: the later one wins, the other is kept to be taken back', () => {
    const onA = edit(base, { note: 'Read section 3' }, 2000);
    const onB = edit(base, { note: 'Compare with LSTMs' }, 3000);
    const merged = mergeRecords(onA, onB);
    expect(merged.note).toBe('Compare with LSTMs');
    expect(merged.otherNotes).toEqual([{ text: 'Read section 3', at: onA.clocks?.note }]);
    // Taken back: it becomes the note, and the one it replaced is the reader's choice, not kept.
    const taken = edit(merged, { note: 'Read section 3' }, 4000);
    expect(taken.otherNotes).toBeUndefined();
    const everywhere = mergeRecords(taken, onB);
    expect(everywhere.note).toBe('Read section 3');
    expect(everywhere.otherNotes).toBeUndefined();
  });

  it('a note rewritten on one device is not kept as another device’s', () => {
    const first = edit(base, { note: 'draft' }, 2000);
    const second = edit(first, { note: 'draft, longer' }, 2100);
    const third = edit(second, { note: 'final' }, 2200);
    // The server still holds the first draft: the later notes replaced it here.
    const merged = mergeRecords(first, third);
    expect(merged.note).toBe('final');
    expect(merged.otherNotes).toBeUndefined();
  });

  it('a removal against a later edit: the edit wins; against an earlier one: removed, and still restorable', () => {
    const edited = edit(base, { starred: true }, 3000);
    expect(isPresent(mergeRecords(removed(base, 2000), edited).clocks ?? newClocks(0, false))).toBe(true);
    const gone = mergeRecords(removed(base, 4000), edited);
    expect(isPresent(gone.clocks ?? newClocks(0, false))).toBe(false);
    // What the reader added travels with the removed record: an undo brings it back.
    expect(gone.starred).toBe(true);
    expect(isPresent(stampKept(gone, 5000).clocks ?? newClocks(0, false))).toBe(true);
  });

  it('a clip on visit does not bring back a paper removed on another device, even a later visit', () => {
    const gone = removed(base, 2000);
    const visited = clipped(PAGES[0] as Paper, 3000, false);
    expect(isPresent(mergeRecords(gone, visited).clocks ?? newClocks(0, false))).toBe(false);
    const asked = clipped(PAGES[0] as Paper, 3000, true);
    expect(isPresent(mergeRecords(gone, asked).clocks ?? newClocks(0, false))).toBe(true);
  });

  it('the paper itself: the trust-ranked, version-aware merge of lib/merge.ts; the first clip and version kept', () => {
    const first = clipped(v1, 500);
    const latest = clipped(v7, 900);
    const merged = mergeRecords(first, latest);
    expect(merged).toMatchObject({ version: 7, savedVersion: 1, savedAt: 500, title: v7.title });
    expect(merged.abstract).toBe(mergePaper(v1, v7).abstract);
    expect(mergeRecords(clipped(pdf, 100), latest).incomplete).toBeUndefined();
  });
});

// Random histories: each replica applies local operations at times that may tie, and replicas exchange
// records at random. Times are small integers so that ties between devices are common.
type Op =
  | { kind: 'tag' | 'untag'; tag: string; at: number }
  | { kind: 'note'; text: string; at: number }
  | { kind: 'read'; state: ReadState; at: number }
  | { kind: 'star'; on: boolean; at: number }
  | { kind: 'remove' | 'restore' | 'take'; at: number }
  | { kind: 'see'; page: number; at: number };

const at = fc.integer({ min: 1, max: 40 });
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    kind: fc.constantFrom('tag' as const, 'untag' as const),
    tag: fc.constantFrom('a', 'b', 'c'),
    at,
  }),
  fc.record({ kind: fc.constant('note' as const), text: fc.constantFrom('', 'x', 'y', 'z'), at }),
  fc.record({
    kind: fc.constant('read' as const),
    state: fc.constantFrom<ReadState>('unread', 'reading', 'read'),
    at,
  }),
  fc.record({ kind: fc.constant('star' as const), on: fc.boolean(), at }),
  fc.record({ kind: fc.constantFrom('remove' as const, 'restore' as const, 'take' as const), at }),
  fc.record({ kind: fc.constant('see' as const), page: fc.integer({ min: 0, max: PAGES.length - 1 }), at }),
);

function apply(record: StoredPaper, o: Op): StoredPaper {
  const present = isPresent(record.clocks ?? newClocks(0, false));
  switch (o.kind) {
    case 'remove':
      return present ? removed(record, o.at) : record;
    case 'restore':
      return present ? record : stampKept(record, o.at);
    case 'see':
      return present ? { ...mergePaper(record, PAGES[o.page] as Paper), changedAt: o.at } : record;
    default:
      if (!present) return record;
  }
  switch (o.kind) {
    case 'tag':
      return record.tags.includes(o.tag) ? record : addTag(record, o.tag, o.at);
    case 'untag':
      return record.tags.includes(o.tag) ? removeTag(record, o.tag, o.at) : record;
    case 'note':
      return edit(record, { note: o.text || undefined }, o.at);
    case 'read':
      return edit(record, { readState: o.state }, o.at);
    case 'star':
      return edit(record, { starred: o.on }, o.at);
    case 'take': {
      const other = record.otherNotes?.[0];
      return other ? edit(record, { note: other.text }, o.at) : record;
    }
  }
}

/** A replica's record after random local operations from the same start. */
const replica = fc.array(op, { maxLength: 8 }).map((ops) => ops.reduce(apply, base));
const anyRecord = fc.oneof(
  replica,
  replica.chain((r) => replica.map((s) => mergeRecords(r, s))),
);

describe('properties of the merge', () => {
  it('is commutative', () => {
    fc.assert(
      fc.property(anyRecord, anyRecord, (a, b) => {
        same(mergeRecords(a, b), mergeRecords(b, a));
      }),
      {
        numRuns: 300,
      },
    );
  });

  it('is associative', () => {
    fc.assert(
      fc.property(anyRecord, anyRecord, anyRecord, (a, b, c) => {
        same(mergeRecords(mergeRecords(a, b), c), mergeRecords(a, mergeRecords(b, c)));
      }),
      { numRuns: 300 },
    );
  });

  it('is idempotent: a record merged with itself, or with what it already holds, is unchanged', () => {
    fc.assert(
      fc.property(anyRecord, anyRecord, (a, b) => {
        same(mergeRecords(a, a), a);
        const ab = mergeRecords(a, b);
        same(mergeRecords(ab, b), ab);
      }),
      { numRuns: 300 },
    );
  });

  it('random concurrent edits on three replicas, exchanged in random order, converge to one record', () => {
    const step = fc.oneof(
      fc.record({ on: fc.integer({ min: 0, max: 2 }), op }),
      fc.record({ from: fc.integer({ min: 0, max: 2 }), to: fc.integer({ min: 0, max: 2 }) }),
    );
    fc.assert(
      fc.property(fc.array(step, { maxLength: 30 }), (steps) => {
        const replicas = [base, base, base];
        for (const s of steps) {
          if ('op' in s) replicas[s.on] = apply(replicas[s.on] as StoredPaper, s.op);
          else replicas[s.to] = mergeRecords(replicas[s.to] as StoredPaper, replicas[s.from] as StoredPaper);
        }
        // Everyone sends to everyone, in two different orders.
        const [r0, r1, r2] = replicas as [StoredPaper, StoredPaper, StoredPaper];
        const oneWay = mergeRecords(mergeRecords(r0, r1), r2);
        const otherWay = mergeRecords(r2, mergeRecords(r1, r0));
        same(oneWay, otherWay);
        // Each replica's library shows what its clocks say.
        expect(oneWay.tags).toEqual(presentTags(oneWay.clocks?.tags ?? []));
      }),
      { numRuns: 300 },
    );
  });
});
