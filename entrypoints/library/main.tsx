import { liveQuery } from 'dexie';
import { render } from 'preact';
import { useCallback, useEffect, useErrorBoundary, useMemo, useRef, useState } from 'preact/hooks';
import { ImportPanel } from '@/components/ImportPanel';
import { type ExportFormat, LibraryExport } from '@/components/LibraryExport';
import { LibraryList, type RowSlot } from '@/components/LibraryList';
import { LibraryTags } from '@/components/LibraryTags';
import { isFiltered, LibraryView, papersCount } from '@/components/LibraryView';
import { PaperDetail } from '@/components/PaperDetail';
import { PaperRow, PaperRowSlot, type RowClick } from '@/components/PaperRow';
import { SyncNotice, useSyncStatus } from '@/components/SyncNotice';
import { usePolled } from '@/components/usePolled';
import { LibraryDb, lastChange, type StoredPaper } from '@/lib/db';
import { librarySize } from '@/lib/first-answers';
import type { PaperEdit } from '@/lib/library';
import { keepFirstScreen, keptFirstScreen, takeOver } from '@/lib/library-first-screen';
import { type IndexStatus, IndexStoreDb, type SortOrder } from '@/lib/library-index';
import type { Facets, SearchFilters } from '@/lib/search';
import { send } from '@/lib/send';
import { sendSearch } from '@/lib/send-search';
import { exportPapers } from './export';
import { useImport } from './import';
import { type Found, useListWindows } from './windows';
import './style.css';

/** How long "Removed N papers · Undo" stays. */
const UNDO_MS = 10_000;
/** Related papers shown for the focused one. */
const RELATED = 8;
const TAG_SUGGESTIONS = 'library-tags';
/** Ids asked for at a time when a whole search is exported (the most one search answers). */
const EXPORT_BLOCK = 1000;

// This page reads records itself and asks the library index (through the background) which ones match;
// every write goes through the background.
const db = new LibraryDb();
const indexStore = new IndexStoreDb();

/** The newest clips kept for the next time the page opens (lib/library-first-screen.ts). */
const FIRST_SCREEN_ROWS = 30;

/** A search answered before the index could search: it is being built. */
class NotSearchable extends Error {}

/**
 * The ids of the newest clips, from `offset`, walked with a cursor: Dexie reads a reversed range with
 * `getAllKeys` of the whole index (50,000 keys, 130 ms at 50k, holding up every other read of the library).
 */
async function newestClips(offset: number, limit: number): Promise<string[]> {
  const ids: string[] = [];
  await db.papers
    .orderBy('savedAt')
    .reverse()
    .offset(offset)
    .limit(limit)
    .eachPrimaryKey((id) => {
      ids.push(id);
    });
  return ids;
}

/** A number that changes with every write to the library, whoever makes it (the change log grows). */
function useLibraryVersion(): number {
  const [version, setVersion] = useState(0);
  useEffect(() => {
    // Every write appends to the change log: its end is enough (a count of the papers walks them all).
    const subscription = liveQuery(() => lastChange(db)).subscribe({
      next: () => setVersion((v) => v + 1),
    });
    return () => subscription.unsubscribe();
  }, []);
  return version;
}

/** How often the page asks whether the search index has been read back, once the related index has. */
const OPENING_POLL_MS = 100;

/**
 * The library index's state. The index answers once its related index is read back, so the page asks a few
 * times while the search index is (a second at most); a rebuild is followed each second.
 */
function useIndexStatus(version: number): IndexStatus | undefined {
  const again = (status: IndexStatus) =>
    status.state === 'opening' ? OPENING_POLL_MS : status.state === 'building';
  return usePolled(() => send({ type: 'index-status' }), again, [version]).answer;
}

/** The record of `id` as it is now, following every write. */
function usePaper(id: string | undefined): StoredPaper | undefined {
  const [paper, setPaper] = useState<StoredPaper>();
  useEffect(() => {
    setPaper(undefined);
    if (!id) return;
    const subscription = liveQuery(() => db.papers.get(id)).subscribe({ next: setPaper });
    return () => subscription.unsubscribe();
  }, [id]);
  return paper?.id === id ? paper : undefined;
}

const MB = 1024 * 1024;
function bytes(n: number): string {
  if (n < MB) return `${Math.max(1, Math.round(n / 1024))} kB`;
  if (n < 1024 * MB) return `${(n / MB).toFixed(1)} MB`;
  return `${(n / 1024 / MB).toFixed(2)} GB`;
}

/** "Uses 12.4 MB on disk", read again a few seconds after the library changes. */
function useStorageUsage(version: number): string | undefined {
  const [usage, setUsage] = useState<string>();
  useEffect(() => {
    const timer = setTimeout(
      () => {
        navigator.storage
          ?.estimate()
          .then(({ usage: used, quota }) => {
            if (used === undefined) return;
            const free =
              quota !== undefined && quota - used < 500 * MB ? ` (only ${bytes(quota - used)} left)` : '';
            setUsage(`Uses ${bytes(used)} on disk${free}`);
          })
          .catch(() => {});
      },
      version <= 1 ? 0 : 3000,
    );
    return () => clearTimeout(timer);
  }, [version]);
  return usage;
}

interface Toast {
  ids: string[];
  text: string;
}

function Library() {
  const syncStatus = useSyncStatus();
  const [query, setQuery] = useState(() => new URLSearchParams(location.search).get('q') ?? '');
  const [filters, setFilters] = useState<SearchFilters>({});
  const [sort, setSort] = useState<SortOrder>('relevance');
  const [range, setRange] = useState<{ start: number; end: number }>();
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [focused, setFocused] = useState<string>();
  const anchor = useRef<number | undefined>(undefined);
  const [facets, setFacets] = useState<Facets>();
  const [removing, setRemoving] = useState<ReadonlySet<string>>(new Set());
  const [toast, setToast] = useState<Toast>();
  const [error, setError] = useState<string>();
  const [exporting, setExporting] = useState(false);
  const version = useLibraryVersion();
  const status = useIndexStatus(version);
  const ready = status?.state === 'ready';
  const storage = useStorageUsage(version);
  const imports = useImport(send, db);
  const trimmed = query.trim();
  const key = JSON.stringify([trimmed, filters, sort]);
  const filtered = isFiltered(query, filters);
  // The newest clips come straight from the database, so the page opens at once, index ready or not.
  const browsing = !filtered && sort !== 'submitted';

  // Once per change of the library: from the index's first answers while they are as new as the library (a page
  // opened as the browser starts, before the index has read itself back), else from the index. Chromium counts
  // the papers table by walking it (130 ms at 50k), and holds up every other read of the library meanwhile.
  const size = useMemo(() => {
    // Asked for when first needed, beside the rows' own reads.
    let known: Promise<number> | undefined;
    const fromIndex = () =>
      send({ type: 'index-status' }).then(
        (answer) => answer.size ?? db.papers.count(),
        () => db.papers.count(),
      );
    return () =>
      (known ??= librarySize(db, indexStore).then(
        (size) => size ?? fromIndex(),
        () => fromIndex(),
      ));
  }, [version]);
  // A search is sent as soon as the page opens: the index answers it once it has read itself back (it says so
  // when it has to be built instead, and the page shows that).
  const searchable = status?.state !== 'building' && status?.state !== 'failed';
  // A search answered from the words alone, while the search index was read back after a restart: asked again
  // once the index is ready (the list's version moves on then).
  const [provisional, setProvisional] = useState(false);
  const find = browsing
    ? (offset: number, limit: number): Promise<Found> =>
        Promise.all([newestClips(offset, limit), size()]).then(([ids, total]) => ({
          total,
          matches: total,
          ids,
        }))
    : searchable
      ? (offset: number, limit: number): Promise<Found> =>
          // The library's size comes with the answer: counting the papers table would cost ~100 ms at 50k.
          // Until this page has opened the library itself (after a restart that takes 60-100 ms), the
          // records come with the answer, read by the worker, whose connection is open.
          sendSearch({
            type: 'search',
            query: trimmed,
            filters,
            sort,
            offset,
            limit,
            withPapers: !db.isOpen(),
          }).then(async (found) => {
            if (found.status.state !== 'ready' && !found.provisional) throw new NotSearchable();
            setProvisional(Boolean(found.provisional));
            return {
              total: found.size ?? (await size()),
              matches: found.total,
              ids: found.ids,
              papers: found.papers,
            };
          })
      : undefined;

  // The count says "M of N" for the search its numbers answer, also while the next one is on its way.
  const windows = useListWindows({
    key,
    version: version * 2 + (provisional && ready ? 1 : 0),
    find,
    read: (ids) => db.papers.bulkGet(ids),
    range,
    initial: useMemo(() => {
      const kept = browsing ? keptFirstScreen() : undefined;
      return kept && { key, ...kept };
    }, []),
    onError: (e: Error) =>
      // The index is being built: the page shows its progress, and searches once it is ready.
      e instanceof NotSearchable || setError(`Papershelf could not search your library: ${e.message}`),
  });

  // The newest clips as read now, kept for the next time the page opens.
  useEffect(() => {
    if (!browsing || windows.pending || windows.version < 0) return;
    const rows: StoredPaper[] = [];
    for (let i = 0; i < Math.min(FIRST_SCREEN_ROWS, windows.total); i++) {
      const row = windows.row(i);
      if (!row) return;
      rows.push(row);
    }
    keepFirstScreen({ total: windows.total, rows }, document.getElementById('app'));
  }, [browsing, windows.pending, windows.version, windows.total]);

  useEffect(() => {
    if (!ready) return;
    let stale = false;
    send({ type: 'facets' }).then(
      (next) => !stale && setFacets(next),
      () => {},
    );
    return () => {
      stale = true;
    };
  }, [ready, version]);

  // The toast goes after a while; Undo is there until then.
  useEffect(() => {
    if (!toast) return;
    const timer = setTimeout(() => setToast(undefined), UNDO_MS);
    return () => clearTimeout(timer);
  }, [toast]);

  const failed = (what: string) => (e: Error) => setError(`${what}: ${e.message}`);

  const edit = (ids: string[], change: PaperEdit) => {
    if (ids.length === 0) return;
    send({ type: 'edit-papers', ids, edit: change }).catch(failed('The change was not saved'));
  };

  const remove = (ids: string[]) => {
    setRemoving((now) => new Set([...now, ...ids]));
    send({ type: 'remove', ids })
      .then(({ removed }) => {
        const gone = new Set(removed);
        setSelected((now) => new Set([...now].filter((id) => !gone.has(id))));
        setFocused((now) => (now && gone.has(now) ? undefined : now));
        if (removed.length > 0) setToast({ ids: removed, text: `Removed ${papersCount(removed.length)}` });
      })
      .catch(failed('Could not remove'))
      .finally(() => setRemoving((now) => new Set([...now].filter((id) => !ids.includes(id)))));
  };

  const undo = () => {
    if (!toast) return;
    const { ids } = toast;
    setToast(undefined);
    send({ type: 'undo-remove', ids }).catch(failed('Could not bring the papers back'));
  };

  /** The selection, else what the search and filters show, else the whole library, in list order. */
  const exportAs = async (format: ExportFormat) => {
    setExporting(true);
    try {
      let papers: StoredPaper[];
      if (selected.size > 0 || filtered) {
        let ids = [...selected];
        if (ids.length === 0) {
          if (!find) throw new Error('the library is still being indexed');
          for (let offset = 0, total = 1; offset < total; offset += EXPORT_BLOCK) {
            const found = await find(offset, EXPORT_BLOCK);
            total = found.matches;
            ids.push(...found.ids);
          }
        }
        ids = [...new Set(ids)];
        papers = (await db.papers.bulkGet(ids)).filter((paper) => paper !== undefined);
      } else papers = await db.papers.orderBy('savedAt').reverse().toArray();
      await exportPapers(papers, format);
    } catch (e) {
      setError(`The export failed: ${(e as Error).message}`);
    } finally {
      setExporting(false);
    }
  };
  const exportScope =
    selected.size > 0
      ? `the ${papersCount(selected.size)} selected`
      : filtered
        ? `the ${papersCount(windows.matches)} found`
        : 'the whole library';

  const click = (index: number, id: string, how: RowClick) => {
    if (how.range && anchor.current !== undefined) {
      const [from, to] = [Math.min(anchor.current, index), Math.max(anchor.current, index)];
      windows
        .idsBetween(from, to)
        .then(
          (ids) => setSelected((now) => new Set([...now, ...ids])),
          failed('Could not select those papers'),
        );
      return;
    }
    anchor.current = index;
    if (how.toggle) {
      setSelected((now) => {
        const next = new Set(now);
        if (!next.delete(id)) next.add(id);
        return next;
      });
    } else setFocused(id);
  };

  // A new search keeps the selection (it is said how many are selected) but not the range's start.
  useEffect(() => {
    anchor.current = undefined;
  }, [key]);

  const onRange = useCallback((next: { start: number; end: number }) => setRange(next), []);

  const focusedPaper = usePaper(focused);
  const related = usePolled(
    focusedPaper
      ? () =>
          send({
            type: 'related',
            paper: {
              id: focusedPaper.id,
              title: focusedPaper.title,
              abstract: focusedPaper.abstract,
              categories: focusedPaper.categories,
              authors: focusedPaper.authors,
            },
            k: RELATED,
          })
      : undefined,
    (answer) => answer.status.state !== 'ready',
    [focusedPaper?.id, ready],
  );

  const statusLine = !windows.loaded
    ? !find && status?.state === 'building'
      ? `Indexing your library: ${status.done.toLocaleString('en')} of ${status.total.toLocaleString('en')} papers. Search and filters work once this is done.`
      : 'Reading your library…'
    : windows.pending && !find && status?.state === 'building'
      ? `Indexing your library: ${status.done.toLocaleString('en')} of ${status.total.toLocaleString('en')} papers. The newest clips are listed meanwhile; search works once this is done.`
      : status?.state === 'failed'
        ? `The library index failed (${status.error ?? 'unknown error'}): reload the extension.`
        : undefined;

  const selectedIds = [...selected];
  const selection = selected.size > 0 && (
    <section class="selection" data-testid="selection" aria-label="Selected papers">
      <p class="selection-count" data-testid="selection-count">
        {papersCount(selected.size)} selected
      </p>
      <LibraryTags
        tags={[]}
        subject={`the ${papersCount(selected.size)} selected`}
        suggestions={TAG_SUGGESTIONS}
        inputTestId="selection-tag-input"
        onAdd={(tag) => edit(selectedIds, { addTags: [tag] })}
        onRemove={() => {}}
      />
      <button
        type="button"
        data-testid="selection-read"
        onClick={() => edit(selectedIds, { readState: 'read' })}
      >
        Mark read
      </button>
      <button type="button" data-testid="remove-selected" onClick={() => remove(selectedIds)}>
        Remove {papersCount(selected.size)}
      </button>
      <button type="button" data-testid="clear-selection" onClick={() => setSelected(new Set())}>
        Clear selection
      </button>
    </section>
  );

  const renderRow = (index: number, slot: RowSlot) => {
    const paper = windows.row(index);
    if (!paper) return <PaperRowSlot key={`slot-${index}`} slot={slot} />;
    return (
      <PaperRow
        key={paper.id}
        paper={paper}
        slot={slot}
        selected={selected.has(paper.id)}
        focused={focused === paper.id}
        removing={removing.has(paper.id)}
        tagSuggestions={TAG_SUGGESTIONS}
        onClick={click}
        onEdit={(id, change) => edit([id], change)}
        onRemove={(id) => remove([id])}
      />
    );
  };

  return (
    <LibraryView
      total={windows.total}
      matches={windows.matches}
      query={query}
      filters={filters}
      sort={sort}
      facets={facets}
      status={statusLine}
      error={error}
      storage={storage}
      countFiltered={
        windows.key ? isFiltered(...(JSON.parse(windows.key) as [string, SearchFilters])) : false
      }
      onQuery={setQuery}
      onFilters={setFilters}
      onSort={setSort}
      selection={selection}
      exportTools={<LibraryExport scope={exportScope} busy={exporting} onExport={exportAs} />}
      list={
        <>
          <LibraryList
            count={windows.matches}
            listKey={key}
            pending={windows.pending}
            renderRow={renderRow}
            onRange={onRange}
          />
          <datalist id={TAG_SUGGESTIONS}>
            {(facets?.tags ?? []).map(([tag]) => (
              <option key={tag} value={tag} />
            ))}
          </datalist>
        </>
      }
      detail={
        focusedPaper && (
          <PaperDetail
            paper={focusedPaper}
            related={{
              items: related.answer?.items,
              others: Math.max((related.answer?.librarySize ?? 1) - 1, 0),
              status: related.answer?.status,
              error: related.error,
            }}
            onEdit={(id, change) => edit([id], change)}
            onClose={() => setFocused(undefined)}
          />
        )
      }
      toast={
        toast && (
          <div class="toast" role="status" data-testid="toast">
            <span>{toast.text}</span>
            <button type="button" data-testid="undo" onClick={undo}>
              Undo
            </button>
          </div>
        )
      }
    >
      <ImportPanel {...imports} />
      <SyncNotice status={syncStatus} />
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
if (root) {
  takeOver(root);
  render(<App />, root);
}
