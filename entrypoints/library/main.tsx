import { liveQuery } from 'dexie';
import { render } from 'preact';
import { useEffect, useErrorBoundary, useState } from 'preact/hooks';
import { ImportPanel } from '@/components/ImportPanel';
import { LibraryView } from '@/components/LibraryView';
import { usePolled } from '@/components/usePolled';
import { LibraryDb, type StoredPaper } from '@/lib/db';
import type { IndexStatus } from '@/lib/library-index';
import type { SearchFilters } from '@/lib/search';
import { send } from '@/lib/send';
import { useImport } from './import';
import './style.css';

/** Rows drawn at a time: a 50,000-paper library renders as fast as a small one. */
const PAGE = 100;

// This page reads records itself and asks the library index (through the background) which ones match;
// every write goes through the background.
const db = new LibraryDb();

/** A number that changes with every write to the library, whoever makes it (the change log grows). */
function useLibraryVersion(): number {
  const [version, setVersion] = useState(0);
  useEffect(() => {
    const subscription = liveQuery(() =>
      Promise.all([db.changes.orderBy('seq').last(), db.papers.count()]),
    ).subscribe({ next: () => setVersion((v) => v + 1) });
    return () => subscription.unsubscribe();
  }, []);
  return version;
}

/** The library index's state, asked again until it is ready. */
function useIndexStatus(version: number): IndexStatus | undefined {
  const unfinished = (status: IndexStatus) => status.state === 'opening' || status.state === 'building';
  return usePolled(() => send({ type: 'index-status' }), unfinished, [version]).answer;
}

interface Shown {
  /** The query and filters these rows answer. */
  key: string;
  total: number;
  matches: number;
  rows: StoredPaper[];
}

function Library() {
  const [query, setQuery] = useState(() => new URLSearchParams(location.search).get('q') ?? '');
  const [filters, setFilters] = useState<SearchFilters>({});
  const [limit, setLimit] = useState(PAGE);
  const [shown, setShown] = useState<Shown>();
  const [categories, setCategories] = useState<[string, number][]>([]);
  const [removing, setRemoving] = useState<Set<string>>(new Set());
  const [error, setError] = useState<string>();
  const version = useLibraryVersion();
  const status = useIndexStatus(version);
  const ready = status?.state === 'ready';
  const key = JSON.stringify([query.trim(), filters]);
  const imports = useImport(send);

  // A new search starts from the top.
  useEffect(() => setLimit(PAGE), [key]);

  useEffect(() => {
    let stale = false;
    const browsing = query.trim() === '' && !filters.hasCode && !filters.category;
    // The newest clips come straight from the database, so the page opens at once, index ready or not.
    const find = browsing
      ? Promise.all([db.papers.count(), db.papers.orderBy('savedAt').reverse().limit(limit).toArray()]).then(
          ([total, rows]) => ({ total, matches: total, rows }),
        )
      : ready
        ? Promise.all([db.papers.count(), send({ type: 'search', query, filters, limit })]).then(
            async ([total, found]) => {
              const records = await db.papers.bulkGet(found.ids);
              const rows = records.filter((paper): paper is StoredPaper => paper !== undefined);
              return { total, matches: found.total, rows };
            },
          )
        : undefined;
    find?.then(
      (next) => !stale && setShown({ key, ...next }),
      (e: Error) => !stale && setError(`Papershelf could not search your library: ${e.message}`),
    );
    return () => {
      stale = true;
    };
  }, [key, limit, version, ready]);

  useEffect(() => {
    if (ready)
      send({ type: 'facets' }).then(
        (facets) => setCategories(facets?.categories ?? []),
        () => {},
      );
  }, [ready, version]);

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

  const statusLine = !shown
    ? 'Reading your library…'
    : status?.state === 'building'
      ? `Indexing your library: ${status.done.toLocaleString('en')} of ${status.total.toLocaleString('en')} papers. The newest clips are listed meanwhile; search works once this is done.`
      : status?.state === 'failed'
        ? `The library index failed (${status.error ?? 'unknown error'}): reload the extension.`
        : undefined;

  return (
    <LibraryView
      total={shown?.total ?? 0}
      matches={shown?.matches ?? 0}
      rows={shown?.rows ?? []}
      query={query}
      pending={shown?.key !== key}
      filters={filters}
      categories={categories}
      status={statusLine}
      error={error}
      removing={removing}
      onQuery={setQuery}
      onFilters={setFilters}
      onShowMore={() => setLimit((n) => n + PAGE)}
      onRemove={remove}
    >
      <ImportPanel {...imports} />
    </LibraryView>
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
