import { browser } from 'wxt/browser';
import { type ListingMarks, listingMarks, removeOnPageViews, showPaperChip } from '@/components/onpage/mount';
import { describesUrl, extractPapers } from '@/lib/extract/index';
import type { LibraryChangedNotice, ReadPapersReply, ReadPapersRequest, Requests } from '@/lib/messages';
import {
  type EntryReader,
  entryReader,
  type ListingEntry,
  listingEntries,
  streamEntries,
} from '@/lib/onpage/entries';
import { LISTING_RELATED_MAX, relatedFields } from '@/lib/onpage/related';
import { isListing, type Paper } from '@/lib/paper';
import { send } from '@/lib/send';
import { contentScriptMatches } from '@/lib/sites';

const SETTLE_INTERVAL_MS = 250;
const SETTLE_ATTEMPTS = 40;
/** How long a re-rendering app is left to settle before the marks it took away are put back. */
const REPAIR_MS = 100;
/** Requests for the saved ids of a listing's entries in flight at once, while it is parsed. */
const ASKING_AT_ONCE = 3;
/** A listing whose page has not changed for this long after an in-page navigation is taken as it is. */
const QUIET_MS = 1000;

// Pages that can hold papers (lib/sites.ts); PDFs are read from their URL by the background.
export default defineContentScript({
  matches: contentScriptMatches(),
  // Injected before the page is parsed: an arXiv listing's entries are marked while it is parsed, so that
  // every mark is there within 200 ms of the page being ready, even on a 2,000-entry list.
  runAt: 'document_start',
  main(ctx) {
    /** The ids last reported: a listing that has not changed yet after an in-page navigation is the old one. */
    let reported: string[] = [];
    let lastMutation = performance.now();
    new MutationObserver(() => {
      lastMutation = performance.now();
    }).observe(document, { subtree: true, childList: true, characterData: true });

    const parsed = () =>
      document.readyState !== 'loading'
        ? Promise.resolve()
        : new Promise((done) => ctx.addEventListener(document, 'DOMContentLoaded', done, { once: true }));
    const loaded = () =>
      document.readyState === 'complete'
        ? Promise.resolve()
        : new Promise((done) => ctx.addEventListener(window, 'load', done, { once: true }));

    /** Counts the pages drawn on: a reply for an earlier one does not draw on the page shown now. */
    let shown = 0;
    /** Shows again what is saved on the page drawn now, after the library changed elsewhere. */
    let followLibrary: (() => Promise<void>) | undefined;
    const begin = () => {
      removeOnPageViews();
      followLibrary = undefined;
      return ++shown;
    };

    /** A listing's marks; `records` settles once the listing is read and reported. */
    interface Drawn {
      generation: number;
      /** Settles once every entry's mark is drawn (undefined: no marks). */
      marks: Promise<ListingMarks | undefined>;
      records: Deferred<Map<string, Paper>>;
    }

    // A listing reports only its ids (the background asks for the records when it needs them); a paper
    // page, its paper. The reply says what is saved, and which of the on-page views the reader wants.
    const report = (url: string, papers: Paper[], drawn?: Drawn) => {
      reported = papers.map((paper) => paper.id);
      const generation = drawn?.generation ?? begin();
      const current = () => generation === shown;
      const message = isListing(papers)
        ? ({ type: 'page-papers', url, listing: reported } as const)
        : ({ type: 'page-papers', url, papers } as const);
      const records = drawn?.records ?? deferred<Map<string, Paper>>();
      records.promise.catch(() => {});
      return send(message).then(
        async (reply) => {
          records.resolve(new Map(papers.map((paper) => [paper.id, paper])));
          if (!current()) return;
          if (!isListing(papers)) return showChip(url, papers[0], reply);
          let marks = await drawn?.marks;
          if (!drawn && reply.onPage?.showMarks) {
            marks = listingMarks(clipEntry(url, records.promise));
            marks.add(listingEntries(document, url), new Set(reply.savedIds));
          }
          if (marks && current()) {
            followLibrary = () => showSaved(marks);
            showRelated(url, papers, new Set(reply.savedIds), marks, current);
          }
        },
        (error) => {
          records.reject(error);
          console.warn('Papershelf could not reach its background:', error);
        },
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

    /** "+ Clip" beside an entry: its record as the listing was read (the background takes only those). */
    const clipEntry = (url: string, records: Promise<Map<string, Paper>>) => async (id: string) => {
      const paper = (await records).get(id);
      if (!paper) throw new Error('Papershelf cannot read this entry: reload the page.');
      await send({ type: 'clip-entry', url, paper });
    };

    /**
     * Marks a listing's entries as the parser completes them: their ids are asked about in batches (a few
     * requests at a time; those found meanwhile make the next batch) and drawn as each answer comes.
     */
    function markListing(url: string, reader: EntryReader, generation: number): Drawn {
      const records = deferred<Map<string, Paper>>();
      records.promise.catch(() => {});
      const marks = listingMarks(clipEntry(url, records.promise));
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
        send({ type: 'page-saved', ids: [...new Set(batch.map((entry) => entry.id))] })
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
      return { generation, marks: finished.promise, records };
    }

    /** Then, off this page's thread, which unsaved entries are close to the library. */
    function showRelated(
      url: string,
      papers: Paper[],
      saved: ReadonlySet<string>,
      marks: ListingMarks,
      current: () => boolean,
    ) {
      const unsaved = papers.filter((paper) => !saved.has(paper.id)).slice(0, LISTING_RELATED_MAX);
      if (unsaved.length === 0) return;
      send({ type: 'listing-related', url, papers: unsaved.map(relatedFields) }).then(
        ({ related }) => current() && marks.setRelated(related),
        () => {},
      );
    }

    /** Marks entries clipped or removed since they were drawn as they are now. */
    async function showSaved(marks: ListingMarks) {
      const { savedIds } = await send({ type: 'page-saved', ids: marks.ids() });
      marks.setSaved(new Set(savedIds));
    }

    /** A paper page's corner chip: saved or not, its close papers in the library, and "Clip" when manual. */
    function showChip(url: string, paper: Paper | undefined, reply: Requests['page-papers']['response']) {
      if (!paper || !reply.onPage?.showChip) return;
      const chip = showPaperChip(
        {
          saved: reply.savedIds.includes(paper.id),
          onClip: () => {
            chip.update({ clipping: true, error: undefined });
            send({ type: 'clip-shown', url }).then(
              () => chip.update({ clipping: false, saved: true }),
              (error: Error) => chip.update({ clipping: false, error: error.message }),
            );
          },
        },
        () => send({ type: 'page-related', url }),
      );
      followLibrary = async () => {
        const { savedIds } = await send({ type: 'page-saved', ids: [paper.id] });
        chip.update({ saved: savedIds.includes(paper.id) });
      };
    }
    void visit(location.href);

    // Back to a page kept in the back/forward cache: the script does not run again, the page is reported again.
    ctx.addEventListener(window, 'pageshow', (event) => {
      if ((event as PageTransitionEvent).persisted) void visit(location.href);
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
    ctx.addEventListener(document, 'visibilitychange', () => {
      if (document.visibilityState === 'visible') libraryChanged();
    });

    // The background reads a listing's records when it refreshes saved papers or clips them all.
    browser.runtime.onMessage.addListener((message: ReadPapersRequest | LibraryChangedNotice, sender) => {
      if (sender.id !== browser.runtime.id) return;
      if (message?.type === 'library-changed') return void libraryChanged();
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
    // URL's paper, or a listing other than the one last reported (or one the page has stopped changing).
    ctx.addEventListener(window, 'wxt:locationchange', async ({ newUrl }) => {
      const url = newUrl.href;
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
        if (settled) return report(url, papers);
        await pause(SETTLE_INTERVAL_MS);
      }
      if (location.href === url) report(url, extractPapers(document, url));
    });
  },
});

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
