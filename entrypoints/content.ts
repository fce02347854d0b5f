import { extractPapers } from '@/lib/extract/index';
import { send } from '@/lib/send';

// Pages that can hold papers; PDFs are read from their URL by the background.
export default defineContentScript({
  matches: [
    '*://arxiv.org/abs/*',
    '*://www.arxiv.org/abs/*',
    '*://arxiv.org/html/*',
    '*://www.arxiv.org/html/*',
    '*://arxiv.org/list/*',
    '*://www.arxiv.org/list/*',
    '*://arxiv.org/catchup/*',
    '*://www.arxiv.org/catchup/*',
    '*://arxiv.org/search/*',
    '*://www.arxiv.org/search/*',
    '*://huggingface.co/papers*',
    '*://www.huggingface.co/papers*',
  ],
  runAt: 'document_idle',
  main(ctx) {
    const report = () => {
      const url = location.href;
      void send({ type: 'page-papers', url, papers: extractPapers(document, url) }).catch((error) =>
        console.warn('Papershelf could not reach its background:', error),
      );
    };
    report();
    // Hugging Face moves between papers without reloading the page.
    ctx.addEventListener(window, 'wxt:locationchange', report);
  },
});
