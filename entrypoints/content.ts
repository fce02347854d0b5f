import { browser } from 'wxt/browser';
import {
  type ClipOutcome,
  type ListingChipView,
  type ListingMarks,
  listingMarks,
  type PaperChipView,
  removeOnPageViews,
  showListingChip,
  showPaperChip,
} from '@/components/onpage/mount';
import { describesUrl, extractPapers } from '@/lib/extract/index';
import type { ContentNotice, ReadPapersReply, ReportOrigin, Requests } from '@/lib/messages';
import {
  type EntryReader,
  entryReader,
  type ListingEntry,
  listingEntries,
  streamEntries,
} from '@/lib/onpage/entries';
import { isListing, type Paper } from '@/lib/paper';
import { send } from '@/lib/send';
import { contentScriptMatches, sitePageAt } from '@/lib/sites';

const SETTLE_INTERVAL_MS = 250;
const SETTLE_ATTEMPTS = 40;
/** How long a re-rendering app is left to settle before the marks it took away are put back. */
const REPAIR_MS = 100;
/** Requests for the saved ids of a listing's entries in flight at once, while it is parsed. */
const ASKING_AT_ONCE = 3;
/** A listing whose page has not changed for this long after an in-page navigation is taken as it is. */
const QUIET_MS = 1000;
/** Asks again this often, a few times, while the library index opens or builds. */
const RELATED_RETRY_MS = 2000;
const RELATED_RETRIES = 15;

// Pages that can hold papers (lib/sites.ts); PDFs are read from their URL by the background.
export default defineContentScript({
  matches: contentScriptMatches(),
  // Injected before the page is parsed: an arXiv listing's entries are marked while it is parsed, so that
  // every mark is there within 200 ms of the page being ready, even on a 2,000-entry list.
  runAt: 'document_start',
  // WXT would otherwise tell the page, with `window.postMessage`, that this extension's script started.
  noScriptStartedPostMessage: true,
  main(ctx) {
    /** The ids last reported: a listing that has not changed yet after an in-page navigation is the old one. */
    let reported: string[] = [];
    let lastMutation = performance.now();
    new MutationObserver(() => {
      lastMutation = performance.now();
    }).observe(document, { subtree: true, childList: true, characterData: true });

    // Every page event below is acted on only as the browser fires it: the page's scripts can dispatch a
    // `pageshow`, a `visibilitychange` or a `DOMContentLoaded` of their own (`isTrusted` false), and those do nothing.
    const parsed = () =>
      document.readyState !== 'loading' ? Promise.resolve() : browserFires(document, 'DOMContentLoaded');
    const loaded = () =>
      document.readyState === 'complete' ? Promise.resolve() : browserFires(window, 'load');

    /** Counts the pages drawn on: a reply for an earlier one does not draw on the page shown now. */
    let shown = 0;
    /** Shows again what is saved on the page drawn now, after the library changed elsewhere. */
    let followLibrary: (() => Promise<void>) | undefined;
    /** The page's corner control, whose panel the panel itself may ask to close. */
    let corner: ListingChipView | PaperChipView | undefined;
    /** The listing's marks, which the panel may ask to show an entry of. */
    let shownMarks: ListingMarks | undefined;
    const panelUrl = browser.runtime.getURL('/panel.html');
    const begin = () => {
      removeOnPageViews();
      followLibrary = undefined;
      corner = undefined;
      shownMarks = undefined;
      return ++shown;
    };

    /** A listing's marks, drawn as it was parsed. */
    interface Drawn {
      generation: number;
      /** Settles once every entry's mark is drawn (undefined: no marks). */
      marks: Promise<ListingMarks | undefined>;
      /**
       * Settles once the background has the listing's report. The marks come first, and the background clips
       * only entries of a listing it has been told of: a click meanwhile waits for the report.
       */
      reported: Deferred<void>;
    }

    // A listing reports only its ids (the background asks for the records when it needs them); a paper
    // page, its paper. The reply says what is saved, and which of the on-page views the reader wants.
    const report = (url: string, papers: Paper[], drawn?: Drawn, origin: ReportOrigin = { via: 'load' }) => {
      reported = papers.map((paper) => paper.id);
      const generation = drawn?.generation ?? begin();
      const current = () => generation === shown;
      const message = isListing(papers)
        ? ({ type: 'page-papers', url, listing: reported, ...origin } as const)
        : ({ type: 'page-papers', url, papers, ...origin } as const);
      const sent = send(message);
      void sent.finally(() => drawn?.reported.resolve()).catch(() => {});
      return sent.then(
        async (reply) => {
          if (!current()) return;
          if (!isListing(papers)) return showChip(url, papers[0], reply);
          let marks = await drawn?.marks;
          if (!drawn && reply.onPage?.showMarks) {
            marks = listingMarks(clipEntry(url), openListingPanel);
            marks.add(listingEntries(document, url), new Set(reply.savedIds));
          }
          if (marks && current()) showRelated(url, papers.length, marks, current);
        },
        (error) => console.warn('Papershelf could not reach its background:', error),
      );
    };

    /** Reads the page and reports it; a listing's marks come first, as its entries are parsed. */
    const visit = async (url: string) => {
      const reader = entryReader(url);
      if (!reader) {
        await parsed();
        return report(url, extractPapers(document, url));
      }
      const generation = begin();
      // A Hugging Face listing is an app: its cards are left alone until the page has loaded.
      if (reader.whenLoaded) await loaded();
      if (generation !== shown) return;
      const drawn = markListing(url, reader, generation);
      const marks = await drawn.marks;
      if (marks && reader.whenLoaded) keepMarks(url, marks, generation);
      await parsed();
      if (generation === shown) report(url, extractPapers(document, url), drawn);
    };

    /**
     * An app (Hugging Face) may render its list again, taking the marks away with the old cards: the entries
     * whose marks it removed are marked again, as they were, once it has settled for a moment.
     */
    function keepMarks(url: string, marks: ListingMarks, generation: number) {
      let timer: number | undefined;
      const observer = new MutationObserver((records) => {
        if (generation !== shown) return observer.disconnect();
        const lost = records.some((record) =>
          [...record.removedNodes].some(
            (node) =>
              node instanceof Element &&
              (node.hasAttribute('data-papershelf') || node.querySelector('[data-papershelf]') !== null),
          ),
        );
        if (!lost) return;
        clearTimeout(timer);
        timer = ctx.setTimeout(() => {
          if (generation === shown) marks.repair(listingEntries(document, url));
        }, REPAIR_MS);
      });
      observer.observe(document, { childList: true, subtree: true });
      ctx.onInvalidated(() => observer.disconnect());
    }

    /** "+ Clip" beside an entry: the background reads the entry from the listing it reported. */
    const clipEntry =
      (url: string, reported?: Promise<void>) =>
      async (id: string, restore: boolean): Promise<ClipOutcome> => {
        await reported;
        const { savedIds, removedIds = [] } = await send({ type: 'clip-entry', url, id, restore });
        return { saved: savedIds.includes(id), removed: removedIds.includes(id) };
      };

    const openListingPanel = () => corner?.update({ panel: panelUrl });

    /**
     * Marks a listing's entries as the parser completes them: their ids are asked about in batches (a few
     * requests at a time; those found meanwhile make the next batch) and drawn as each answer comes.
     */
    function markListing(url: string, reader: EntryReader, generation: number): Drawn {
      const reported = deferred<void>();
      const marks = listingMarks(clipEntry(url, reported.promise), openListingPanel);
      const finished = deferred<ListingMarks | undefined>();
      let queue: ListingEntry[] = [];
      let asking = 0;
      let parsedAll = false;
      let enabled = true;
      const ask = () => {
        const current = generation === shown;
        if (!current || !enabled || (parsedAll && queue.length === 0 && asking === 0)) {
          stop();
          finished.resolve(current && enabled ? marks : undefined);
          return;
        }
        if (queue.length === 0 || asking >= ASKING_AT_ONCE) return;
        const batch = queue;
        queue = [];
        asking++;
        send({ type: 'page-saved', url, ids: [...new Set(batch.map((entry) => entry.id))] })
          .then(
            ({ savedIds, onPage }) => {
              enabled = onPage.showMarks;
              if (enabled && generation === shown) marks.add(batch, new Set(savedIds));
            },
            () => {
              enabled = false;
            },
          )
          .finally(() => {
            asking--;
            ask();
          });
      };
      let stop = () => {};
      stop = streamEntries(
        document,
        reader,
        (entries) => {
          queue.push(...entries);
          ask();
        },
        () => {
          parsedAll = true;
          ask();
        },
      );
      return { generation, marks: finished.promise, reported };
    }

    /**
     * Then, worked out in the background, which unsaved entries are close to the library: marked "Related",
     * and counted by the listing's corner control, whose panel ranks them.
     */
    function showRelated(url: string, total: number, marks: ListingMarks, current: () => boolean) {
      shownMarks = marks;
      const chip = showListingChip(total, panelUrl);
      corner = chip;
      let related: string[] = [];
      let saved = new Set<string>();
      const count = (checked?: number) =>
        chip.update({ related: related.filter((id) => !saved.has(id)).length, checked });
      followLibrary = async () => {
        const reply = await send({ type: 'page-saved', url, ids: marks.ids() });
        saved = new Set(reply.savedIds);
        marks.setSaved(saved);
        if (related.length > 0) count();
      };
      const ask = (retries: number): Promise<void> =>
        send({ type: 'listing-related', url }).then(
          (reply) => {
            if (!current()) return;
            // Nothing looked at yet while the library index opens: asked again in a moment.
            if (reply.checked === 0 && reply.related.length === 0 && retries > 0 && reply.total > 0) {
              ctx.setTimeout(() => void ask(retries - 1), RELATED_RETRY_MS);
              return;
            }
            related = reply.related;
            marks.setRelated(related);
            count(reply.checked);
          },
          () => chip.update({ related: 0 }),
        );
      void ask(RELATED_RETRIES);
    }

    /** A paper page's corner chip: saved or not, how many papers of the library are close, and "Clip". */
    function showChip(url: string, paper: Paper | undefined, reply: Requests['page-papers']['response']) {
      if (!paper || !reply.onPage?.showChip) return;
      const chip = showPaperChip(
        {
          saved: reply.savedIds.includes(paper.id),
          onClip: (restore) => {
            chip.update({ clipping: true, error: undefined });
            send({ type: 'clip-shown', url, restore }).then(
              ({ savedIds, removedIds = [] }) =>
                chip.update({
                  clipping: false,
                  saved: savedIds.includes(paper.id),
                  removed: removedIds.includes(paper.id),
                }),
              (error: Error) => chip.update({ clipping: false, error: error.message }),
            );
          },
        },
        panelUrl,
      );
      corner = chip;
      const count = (retries: number): Promise<void> =>
        send({ type: 'page-related', url }).then(
          (answer) => {
            chip.update({ related: answer.related, status: answer.status, saved: answer.saved });
            if (answer.status && retries > 0) ctx.setTimeout(() => void count(retries - 1), RELATED_RETRY_MS);
          },
          () => chip.update({ related: 0, status: undefined }),
        );
      void count(RELATED_RETRIES);
      followLibrary = async () => {
        const { savedIds } = await send({ type: 'page-saved', url, ids: [paper.id] });
        chip.update({ saved: savedIds.includes(paper.id), removed: false });
      };
    }
    void visit(location.href);

    // Back to a page kept in the back/forward cache: the script does not run again, the page is reported again.
    // (A page's own `pageshow` would have its page read again after its load, by a script loaded since.)
    ctx.addEventListener(window, 'pageshow', (event) => {
      if (event.isTrusted && (event as PageTransitionEvent).persisted) void visit(location.href);
    });

    // The library changed elsewhere: one question at a time, and one more if it changed again meanwhile.
    let following: Promise<void> | undefined;
    let changedAgain = false;
    const libraryChanged = () => {
      if (following) {
        changedAgain = true;
        return;
      }
      following = (followLibrary?.() ?? Promise.resolve())
        .catch(() => {})
        .finally(() => {
          following = undefined;
          if (changedAgain) {
            changedAgain = false;
            libraryChanged();
          }
        });
    };

    // Back to this tab: what was saved meanwhile without a notice (an import or a backup restored in the library
    // page, written by the index's worker) shows too.
    ctx.addEventListener(document, 'visibilitychange', (event) => {
      if (event.isTrusted && document.visibilityState === 'visible') libraryChanged();
    });

    // The background reads a listing's records when it refreshes saved papers or clips them all; the panel
    // asks (through it) to show an entry, or to close.
    browser.runtime.onMessage.addListener((message: ContentNotice, sender) => {
      if (sender.id !== browser.runtime.id) return;
      if (message?.type === 'library-changed') return void libraryChanged();
      if (message?.type === 'show-entry') return void shownMarks?.show(message.id);
      if (message?.type === 'close-panel') return void corner?.closePanel();
      if (message?.type !== 'read-papers') return;
      const reply: ReadPapersReply =
        message.url === location.href
          ? {
              ok: true,
              value: extractPapers(document, location.href).filter(
                (paper) => !message.ids || message.ids.includes(paper.id),
              ),
            }
          : { ok: false, error: 'The tab shows another page now.' };
      return Promise.resolve(reply);
    });

    // Hugging Face moves between papers and listings without reloading: wait until the page shows the new
    // URL's paper, or a listing other than the one last reported (or one the page has stopped changing). arXiv
    // never does: a URL its page pushes is a script's, never read. A move no person asked for (no click or key
    // just before it) is reported as such: shown, never clipped.
    if (sitePageAt(location.href)?.site !== 'huggingface') return;
    ctx.addEventListener(window, 'wxt:locationchange', async ({ newUrl }) => {
      const url = newUrl.href;
      const origin: ReportOrigin = {
        via: 'in-page',
        userActivation: navigator.userActivation?.isActive ?? false,
      };
      const pause = (ms: number) => new Promise<void>((resolve) => ctx.setTimeout(resolve, ms));
      // The Navigation API announces the move before `location` shows it.
      for (let wait = 0; wait < 20 && location.href !== url; wait++) await pause(50);
      const since = performance.now();
      for (let attempt = 0; attempt < SETTLE_ATTEMPTS && location.href === url; attempt++) {
        const papers = extractPapers(document, url);
        const settled = isListing(papers)
          ? papers.some((paper, i) => paper.id !== reported[i]) ||
            papers.length !== reported.length ||
            (performance.now() - since > QUIET_MS && performance.now() - lastMutation > QUIET_MS)
          : papers.length > 0 && describesUrl(papers, url);
        if (settled) return report(url, papers, undefined, origin);
        await pause(SETTLE_INTERVAL_MS);
      }
      if (location.href === url) report(url, extractPapers(document, url), undefined, origin);
    });
  },
});

/** Settles at the next `type` event the browser fires at `target`; one a page's script dispatches is not it. */
function browserFires(target: EventTarget, type: string): Promise<void> {
  return new Promise((done) => {
    const listener = (event: Event) => {
      if (!event.isTrusted) return;
      target.removeEventListener(type, listener);
      done();
    };
    target.addEventListener(type, listener);
  });
}

interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
  reject(error: unknown): void;
}

function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((yes, no) => {
    resolve = yes;
    reject = no;
  });
  return { promise, resolve, reject };
}
