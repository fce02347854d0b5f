/**
 * When each of the reader's own fields of a paper last changed, so that two devices that changed the same
 * paper apart (offline, or at once) merge field by field to the same record (lib/sync/merge.ts).
 *
 * A clock is a time in ms, and never goes back on one field: a change is stamped `max(now, clock + 1)`, so a
 * change made after seeing another one always beats it, even on a device whose clock is behind.
 */
import type { StoredPaper } from '../db';

/** A tag and its clocks: when it was last put on and last taken off the paper (0: never). */
export type TagClock = [tag: string, added: number, removed: number];

export interface ReaderClocks {
  /**
   * The reader's last deliberate keeping of the paper: a clip they asked for, an undo, an edit. A clip on visit
   * keeps nothing (0): it never brings back a paper removed on another device.
   */
  kept: number;
  /** When the reader removed the paper (0: never). The paper is in the library unless `removed > kept`. */
  removed: number;
  readState: number;
  starred: number;
  note: number;
  /** Every tag the paper ever had (an array: a tag named `__proto__` is a tag, not a prototype). */
  tags: TagClock[];
  /** Clocks of the notes the current one replaced here (the last NOTE_HISTORY): replaced, not concurrent. */
  noteSeen: number[];
}

/** A note that lost to another device's later note on the same paper: kept, shown, never dropped silently. */
export interface OtherNote {
  text: string;
  /** The clock of that note. */
  at: number;
}

/**
 * Notes kept as "also written on another device" per paper (the newest; the popup and the library page show
 * the distinct ones), and clocks of replaced notes remembered.
 */
export const OTHER_NOTES = 10;
export const NOTE_HISTORY = 20;

export const stamp = (now: number, clock: number): number => Math.max(now, clock + 1);

/**
 * The clocks of a record that has none (written before sync existed, or by a backup of that time): every field
 * the reader set counts as set when the record last changed; what was never set is at 0.
 */
export function defaultClocks(
  paper: Pick<StoredPaper, 'changedAt' | 'tags' | 'note' | 'readState' | 'starred'>,
): ReaderClocks {
  const at = paper.changedAt ?? 0;
  return {
    kept: at,
    removed: 0,
    readState: paper.readState && paper.readState !== 'unread' ? at : 0,
    starred: paper.starred ? at : 0,
    note: paper.note ? at : 0,
    tags: byName((paper.tags ?? []).map((tag): TagClock => [tag, at, 0])),
    noteSeen: [],
  };
}

export const clocksOf = (paper: StoredPaper): ReaderClocks => paper.clocks ?? defaultClocks(paper);

/** The clocks of a new record: nothing set yet; kept when the reader asked for it. */
export function newClocks(now: number, asked: boolean): ReaderClocks {
  return { kept: asked ? now : 0, removed: 0, readState: 0, starred: 0, note: 0, tags: [], noteSeen: [] };
}

/** The tags on the paper, in one order every device computes alike: when they were added, then by name. */
export function presentTags(tags: TagClock[]): string[] {
  return tags
    .filter(([, added, removed]) => added > removed)
    .sort((a, b) => a[1] - b[1] || compareText(a[0], b[0]))
    .map(([tag]) => tag);
}

/** Tag clocks in the one order every device keeps them in: by tag. */
export const byName = (tags: TagClock[]): TagClock[] => tags.sort((a, b) => compareText(a[0], b[0]));

export const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * `next` (an edit of `previous` made here at `now`) with its clocks moved on for every field that changed, and
 * kept (an edit is the reader keeping the paper).
 */
export function stampEdit(previous: StoredPaper, next: StoredPaper, now: number): StoredPaper {
  const old = clocksOf(previous);
  const clocks: ReaderClocks = { ...old, kept: stamp(now, Math.max(old.kept, old.removed)) };
  if (next.readState !== previous.readState) clocks.readState = stamp(now, old.readState);
  if (next.starred !== previous.starred) clocks.starred = stamp(now, old.starred);
  // A note taken from another device's (or written again the same): that one is replaced, like the note was.
  const taken = (next.otherNotes ?? []).filter((other) => other.text === next.note);
  if ((next.note ?? '') !== (previous.note ?? '') || taken.length > 0) {
    clocks.note = stamp(now, old.note);
    const replaced = [...(previous.note ? [old.note] : []), ...taken.map((other) => other.at)];
    clocks.noteSeen = [...new Set([...old.noteSeen, ...replaced])].sort((x, y) => x - y).slice(-NOTE_HISTORY);
  }
  const before = new Set(previous.tags);
  const after = new Set(next.tags);
  const byTag = new Map(old.tags.map((entry) => [entry[0], entry]));
  for (const tag of after) {
    if (before.has(tag)) continue;
    const [, added, removed] = byTag.get(tag) ?? [tag, 0, 0];
    byTag.set(tag, [tag, stamp(now, Math.max(added, removed)), removed]);
  }
  for (const tag of before) {
    if (after.has(tag)) continue;
    const [, added, removed] = byTag.get(tag) ?? [tag, 0, 0];
    byTag.set(tag, [tag, added, stamp(now, Math.max(added, removed))]);
  }
  clocks.tags = byName([...byTag.values()]);
  const stamped: StoredPaper = { ...next, clocks, tags: presentTags(clocks.tags) };
  const others = next.otherNotes?.filter((other) => !taken.includes(other));
  if (others?.length) stamped.otherNotes = others;
  else delete stamped.otherNotes;
  return stamped;
}

/** The paper kept by the reader at `now` (a clip they asked for, an undo): it beats an earlier removal. */
export function stampKept(paper: StoredPaper, now: number): StoredPaper {
  const clocks = clocksOf(paper);
  return { ...paper, clocks: { ...clocks, kept: stamp(now, Math.max(clocks.kept, clocks.removed)) } };
}

/** The paper removed by the reader at `now`; resolves the removal's time too (later than any keeping). */
export function stampRemoved(paper: StoredPaper, now: number): { paper: StoredPaper; removedAt: number } {
  const clocks = clocksOf(paper);
  const removedAt = stamp(now, Math.max(clocks.kept, clocks.removed));
  return { paper: { ...paper, clocks: { ...clocks, removed: removedAt } }, removedAt };
}

/** Whether a record, by its clocks, is in the library (else it is among the removed papers). */
export const isPresent = (clocks: ReaderClocks): boolean => !(clocks.removed > clocks.kept);
