import { browser } from 'wxt/browser';
import { send } from '@/lib/send';
import { needsAttention, type SyncStatus, syncStatusText } from '@/lib/sync/status';
import { usePolled } from './usePolled';

/** How often the popup and the library page ask where sync stands (the background answers at once when off). */
const SYNC_NOTICE_POLL_MS = 5000;

/** Where sync stands, asked again every few seconds while the page is open. */
export function useSyncStatus(): SyncStatus | undefined {
  return usePolled(
    () => send({ type: 'sync-status' }),
    () => SYNC_NOTICE_POLL_MS,
    [],
  ).answer;
}

/** A small line in the popup and the library page, only when sync is on and something needs the reader. */
export function SyncNotice({ status }: { status: SyncStatus | undefined }) {
  if (!status || !needsAttention(status)) return null;
  const refused = status.refusedCount ?? 0;
  const text =
    status.state === 'failed' || status.state === 'offline'
      ? syncStatusText(status)
      : `${refused} ${refused === 1 ? 'document' : 'documents'} on the sync server could not be taken into the library.`;
  return (
    <p class="sync-notice" data-testid="sync-notice" data-state={status.state} role="status">
      Sync: {text}{' '}
      <a href={browser.runtime.getURL('/options.html')} target="_blank" rel="noreferrer">
        Sync settings
      </a>
    </p>
  );
}
