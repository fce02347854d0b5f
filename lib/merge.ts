/** Folding a newly seen page into the stored record of the same paper. */
import { orderLinks } from './links';
import type { Paper } from './paper';

/**
 * The same paper seen again (another version, another site, a PDF then its abstract page) stays one record.
 * What the new page has wins over what is stored, unless the new page is an incomplete one (a PDF) and the
 * stored record is complete. Version-specific fields follow the newest version seen.
 */
export function mergePaper<T extends Paper>(stored: T, seen: Paper): T {
  const seenIsPoorer = seen.incomplete && !stored.incomplete;
  const [base, winner] = seenIsPoorer ? [seen, stored] : [stored, seen];
  const merged = { ...stored, ...definedFields(base), ...definedFields(winner) } as T;

  const version = Math.max(stored.version ?? 0, seen.version ?? 0);
  if (version > 0) {
    merged.version = version;
    // The date of that version, from whichever page knew it; none rather than another version's date.
    const updated = [seen, stored].find((p) => p.version === version && p.updated)?.updated;
    if (updated) merged.updated = updated;
    else delete merged.updated;
  }

  if (!(stored.incomplete && seen.incomplete)) delete merged.incomplete;
  const links = orderLinks([...(stored.links ?? []), ...(seen.links ?? [])]);
  if (links.length > 0) merged.links = links;
  if (stored.hf || seen.hf) merged.hf = { ...stored.hf, ...seen.hf };
  return merged;
}

function definedFields(paper: Paper): Partial<Paper> {
  return Object.fromEntries(Object.entries(paper).filter(([, value]) => value !== undefined));
}
