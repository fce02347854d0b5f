import { parseCitations } from '@/lib/citations/import';
import { providePart } from '@/lib/worker-parts';

// Loaded by the library index's worker for its first BibTeX or RIS import (lib/worker-parts.ts).
export default defineUnlistedScript(() => providePart('citations', { parseCitations }));
