/**
 * Two devices' records of one paper merged into one, the same on both whatever the order they meet in, so that
 * every device converges on one library (commutative, associative, idempotent: tests/unit/sync-merge.test.ts):
 *
 * - the paper's own fields: the trust-ranked, version-aware `mergePaper` of lib/merge.ts, the two records taken
 *   in one canonical order (by their content), so both devices compute the same record;
 * - tags: a last-writer-wins set, each tag with when it was last added and last taken off;
 * - reading state, star and note: the later change wins (ties: the greater value, the same everywhere);
 * - a note that lost to a later one written elsewhere (not one replaced here) is kept in `otherNotes`;
 * - removal: a field weighed against the reader's last deliberate keeping (lib/sync/clocks.ts);
 * - the first clip date, the version first clipped, the last change.
 */
import type { StoredPaper } from '../db';
import { mergePaper } from '../merge';
import type { Paper } from '../paper';
import {
  byName,
  clocksOf,
  compareText,
  NOTE_HISTORY,
  OTHER_NOTES,
  type OtherNote,
  presentTags,
  type ReaderClocks,
  type TagClock,
} from './clocks';

/** JSON with object keys sorted: the same record written on two devices gives the same text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item ?? null)).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => compareText(a, b));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The reader's fields of a record: everything else is the paper as pages gave it. */
const READER_FIELDS = [
  'savedAt',
  'changedAt',
  'tags',
  'note',
  'readState',
  'starred',
  'savedVersion',
  'clocks',
  'otherNotes',
] as const satisfies readonly (keyof StoredPaper)[];

function paperOf(record: StoredPaper): Paper {
  const paper: Record<string, unknown> = { ...record };
  for (const field of READER_FIELDS) delete paper[field];
  return paper as unknown as Paper;
}

/** A register's winner: the later clock, else the greater value. */
function later<T>(a: T, aAt: number, b: T, bAt: number): [T, number] {
  if (aAt !== bAt) return aAt > bAt ? [a, aAt] : [b, bAt];
  return compareText(String(a), String(b)) >= 0 ? [a, aAt] : [b, bAt];
}

function mergeTags(a: TagClock[], b: TagClock[]): TagClock[] {
  const byTag = new Map<string, TagClock>();
  for (const [tag, added, removed] of [...a, ...b]) {
    const known = byTag.get(tag);
    byTag.set(
      tag,
      known ? [tag, Math.max(known[1], added), Math.max(known[2], removed)] : [tag, added, removed],
    );
  }
  return byName([...byTag.values()]);
}

/** The clocks of notes replaced on either device, newest last, at most NOTE_HISTORY. */
const unionSeen = (a: number[], b: number[]) =>
  [...new Set([...a, ...b])].sort((x, y) => x - y).slice(-NOTE_HISTORY);

export function mergeRecords(a: StoredPaper, b: StoredPaper): StoredPaper {
  const [first, second] = canonicalJson(paperOf(a)) <= canonicalJson(paperOf(b)) ? [a, b] : [b, a];
  const paper = mergePaper(paperOf(first), paperOf(second));
  const ca = clocksOf(a);
  const cb = clocksOf(b);

  const [readState, readStateAt] = later(a.readState, ca.readState, b.readState, cb.readState);
  const [starred, starredAt] = later(a.starred, ca.starred, b.starred, cb.starred);
  const [note, noteAt] = later(a.note ?? '', ca.note, b.note ?? '', cb.note);
  const noteSeen = unionSeen(ca.noteSeen, cb.noteSeen);
  const seen = new Set(noteSeen);
  // Every note either device holds, current or kept, but the winner and those replaced somewhere (a set of
  // (text, clock) pairs: a union, so merging in any order gives the same).
  const candidates: OtherNote[] = [
    ...(a.otherNotes ?? []),
    ...(b.otherNotes ?? []),
    ...(a.note ? [{ text: a.note, at: ca.note }] : []),
    ...(b.note ? [{ text: b.note, at: cb.note }] : []),
  ];
  const others = new Map<string, OtherNote>();
  for (const other of candidates) {
    if (seen.has(other.at) || (other.at === noteAt && other.text === note)) continue;
    others.set(canonicalJson(other), other);
  }
  const otherNotes = [...others.values()]
    .sort((x, y) => y.at - x.at || compareText(x.text, y.text))
    .slice(0, OTHER_NOTES);

  const tags = mergeTags(ca.tags, cb.tags);
  const clocks: ReaderClocks = {
    kept: Math.max(ca.kept, cb.kept),
    removed: Math.max(ca.removed, cb.removed),
    readState: readStateAt,
    starred: starredAt,
    note: noteAt,
    tags,
    noteSeen,
  };
  const savedVersions = [a.savedVersion, b.savedVersion].filter((v): v is number => v !== undefined);
  const merged: StoredPaper = {
    ...paper,
    savedAt: Math.min(a.savedAt, b.savedAt),
    changedAt: Math.max(a.changedAt, b.changedAt),
    tags: presentTags(tags),
    readState,
    starred,
    clocks,
  };
  if (note) merged.note = note;
  if (otherNotes.length > 0) merged.otherNotes = otherNotes;
  if (savedVersions.length > 0) merged.savedVersion = Math.min(...savedVersions);
  return merged;
}

/** Whether two records hold the same (their canonical JSON is the same). */
export const sameRecord = (a: StoredPaper, b: StoredPaper): boolean => canonicalJson(a) === canonicalJson(b);

/**
 * A short fingerprint of a record (53-bit cyrb53 of its canonical JSON): what sync remembers each paper held when
 * it last went through, so that a write it made itself is not taken for a new change and echoed back.
 */
export function recordHash(record: StoredPaper): string {
  const text = canonicalJson(record);
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}

/** The notes written on other devices that lost to this one, as the reader is shown them: distinct, the newest three. */
export function notesFromElsewhere(paper: Pick<StoredPaper, 'note' | 'otherNotes'>): string[] {
  const texts = (paper.otherNotes ?? []).map((other) => other.text).filter((text) => text !== paper.note);
  return [...new Set(texts)].slice(0, 3);
}
