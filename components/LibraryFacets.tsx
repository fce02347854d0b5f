import type { SortOrder } from '@/lib/library-index';
import type { Site } from '@/lib/paper';
import type { ReadState } from '@/lib/read-state';
import type { Facets, SearchFilters } from '@/lib/search';
import { READ_STATE_LABEL } from './PaperRow';

export interface LibraryFacetsProps {
  /** Undefined while the library index is being built. */
  facets?: Facets;
  filters: SearchFilters;
  sort: SortOrder;
  onFilters(filters: SearchFilters): void;
  onSort(sort: SortOrder): void;
}

const SORTS: [SortOrder, string][] = [
  ['relevance', 'Best match'],
  ['clipped', 'Newest clipped'],
  ['submitted', 'Newest submitted'],
];

const SITE_LABEL: Record<Site, string> = {
  arxiv: 'arXiv',
  huggingface: 'Hugging Face',
  web: 'Other sites',
};

/** Each value with its count; a value chosen but no longer in the library stays, at 0. */
function withChosen<K>(values: [K, number][], chosen: K | undefined): [K, number][] {
  if (chosen === undefined || values.some(([value]) => value === chosen)) return values;
  return [[chosen, 0], ...values];
}

/** The filters with the library's counts (category, year, tag, reading state, site, code, star), and the order. */
export function LibraryFacets({ facets, filters, sort, onFilters, onSort }: LibraryFacetsProps) {
  const set = (change: Partial<SearchFilters>) => onFilters({ ...filters, ...change });
  const count = (n: number | undefined) => (n === undefined ? '' : ` (${n.toLocaleString('en')})`);
  return (
    <fieldset class="facets">
      <legend class="visually-hidden">Filters</legend>
      <select
        data-testid="filter-category"
        aria-label="Category"
        value={filters.category ?? ''}
        onChange={(e) => set({ category: e.currentTarget.value || undefined })}
      >
        <option value="">All categories</option>
        {withChosen(facets?.categories ?? [], filters.category).map(([category, n]) => (
          <option key={category} value={category}>
            {category} ({n})
          </option>
        ))}
      </select>
      <select
        data-testid="filter-year"
        aria-label="Year"
        value={filters.year === undefined ? '' : String(filters.year)}
        onChange={(e) => set({ year: e.currentTarget.value ? Number(e.currentTarget.value) : undefined })}
      >
        <option value="">All years</option>
        {withChosen(facets?.years ?? [], filters.year).map(([year, n]) => (
          <option key={year} value={String(year)}>
            {year} ({n})
          </option>
        ))}
      </select>
      <select
        data-testid="filter-tag"
        aria-label="Tag"
        value={filters.tag ?? ''}
        onChange={(e) => set({ tag: e.currentTarget.value || undefined })}
      >
        <option value="">All tags</option>
        {withChosen(facets?.tags ?? [], filters.tag).map(([tag, n]) => (
          <option key={tag} value={tag}>
            {tag} ({n})
          </option>
        ))}
      </select>
      <select
        data-testid="filter-read-state"
        aria-label="Reading state"
        value={filters.readState ?? ''}
        onChange={(e) => set({ readState: (e.currentTarget.value || undefined) as ReadState | undefined })}
      >
        <option value="">Any reading state</option>
        {(facets?.readStates ?? []).map(([state, n]) => (
          <option key={state} value={state}>
            {READ_STATE_LABEL[state]} ({n})
          </option>
        ))}
      </select>
      <select
        class="site-filter"
        data-testid="filter-site"
        aria-label="Site"
        value={filters.site ?? ''}
        onChange={(e) => set({ site: (e.currentTarget.value || undefined) as Site | undefined })}
      >
        <option value="">All sites</option>
        {(facets?.sites ?? []).map(([site, n]) => (
          <option key={site} value={site}>
            {SITE_LABEL[site]} ({n})
          </option>
        ))}
      </select>
      <label class="library-filter">
        <input
          type="checkbox"
          data-testid="filter-has-code"
          checked={filters.hasCode ?? false}
          onChange={(e) => set({ hasCode: e.currentTarget.checked || undefined })}
        />
        Has code{count(facets?.hasCode)}
      </label>
      <label class="library-filter">
        <input
          type="checkbox"
          data-testid="filter-starred"
          checked={filters.starred ?? false}
          onChange={(e) => set({ starred: e.currentTarget.checked || undefined })}
        />
        Starred{count(facets?.starred)}
      </label>
      <label class="library-filter">
        Sort
        <select data-testid="sort" value={sort} onChange={(e) => onSort(e.currentTarget.value as SortOrder)}>
          {SORTS.map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </label>
    </fieldset>
  );
}
