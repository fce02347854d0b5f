import { render } from 'preact';
import { useCallback, useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { ListingClipper } from '@/components/ListingClipper';
import { PaperCard } from '@/components/PaperCard';
import { RecentList } from '@/components/RecentList';
import type { StoredPaper } from '@/lib/db';
import type { TabState } from '@/lib/messages';
import { isListing } from '@/lib/paper';
import { send } from '@/lib/send';
import './style.css';

/** Papers per message in a bulk clip: small enough for a smooth progress bar, large enough to be quick. */
const CLIP_BATCH = 10;

const LIBRARY_URL = browser.runtime.getURL('/library.html');

/** In a tab of its own: a popup closes as soon as it loses focus. */
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
  void browser.tabs.create({ url: LIBRARY_URL }).then(() => window.close());
}

/** `popup.html?tabId=N` shows tab N (tests and people open it in a tab); otherwise the active tab. */
async function targetTabId(): Promise<number | undefined> {
  const param = new URLSearchParams(location.search).get('tabId');
  if (param && /^\d+$/.test(param)) return Number(param);
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  return tab?.id;
}

function Popup() {
  const [tabId, setTabId] = useState<number>();
  const [state, setState] = useState<TabState>();
  const [recent, setRecent] = useState<StoredPaper[]>([]);
  const [busy, setBusy] = useState(false);
  const [progress, setProgress] = useState<number>();
  const [error, setError] = useState<string>();

  const refresh = useCallback(async (id: number | undefined) => {
    const [tab, latest] = await Promise.all([
      id === undefined
        ? Promise.resolve({ papers: [], savedIds: [] })
        : send({ type: 'tab-state', tabId: id }),
      send({ type: 'recent', limit: 8 }),
    ]);
    setState(tab);
    setRecent(latest);
  }, []);

  useEffect(() => {
    targetTabId()
      .then((id) => {
        setTabId(id);
        return refresh(id);
      })
      .catch((e: Error) => setError(e.message));
  }, [refresh]);

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
      setProgress(undefined);
    }
  };

  if (error && !state)
    return (
      <main>
        <p class="error" role="alert">
          {error}
        </p>
        <LibraryLink />
      </main>
    );
  if (!state) return <p class="loading">Loading…</p>;

  const saved = new Set(state.savedIds);
  const [single] = state.papers;
  const listing = isListing(state.papers);

  return (
    <main>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {single && !listing && (
        <PaperCard
          paper={single}
          saved={saved.has(single.id)}
          busy={busy}
          onToggle={() =>
            run(() =>
              saved.has(single.id)
                ? send({ type: 'unclip', id: single.id, tabId })
                : send({ type: 'clip', papers: [single], tabId }),
            )
          }
        />
      )}
      {listing && (
        <ListingClipper
          papers={state.papers}
          savedCount={state.papers.filter((p) => saved.has(p.id)).length}
          progress={progress}
          onClipAll={() =>
            run(async () => {
              setProgress(0);
              for (let i = 0; i < state.papers.length; i += CLIP_BATCH) {
                await send({ type: 'clip', papers: state.papers.slice(i, i + CLIP_BATCH), tabId });
                setProgress(Math.min(i + CLIP_BATCH, state.papers.length));
              }
            })
          }
        />
      )}
      {state.papers.length === 0 && tabId !== undefined && (
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
      {(state.papers.length === 0 || listing) && (
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
