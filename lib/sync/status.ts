/** Where sync stands, as the worker reports it and the options page, the popup and the library page say it. */

export interface SyncStatus {
  state: 'off' | 'connecting' | 'syncing' | 'up-to-date' | 'offline' | 'failed';
  /** The database synced with, and as whom. */
  url?: string;
  user?: string;
  encrypted?: boolean;
  /** Up to date: the papers in the library. */
  papers?: number;
  /** A first sync (or an upload) under way: documents done, of `total`. */
  done?: number;
  total?: number;
  /** Offline: changes made here that the server has not got yet. */
  waiting?: number;
  /** Failed, or the last error while retrying. */
  error?: string;
  /** Documents on the server refused (the newest first, a few), and how many in all. */
  refused?: { docId: string; reason: string }[];
  refusedCount?: number;
  /** When the library was last up to date with the server (ms). */
  syncedAt?: number;
}

const count = (n: number) => n.toLocaleString('en');
const plural = (n: number, word: string) => `${count(n)} ${word}${n === 1 ? '' : 's'}`;

/** The status line: "Up to date · 12,481 papers", "Syncing 8,000 of 50,000…", "Offline: 3 changes waiting, retrying". */
export function syncStatusText(status: SyncStatus): string {
  switch (status.state) {
    case 'off':
      return 'Sync is off: the library stays on this computer.';
    case 'connecting':
      return 'Connecting…';
    case 'syncing':
      return status.total ? `Syncing ${count(status.done ?? 0)} of ${count(status.total)}…` : 'Syncing…';
    case 'up-to-date':
      return `Up to date · ${plural(status.papers ?? 0, 'paper')}`;
    case 'offline':
      return `Offline: ${plural(status.waiting ?? 0, 'change')} waiting, retrying`;
    case 'failed':
      return status.error ?? 'Sync stopped.';
  }
}

/** Whether the popup and the library page should show the status: sync is on and something needs attention. */
export const needsAttention = (status: SyncStatus | undefined): boolean =>
  status !== undefined &&
  (status.state === 'failed' || status.state === 'offline' || (status.refusedCount ?? 0) > 0);
