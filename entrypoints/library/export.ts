import type { ExportFormat } from '@/components/LibraryExport';
import type { StoredPaper } from '@/lib/db';
import { downloadFile } from './download';

const FILES: Record<ExportFormat, { extension: string; type: string }> = {
  bibtex: { extension: 'bib', type: 'application/x-bibtex;charset=utf-8' },
  ris: { extension: 'ris', type: 'application/x-research-info-systems;charset=utf-8' },
  csl: { extension: 'json', type: 'application/vnd.citationstyles.csl+json;charset=utf-8' },
};

/**
 * Writes `papers` as a citation file and hands it to the browser as a download. citation-js (~170 kB) is loaded
 * only now, so that the page opens without it.
 */
export async function exportPapers(papers: StoredPaper[], format: ExportFormat): Promise<void> {
  const citations = await import('@/lib/citations');
  const text =
    format === 'bibtex'
      ? citations.toBibtex(papers)
      : format === 'ris'
        ? citations.toRis(papers)
        : citations.toCslJson(papers);
  const { extension, type } = FILES[format];
  downloadFile(
    new Blob([text], { type }),
    `papershelf-${new Date().toISOString().slice(0, 10)}.${extension}`,
  );
}
