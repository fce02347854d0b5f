import type { StoredPaper } from '@/lib/db';
import { authorLine } from '@/lib/format';
import { webHref } from '@/lib/web-url';

/** The latest clips, newest first, each opening its abstract page. */
export function RecentList({ papers }: { papers: StoredPaper[] }) {
  if (papers.length === 0) {
    return <p class="empty">Your library is empty. Open a paper on arXiv or Hugging Face to clip it.</p>;
  }
  return (
    <ol class="recent">
      {papers.map((paper) => (
        <li key={paper.id} data-testid="recent-item">
          <a href={webHref(paper.absUrl ?? paper.source.url)} target="_blank" rel="noreferrer">
            {paper.title ?? paper.id}
          </a>
          <span class="recent-authors">{authorLine(paper.authors, 2)}</span>
        </li>
      ))}
    </ol>
  );
}
