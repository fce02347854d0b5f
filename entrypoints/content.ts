import { describesUrl, extractPapers } from '@/lib/extract/index';
import type { Paper } from '@/lib/paper';
import { send } from '@/lib/send';
import { contentScriptMatches } from '@/lib/sites';

const SETTLE_INTERVAL_MS = 250;
const SETTLE_ATTEMPTS = 40;

// Pages that can hold papers (lib/sites.ts); PDFs are read from their URL by the background.
export default defineContentScript({
  matches: contentScriptMatches(),
  runAt: 'document_idle',
  main(ctx) {
    const report = (url: string, papers: Paper[]) =>
      send({ type: 'page-papers', url, papers }).catch((error) =>
        console.warn('Papershelf could not reach its background:', error),
      );
    report(location.href, extractPapers(document, location.href));

    // Hugging Face moves between papers without reloading: wait until the page shows the new URL's paper.
    ctx.addEventListener(window, 'wxt:locationchange', async ({ newUrl }) => {
      const url = newUrl.href;
      for (let attempt = 0; attempt < SETTLE_ATTEMPTS && location.href === url; attempt++) {
        const papers = extractPapers(document, url);
        if (papers.length > 0 && describesUrl(papers, url)) return report(url, papers);
        await new Promise<void>((resolve) => ctx.setTimeout(resolve, SETTLE_INTERVAL_MS));
      }
      if (location.href === url) report(url, []);
    });
  },
});
