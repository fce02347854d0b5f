/** The shape of the clocks a record carries (lib/sync/clocks.ts), as backups and synced documents are checked. */
import * as v from 'valibot';
import { NOTE_HISTORY, OTHER_NOTES } from './clocks';

const clock = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(Number.MAX_SAFE_INTEGER));
const tag = v.pipe(v.string(), v.maxLength(200));

export const clocksSchema = v.object({
  kept: clock,
  removed: clock,
  readState: clock,
  starred: clock,
  note: clock,
  tags: v.pipe(v.array(v.tuple([tag, clock, clock])), v.maxLength(1000)),
  noteSeen: v.pipe(v.array(clock), v.maxLength(NOTE_HISTORY)),
});

export const otherNotesSchema = v.pipe(
  v.array(v.object({ text: v.pipe(v.string(), v.maxLength(100_000)), at: clock })),
  v.maxLength(OTHER_NOTES),
);
