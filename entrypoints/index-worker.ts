import { LibraryDb } from '@/lib/db';
import { createIndexService } from '@/lib/index-service';
import { IndexStoreDb } from '@/lib/library-index';
import { createSyncEngine, SyncStoreDb } from '@/lib/sync/engine';
import { SyncPouch } from '@/lib/sync/pouch';
import { serveRequests } from '@/lib/worker-client';

// The library index's worker: started by the offscreen document (Chrome) or the background page (Firefox),
// it holds the search and related indexes off every page's thread, for as long as the browser runs. Sync runs
// here too (lib/sync): replication needs one context that lives as long, and Chrome's service worker does not.
export default defineUnlistedScript(() => {
  const db = new LibraryDb();
  let catchUp = () => {};
  const sync = createSyncEngine(db, new SyncStoreDb(), {
    PouchDB: SyncPouch,
    adapter: 'idb',
    // What sync wrote is searchable at once.
    libraryChanged: () => catchUp(),
  });
  const service = createIndexService(db, new IndexStoreDb(), {}, sync);
  catchUp = () => void service.index.catchUp().catch(() => {});
  serveRequests(self as unknown as Parameters<typeof serveRequests>[0], service.handle);
});
