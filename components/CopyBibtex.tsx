import { useState } from 'preact/hooks';
import type { Paper } from '@/lib/paper';

/** Copies the paper's BibTeX entry; citation-js loads only when asked, so the popup opens as fast as before. */
export function CopyBibtex({ paper }: { paper: Paper }) {
  const [said, setSaid] = useState<string>();
  const copy = async () => {
    try {
      const { toBibtex } = await import('@/lib/citations/export');
      await navigator.clipboard.writeText(toBibtex([paper]));
      setSaid('BibTeX copied');
    } catch (error) {
      setSaid(`Could not copy: ${(error as Error).message}`);
    }
  };
  return (
    <span class="copy-bibtex">
      <button type="button" class="link-button" data-testid="copy-bibtex" onClick={copy}>
        Copy BibTeX
      </button>
      {said && (
        <span role="status" class="copied">
          {said}
        </span>
      )}
    </span>
  );
}
