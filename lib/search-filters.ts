/**
 * The library's filters, apart from the search index (lib/search.ts), so that the library page can read them
 * without loading the index's code.
 */
import type { Site } from './paper';
import type { ReadState } from './read-state';

export interface SearchFilters {
  /** Only papers with a link of kind `code`. */
  hasCode?: boolean;
  /** Only papers listed in this category (primary or cross-list). */
  category?: string;
  tag?: string;
  /** Only papers first submitted that year. */
  year?: number;
  readState?: ReadState;
  starred?: boolean;
  /** Only papers met on this site (see sitesOf). */
  site?: Site;
}

/** Whether any filter is set. */
export const hasFilters = (filters: SearchFilters): boolean =>
  Object.values(filters).some((value) => value !== undefined);
