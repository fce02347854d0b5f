import { browser } from 'wxt/browser';
import { describesUrl, extractPapers } from '@/lib/extract/index';
import type { ReadPapersReply, ReadPapersRequest } from '@/lib/messages';
import { isListing, type Paper } from '@/lib/paper';
import { send } from '@/lib/send';
import { contentScriptMatches } from '@/lib/sites';

const SETTLE_INTERVAL_MS = 250;
const SETTLE_ATTEMPTS = 40;
/** A listing whose page has not changed for this long after an in-page navigation is taken as it is. */
const QUIET_MS = 1000;

// Pages that can hold papers (lib/sites.ts); PDFs are read from their URL by the background.
export default defineContentScript({
  matches: contentScriptMatches(),
  runAt: 'document_idle',
  main(ctx) {
    /** The ids last reported: a listing that has not changed yet after an in-page navigation is the old one. */
    let reported: string[] = [];
    let lastMutation = performance.now();
    new MutationObserver(() => {
      lastMutation = performance.now();
    }).observe(document, { subtree: true, childList: true, characterData: true });

    // A listing reports only its ids (the background asks for the records when it needs them); a paper
    // page, its paper.
    const report = (url: string, papers: Paper[]) => {
      reported = papers.map((paper) => paper.id);
      const message = isListing(papers)
        ? ({ type: 'page-papers', url, listing: reported } as const)
        : ({ type: 'page-papers', url, papers } as const);
      return send(message).catch((error) =>
        console.warn('Papershelf could not reach its background:', error),
      );
    };
    report(location.href, extractPapers(document, location.href));

    // Back to a page kept in the back/forward cache: the script does not run again, the page is reported again.
    ctx.addEventListener(window, 'pageshow', (event) => {
      if ((event as PageTransitionEvent).persisted)
        report(location.href, extractPapers(document, location.href));
    });

    // The background reads a listing's records when it refreshes saved papers or clips them all.
    browser.runtime.onMessage.addListener((message: ReadPapersRequest, sender) => {
      if (message?.type !== 'read-papers' || sender.id !== browser.runtime.id) return;
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
