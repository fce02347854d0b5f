/**
 * What "closely related" means on a page, said once for the listing marks, the paper chip and the toolbar
 * badge. The related index always has a best match (the nearest of the library, however far); a match is close
 * only when its reason (`explainRelated`: the key terms both papers contain, rarest first, and the authors both
 * list) names at least two shared key terms, or an author. One shared word ("graph") is not enough; a shared
 * author, or two salient terms ("subword tokenization" and "BPE"), is something a reader can check and agree.
 */
import type { RelatedHit } from '../library-index';
import type { Paper } from '../paper';
import type { RelatedPaper, RelatedReason } from '../related';

/** Shared key terms that make a match close (without a shared author). */
export const CLOSE_TERMS = 2;
/** Saved papers asked for when a paper page's close ones are counted (the chip, the badge). */
export const PAGE_RELATED_K = 8;
/**
 * Listing entries whose closeness is worked out: the first few hundred unsaved ones, in page order (one
 * related query each, in the index's worker; at 50,000 papers a query takes tens of ms).
 */
export const LISTING_RELATED_MAX = 200;

export function isClose(reason: RelatedReason): boolean {
  return reason.authors.length > 0 || reason.terms.length >= CLOSE_TERMS;
}

export const closeHits = (hits: RelatedHit[]): RelatedHit[] => hits.filter((hit) => isClose(hit.reason));

/**
 * How much of a page's paper a related question reads. Abstracts run to about 2,000 characters (arXiv allows
 * 1,920); a page may send 100,000 per entry and 200 entries, and the question's cost grows with its text.
 */
export const RELATED_TEXT_MAX = { title: 1000, abstract: 5000, authors: 100, categories: 20 } as const;

/**
 * What relatedness reads of a paper, and nothing else (a message carries no links or counts it does not need),
 * within RELATED_TEXT_MAX.
 */
export function relatedFields({
  id,
  title,
  abstract,
  categories,
  authors,
}: Paper | RelatedPaper): RelatedPaper {
  return {
    id,
    ...(title ? { title: title.slice(0, RELATED_TEXT_MAX.title) } : {}),
    ...(abstract ? { abstract: abstract.slice(0, RELATED_TEXT_MAX.abstract) } : {}),
    ...(categories?.length ? { categories: categories.slice(0, RELATED_TEXT_MAX.categories) } : {}),
    ...(authors?.length ? { authors: authors.slice(0, RELATED_TEXT_MAX.authors) } : {}),
  };
}
