/** arXiv PDFs `/pdf/ID[vN][.pdf]`: nothing to read but the URL, so the record is marked incomplete. */
import { parseArxivUrl } from '../ids';
import type { Paper } from '../paper';
import { arxivPaper } from './arxiv-common';

export function extractArxivPdf(_doc: Document | undefined, url: string): Paper[] {
  const ref = parseArxivUrl(url);
  if (ref?.page !== 'pdf') return [];
  return [
    { ...arxivPaper('arxiv-pdf', url, { arxivId: ref.arxivId, version: ref.version }), incomplete: true },
  ];
}

/** The paper a tab's URL alone names, for the background: it needs no DOM, nor the other extractors. */
export const papersFromUrl = (url: string): Paper[] => extractArxivPdf(undefined, url);
