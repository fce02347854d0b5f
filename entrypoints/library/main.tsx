import { render } from 'preact';
import { useEffect, useErrorBoundary, useMemo, useState } from 'preact/hooks';
import { LibraryView } from '@/components/LibraryView';
import { LibraryDb, type StoredPaper } from '@/lib/db';
import { categoryCounts, type SearchFilters, type SearchIndex, searchPapers } from '@/lib/search';
import { send } from '@/lib/send';
import { watchLibrary } from './watch';
import './style.css';

/** Rows drawn at a time: a 50,000-paper library renders as fast as a small one. */
const PAGE = 100;
/** Typing waits this long before searching, so a burst of keys runs one search. */
const DEBOUNCE_MS = 150;

// This page reads the library itself; every write goes through the background.
const db = new LibraryDb();

function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

function Library() {
  // A new wrapper on every change of the (mutable) index, so what depends on it is computed again.
  const [library, setLibrary] = useState<{ index: SearchIndex<StoredPaper> }>();
  const [progress, setProgress] = useState<[indexed: number, total: number]>();
  const [error, setError] = useState<string>();
  const [query, setQuery] = useState('');
  const [filters, setFilters] = useState<SearchFilters>({});
  const [shown, setShown] = useState(PAGE);
  const [removing, setRemoving] = useState<Set<string>>(new Set());
  const searched = useDebounced(query, DEBOUNCE_MS);

  useEffect(
    () =>
      watchLibrary(db, {
        onProgress: (indexed, total) => setProgress([indexed, total]),
        onChange: (index) => setLibrary({ index }),
        onError: (e) => setError(`Papershelf could not read your library: ${e.message}`),
      }),
    [],
  );

  const results = useMemo(
    () => (library ? searchPapers(library.index, searched, filters) : []),
    [library, searched, filters],
  );
  const categories = useMemo(() => (library ? categoryCounts(library.index.papers.values()) : []), [library]);
  // A new search starts from the top.
  useEffect(() => setShown(PAGE), [searched, filters]);

  const remove = (id: string) => {
    setRemoving((ids) => new Set(ids).add(id));
    send({ type: 'unclip', id })
      .catch((e: Error) => setError(`Could not remove the paper: ${e.message}`))
      .finally(() =>
        setRemoving((ids) => {
          const next = new Set(ids);
          next.delete(id);
          return next;
        }),
      );
  };

  const status = !progress
    ? 'Reading your library…'
    : progress[0] < progress[1]
      ? `Indexing your library: ${progress[0].toLocaleString('en')} of ${progress[1].toLocaleString('en')} papers…`
      : undefined;

  return (
    <LibraryView
      total={library?.index.papers.size ?? 0}
      results={results}
      shown={shown}
      query={query}
      pending={query !== searched}
      filters={filters}
      categories={categories}
      status={error && !library ? undefined : status}
      error={error}
      removing={removing}
      onQuery={setQuery}
      onFilters={setFilters}
      onShowMore={() => setShown((n) => n + PAGE)}
      onRemove={remove}
    />
  );
}

/** A bug in a view shows as a message, never as a blank page. */
function App() {
  const [error] = useErrorBoundary();
  if (error) {
    return (
      <p class="error" role="alert">
        Something went wrong showing your library: {String((error as Error).message ?? error)}. Reload the
        page.
      </p>
    );
  }
  return <Library />;
}

const root = document.getElementById('app');
if (root) render(<App />, root);
