/** How far the reader is with a paper. Apart from lib/db.ts, so that views need not load Dexie to show it. */
export type ReadState = 'unread' | 'reading' | 'read';
export const READ_STATES: readonly ReadState[] = ['unread', 'reading', 'read'];
