/**
 * A backup of the whole library: every paper with what the reader added (tags, notes, reading states, stars,
 * dates), the papers they removed, and their settings, as one JSON document. Restoring into an empty library
 * gives back exactly the same library; into a non-empty one, papers are merged by id. A file that is not a
 * whole, valid backup is refused before anything is written.
 */
import * as v from 'valibot';
import type { RemovedPaper, StoredPaper } from './db';
import { mergePaper } from './merge';
import { libraryPaperSchema } from './message-rules';
import { READ_STATES } from './read-state';
import type { Settings } from './settings';
import { clocksSchema, otherNotesSchema } from './sync/schema';

export const BACKUP_FORMAT = 'papershelf-backup';
const BACKUP_VERSION = 1;

export interface Backup {
  format: typeof BACKUP_FORMAT;
  version: number;
  exportedAt: string;
  papers: StoredPaper[];
  removed: RemovedPaper[];
  settings: Partial<Settings>;
}

export function createBackup(
  papers: StoredPaper[],
  removed: RemovedPaper[],
  settings: Partial<Settings>,
  now = new Date(),
): Backup {
  return {
    format: BACKUP_FORMAT,
    version: BACKUP_VERSION,
    exportedAt: now.toISOString(),
    papers,
    removed,
    settings,
  };
}

export const storedSchema = v.object({
  ...libraryPaperSchema.entries,
  savedAt: v.number(),
  changedAt: v.number(),
  tags: v.array(v.pipe(v.string(), v.maxLength(200))),
  note: v.optional(v.pipe(v.string(), v.maxLength(100_000))),
  readState: v.picklist(READ_STATES),
  starred: v.boolean(),
  savedVersion: v.optional(v.number()),
  clocks: v.optional(clocksSchema),
  otherNotes: v.optional(otherNotesSchema),
});

const backupSchema = v.object({
  format: v.literal(BACKUP_FORMAT),
  version: v.literal(BACKUP_VERSION),
  exportedAt: v.string(),
  papers: v.array(storedSchema),
  removed: v.array(v.object({ id: v.string(), removedAt: v.number(), paper: storedSchema })),
  settings: v.object({
    autoClip: v.optional(v.boolean()),
    showMarks: v.optional(v.boolean()),
    showChip: v.optional(v.boolean()),
  }),
});

export class BackupError extends Error {}

/** Whether a file's first characters are those of a backup (a JSON object naming the format). */
export const looksLikeBackup = (start: string): boolean =>
  /^\s*\{\s*"format"\s*:\s*"papershelf-backup"/.test(start);

/** The backup in `text`, checked whole; BackupError saying what is wrong otherwise. */
export function parseBackup(text: string): Backup {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new BackupError('This backup is not whole JSON (it may be cut short): nothing was imported.');
  }
  const checked = v.safeParse(backupSchema, value);
  if (!checked.success) {
    const issue = checked.issues[0];
    const where = v.getDotPath(issue) ?? 'the file';
    throw new BackupError(
      `This is not a Papershelf backup Papershelf can read (${where}: ${issue.message}): nothing was imported.`,
    );
  }
  const backup = checked.output as Backup;
  const ids = new Set<string>();
  for (const paper of backup.papers) {
    if (ids.has(paper.id))
      throw new BackupError(`This backup holds ${paper.id} twice: nothing was imported.`);
    ids.add(paper.id);
  }
  return backup;
}

/**
 * A backed-up paper folded into the library's record of the same paper: the page fields merge as pages do,
 * the reader's tags are united, a note kept (both when they differ), the further reading state and the star
 * kept, the earliest clip date.
 */
export function mergeBackedUp(stored: StoredPaper, backedUp: StoredPaper, now: number): StoredPaper {
  const merged = mergePaper(stored, backedUp);
  const notes = [stored.note, backedUp.note].filter((note): note is string => Boolean(note?.trim()));
  const note = [...new Set(notes)].join('\n\n');
  const result: StoredPaper = {
    ...merged,
    tags: [...new Set([...stored.tags, ...backedUp.tags])],
    readState:
      READ_STATES[Math.max(READ_STATES.indexOf(stored.readState), READ_STATES.indexOf(backedUp.readState))] ??
      'unread',
    starred: stored.starred || backedUp.starred,
    savedAt: Math.min(stored.savedAt, backedUp.savedAt),
    changedAt: now,
  };
  if (note) result.note = note;
  else delete result.note;
  return result;
}
