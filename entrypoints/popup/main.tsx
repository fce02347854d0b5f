import { render } from 'preact';
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { ListingClipper } from '@/components/ListingClipper';
import { PaperCard } from '@/components/PaperCard';
import { RecentList } from '@/components/RecentList';
import { RelatedList } from '@/components/RelatedList';
import { SearchResults } from '@/components/SearchResults';
import { SyncNotice, useSyncStatus } from '@/components/SyncNotice';
import { usePolled } from '@/components/usePolled';
import type { StoredPaper } from '@/lib/db';
import type { IndexStatus } from '@/lib/library-index';
import type { PageRelated, TabState } from '@/lib/messages';
import type { Paper } from '@/lib/paper';
import { firstQuestions } from '@/lib/popup-first-questions';
import { send } from '@/lib/send';
import { sendSearch } from '@/lib/send-search';
import './style.css';

/** How often the popup looks at a running "Clip all" (the background runs it). */
const BULK_POLL_MS = 300;
/** How many times a popup that found nothing on its tab asks again (the report may be on its way). */
const REPORT_TRIES = 10;
/** Related papers shown for the tab's paper. */
const RELATED = 5;
/** Search results shown while typing. */
const RESULTS = 8;

const LIBRARY_URL = browser.runtime.getURL('/library.html');

/** The way to the library, on every state of the popup, errors included. */
function LibraryLink() {
  return (
    <footer class="popup-footer">
      <a data-testid="open-library" href={LIBRARY_URL} onClick={openLibrary}>
        Open library
      </a>
    </footer>
  );
}

function openLibrary(event: MouseEvent) {
  event.preventDefault();
  void openTab(LIBRARY_URL);
}

/** A popup closes as soon as it loses focus: the page opens in a tab of its own. */
const openTab = (url: string) => browser.tabs.create({ url }).then(() => window.close());

const unfinished = (status: IndexStatus) => status.state === 'opening' || status.state === 'building';

/** Asked by popup.html's first script, before this module loaded (lib/popup-first-questions.ts). */
const first = firstQuestions();

/** The related papers of the tab's paper, asked again only when the tab shows another paper. */
function useRelated(paper: Paper | undefined) {
  const latest = useRef(paper);
  latest.current = paper;
  const id = paper?.id;
  const ask = () => {
    const { title, abstract, categories, authors } = latest.current ?? {};
    return send({
      type: 'related',
      paper: { id: id ?? '', title, abstract, categories, authors },
      k: RELATED,
    });
  };
  return usePolled(id ? ask : undefined, (reply) => unfinished(reply.status), [id]);
}

/** How soon a search answered before the search index was read back is asked again. */
const PROVISIONAL_POLL_MS = 200;

/** This popup, to the index: a search overtaken by a newer keystroke is not run. */
const CLIENT = `popup-${crypto.randomUUID()}`;

/** Search on every keystroke; an overtaken answer is not shown (the newer one follows). */
function useSearch(query: string) {
  const ask = () => sendSearch({ type: 'search', query, limit: RESULTS, withHits: true, client: CLIENT });
  // An answer from the words alone (the search index still read back after a restart) is soon asked again.
  const again = (reply: { status: IndexStatus; provisional?: true }) =>
    reply.provisional ? PROVISIONAL_POLL_MS : unfinished(reply.status);
  const answer = usePolled(query.trim() ? ask : undefined, again, [query]).answer;
  return answer?.overtaken ? undefined : answer;
}

/** Moves focus `step` links along the related papers; above the first is the search box. */
function moveInRelated(event: KeyboardEvent, step: number) {
  const links = [...document.querySelectorAll<HTMLAnchorElement>('.related-list a')];
  const at = links.indexOf(document.activeElement as HTMLAnchorElement);
  const next = at + step;
  if (next < 0) document.querySelector<HTMLInputElement>('[data-testid="search-input"]')?.focus();
  else links[Math.min(next, links.length - 1)]?.focus();
  event.preventDefault();
}

function onRelatedKey(event: KeyboardEvent) {
  if (event.key === 'ArrowDown') moveInRelated(event, 1);
  else if (event.key === 'ArrowUp') moveInRelated(event, -1);
  else if (event.key === 'Escape') moveInRelated(event, -Number.POSITIVE_INFINITY);
}

function Popup() {
  const syncStatus = useSyncStatus();
  const [tabId, setTabId] = useState<number>();
  const [state, setState] = useState<TabState>();
  const [recent, setRecent] = useState<StoredPaper[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  /** Papers just removed here, which Undo brings back. */
  const [undoable, setUndoable] = useState<string[]>();
  /** The tab's related papers asked as the popup opens, beside its state (not after it). */
  const [early, setEarly] = useState<PageRelated>();
  const found = useSearch(query);
  const single = state?.papers[0];
  const related = useRelated(single);
  // Worked out when the page was reported: shown until the index answers now (after a browser restart, the
  // index may still be reading itself back).
  const reported = [early, state?.related].find((kept) => kept && kept.paperId === single?.id);
  const answered = related.answer && !unfinished(related.answer.status) ? related.answer : undefined;
  const relatedNow =
    answered ?? (reported && { items: reported.items.slice(0, RELATED), librarySize: reported.librarySize });

  const refresh = useCallback(async (id: number | undefined) => {
    // The tab's state is shown as soon as it comes, not after the recent clips.
    const recentClips = send({ type: 'recent', limit: 8 }).then(setRecent);
    setState(id === undefined ? { papers: [], savedIds: [] } : await send({ type: 'tab-state', tabId: id }));
    await recentClips;
  }, []);

  // Taken on as the first render is in place, not after its paint (when Preact runs effects): answers that came
  // meanwhile are drawn at once.
  useLayoutEffect(() => {
    const failed = (e: Error) => setError(e.message);
    first.tab.then(setTabId, () => {});
    first.related.then(
      ({ related }) => setEarly(related),
      () => {},
    );
    first.state.then(setState, failed);
    first.recent.then(setRecent, failed);
  }, []);

  const run = async (work: () => Promise<unknown>) => {
    setBusy(true);
    setError(undefined);
    try {
      await work();
      await refresh(tabId);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  // Opened before the page's report arrived (a large listing is still being read): asked again for a while.
  const nothingYet =
    state !== undefined && state.papers.length === 0 && !state.listing && tabId !== undefined;
  useEffect(() => {
    if (!nothingYet) return;
    let tries = 0;
    const timer = setInterval(() => {
      if (++tries > REPORT_TRIES) clearInterval(timer);
      else void refresh(tabId).catch(() => {});
    }, BULK_POLL_MS);
    return () => clearInterval(timer);
  }, [nothingYet, refresh, tabId]);

  // "Clip all" runs in the background: the popup only watches it (and may be closed meanwhile).
  const bulkRunning = state?.bulk?.state === 'running';
  useEffect(() => {
    if (!bulkRunning) return;
    const timer = setInterval(() => void refresh(tabId).catch(() => {}), BULK_POLL_MS);
    return () => clearInterval(timer);
  }, [bulkRunning, refresh, tabId]);

  if (error && !state)
    return (
      <main>
        <p class="error" role="alert">
          {error}
        </p>
        <LibraryLink />
      </main>
    );
  // In the box the popup's content will fill: nothing moves when it comes.
  if (!state)
    return (
      <main aria-busy="true">
        <p class="loading">Loading…</p>
      </main>
    );

  const saved = new Set(state.savedIds);
  const searching = query.trim() !== '';
  const hits = found?.hits;

  const onSearchKey = (event: KeyboardEvent) => {
    const count = hits?.length ?? 0;
    // Not searching: the arrow goes down into the related papers.
    if (event.key === 'ArrowDown' && !searching) return moveInRelated(event, 1);
    if (event.key === 'ArrowDown' && count > 0) setActive((i) => (i + 1) % count);
    else if (event.key === 'ArrowUp' && count > 0) setActive((i) => (i - 1 + count) % count);
    else if (event.key === 'Enter' && hits?.[active]) void openTab(hits[active].url);
    else if (event.key === 'Escape' && searching) setQuery('');
    else return;
    event.preventDefault();
  };

  return (
    // Arrow keys move between the related papers' links (the handler only acts inside that list).
    <main onKeyDown={(event) => (event.target as Element).closest?.('.related-list') && onRelatedKey(event)}>
      <SyncNotice status={syncStatus} />
      <input
        type="search"
        class="search-input"
        data-testid="search-input"
        placeholder="Search your library"
        aria-label="Search your library"
        aria-controls={searching ? 'search-results' : undefined}
        // biome-ignore lint/a11y/noAutofocus: the popup opens to search, as a browser's address bar does
        autoFocus
        value={query}
        onInput={(event) => {
          setQuery(event.currentTarget.value);
          setActive(0);
        }}
        onKeyDown={onSearchKey}
      />
      {searching && (
        <SearchResults
          query={query}
          hits={hits}
          total={found?.total ?? 0}
          status={found?.status}
          active={active}
          allUrl={`${LIBRARY_URL}?q=${encodeURIComponent(query)}`}
        />
      )}
      {!searching && error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {!searching && single && (
        <PaperCard
          paper={single}
          saved={saved.has(single.id)}
          removed={state.removedIds?.includes(single.id) ?? false}
          busy={busy}
          onToggle={() =>
            run(async () => {
              if (!saved.has(single.id))
                return send({ type: 'clip', tabId: tabId as number, ids: [single.id] });
              await send({ type: 'unclip', id: single.id, tabId });
              setUndoable([single.id]);
            })
          }
          onEdit={(edit) => run(() => send({ type: 'edit-papers', ids: [single.id], edit }))}
        />
      )}
      {!searching && undoable && (
        <p class="undo-bar" role="status">
          Removed from your library ·{' '}
          <button
            type="button"
            data-testid="undo"
            class="link-button"
            onClick={() =>
              run(async () => {
                await send({ type: 'undo-remove', ids: undoable, tabId });
                setUndoable(undefined);
              })
            }
          >
            Undo
          </button>
        </p>
      )}
      {!searching && single && (
        <RelatedList
          items={relatedNow?.items}
          others={(relatedNow?.librarySize ?? 0) - (saved.has(single.id) ? 1 : 0)}
          status={relatedNow ? undefined : related.answer?.status}
          error={relatedNow ? undefined : related.error}
        />
      )}
      {!searching && state.listing && tabId !== undefined && (
        <ListingClipper
          count={state.listing.count}
          savedCount={state.savedIds.length}
          bulk={state.bulk}
          busy={busy}
          onClipAll={() => run(() => send({ type: 'clip-all', tabId }))}
        />
      )}
      {!searching && state.papers.length === 0 && !state.listing && tabId !== undefined && (
        <button
          type="button"
          class="clip-page"
          data-testid="clip-page"
          disabled={busy}
          onClick={() =>
            run(async () => {
              const found = await send({ type: 'clip-page', tabId });
              if (found.papers.length === 0) throw new Error('No paper found on this page.');
            })
          }
        >
          Clip this page
        </button>
      )}
      {!searching && (state.papers.length === 0 || state.listing) && (
        <section>
          <h2>Recent clips</h2>
          <RecentList papers={recent} />
        </section>
      )}
      <LibraryLink />
    </main>
  );
}

const root = document.getElementById('app');
if (root) render(<Popup />, root);
