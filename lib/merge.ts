/** Folding a newly seen page into the stored record of the same paper. */
import type { Paper, PaperLink } from './paper';

/**
 * The same paper seen again (another version, another site, a PDF then its abstract page) stays one record.
 * What the new page has wins over what is stored, unless the new page is an incomplete one (a PDF) and the
 * stored record is complete. Version-specific fields follow the newest version seen.
 */
export function mergePaper<T extends Paper>(stored: T, seen: Paper): T {
  const seenIsPoorer = seen.incomplete && !stored.incomplete;
  const [base, winner] = seenIsPoorer ? [seen, stored] : [stored, seen];
  const merged = { ...stored, ...definedFields(base), ...definedFields(winner) } as T;

  const newest = (seen.version ?? 0) > (stored.version ?? 0) ? seen : stored;
  if (newest.version !== undefined) merged.version = newest.version;
  if (newest.updated !== undefined) merged.updated = newest.updated;
  else delete merged.updated;

  if (!(stored.incomplete && seen.incomplete)) delete merged.incomplete;
  const links = mergeLinks(stored.links, seen.links);
  if (links.length > 0) merged.links = links;
  if (stored.hf || seen.hf) merged.hf = { ...stored.hf, ...seen.hf };
  return merged;
}

function definedFields(paper: Paper): Partial<Paper> {
  return Object.fromEntries(Object.entries(paper).filter(([, value]) => value !== undefined));
}

/** Union by URL; a link marked official anywhere stays official, and official links come first. */
function mergeLinks(a: PaperLink[] = [], b: PaperLink[] = []): PaperLink[] {
  const byUrl = new Map<string, PaperLink>();
  for (const link of [...a, ...b]) {
    const known = byUrl.get(link.url);
    const official = known?.official || link.official;
    const { official: _drop, ...rest } = { ...known, ...link };
    byUrl.set(link.url, official ? { ...rest, official: true } : rest);
  }
  const all = [...byUrl.values()];
  return [...all.filter((l) => l.official), ...all.filter((l) => !l.official)];
}
