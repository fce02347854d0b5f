/** arXiv PDFs: everything comes from the URL; the document is never read. */
import { describe, expect, it } from 'vitest';
import { extractArxivPdf } from '../../lib/extract/arxiv-pdf';

// A document that throws on any use proves the extractor never reads it.
const untouchable = new Proxy({} as Document, {
  get() {
    throw new Error('the PDF extractor read the document');
  },
});

describe('extractArxivPdf', () => {
  it.each([
    ['https://arxiv.org/pdf/1706.03762v7', '1706.03762', 7],
    ['https://arxiv.org/pdf/1706.03762v7.pdf', '1706.03762', 7],
    ['https://arxiv.org/pdf/1706.03762', '1706.03762', undefined],
    ['https://www.arxiv.org/pdf/hep-th/9901001v2', 'hep-th/9901001', 2],
    ['https://arxiv.org/pdf/math.GT/0309136.pdf', 'math.GT/0309136', undefined],
  ])('%s', (url, arxivId, version) => {
    const [paper] = extractArxivPdf(untouchable, url);
    expect(paper).toEqual({
      id: `arxiv:${arxivId}`,
      arxivId,
      ...(version === undefined ? {} : { version }),
      pdfUrl: `https://arxiv.org/pdf/${arxivId}`,
      absUrl: `https://arxiv.org/abs/${arxivId}`,
      source: { site: 'arxiv', kind: 'arxiv-pdf', url },
      incomplete: true,
    });
  });

  it('gives [] for a URL that is not an arXiv PDF', () => {
    expect(extractArxivPdf(untouchable, 'https://arxiv.org/pdf/')).toEqual([]);
    expect(extractArxivPdf(untouchable, 'https://arxiv.org/abs/1706.03762')).toEqual([]);
    expect(extractArxivPdf(untouchable, 'not a url')).toEqual([]);
  });
});
