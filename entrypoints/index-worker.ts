import { LibraryDb } from '@/lib/db';
import { createIndexService } from '@/lib/index-service';
import { IndexStoreDb } from '@/lib/library-index';
import { serveRequests } from '@/lib/worker-client';

// The library index's worker: started by the offscreen document (Chrome) or the background page (Firefox),
// it holds the search and related indexes off every page's thread, for as long as the browser runs.
export default defineUnlistedScript(() => {
  const service = createIndexService(new LibraryDb(), new IndexStoreDb());
  serveRequests(self as unknown as Parameters<typeof serveRequests>[0], service.handle);
});
