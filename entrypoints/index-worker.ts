import { LibraryDb } from '@/lib/db';
import { serveChannel } from '@/lib/index-channel';
import { createIndexService } from '@/lib/index-service';
import type { LoggedWrite } from '@/lib/library';
import { IndexStoreDb } from '@/lib/library-index';
import { opfsFile } from '@/lib/opfs-file';
import { createSyncEngine, SyncStoreDb } from '@/lib/sync/engine';
import { serveRequests, type WorkerNotice } from '@/lib/worker-client';
import { loadPart } from '@/lib/worker-parts';

/** The least time between two catch-ups of the index for sync's writes. */
const SYNC_CATCH_UP_MS = 3000;

// The library index's worker: started by the offscreen document (Chrome) or the background page (Firefox),
// it holds the search and related indexes off every page's thread, for as long as the browser runs. Sync runs
// here too (lib/sync): replication needs one context that lives as long, and Chrome's service worker does not.
export default defineUnlistedScript(() => {
  const scope = self as unknown as Parameters<typeof serveRequests>[0];
  const db = new LibraryDb();
  let catchUp = (_written: LoggedWrite[]) => {};
  const sync = createSyncEngine(db, new SyncStoreDb(), {
    PouchDB: () => loadPart('pouch'),
    adapter: 'idb',
    libraryChanged: (written) => catchUp(written),
  });
  const tellTabs = () => scope.postMessage({ notice: 'library-changed' } satisfies WorkerNotice);
  const service = createIndexService(
    db,
    new IndexStoreDb(),
    {
      libraryChanged: tellTabs,
      relatedFile: opfsFile('related-index.psf'),
      readCitations: async () => loadPart('citations'),
    },
    sync,
  );
  // What sync wrote is searchable at once, but a first sync writes 500 papers at a time, and each catch-up
  // costs a pass: at most one every few seconds (a search catches up first anyway). The open tabs are told
  // then (their marks and chip), as for any write: it wakes Chrome's service worker, which tells them.
  let caughtUp = 0;
  let waiting: ReturnType<typeof setTimeout> | undefined;
  catchUp = (written) => {
    service.index.written(written);
    if (waiting) return;
    waiting = setTimeout(
      () => {
        waiting = undefined;
        caughtUp = Date.now();
        void service.index
          .catchUp()
          .catch(() => {})
          .then(tellTabs);
      },
      Math.max(0, caughtUp + SYNC_CATCH_UP_MS - Date.now()),
    );
  };
  serveRequests(scope, service.handle);
  // The extension's pages search here directly, without the background's hops (lib/index-channel.ts).
  serveChannel(service.handle);
});
