import { SyncPouch } from '@/lib/sync/pouch';
import { providePart } from '@/lib/worker-parts';

// Loaded by the library index's worker once sync is on (lib/worker-parts.ts).
export default defineUnlistedScript(() => providePart('pouch', SyncPouch));
