import type { ListingPanel, PaperPanel } from '@/lib/messages';
import { webHref } from '@/lib/web-url';
import { CodeLinks } from '../CodeLinks';
import { reasonText } from '../RelatedList';

export interface PanelProps {
  /** Undefined while the background answers. */
  content?: PaperPanel | ListingPanel;
  error?: string;
  /** Per listing entry: clipping, clipped, or removed by the reader (a second click clips it again). */
  clips: Record<string, 'clipping' | 'saved' | 'removed' | { error: string }>;
  onClip(id: string, restore: boolean): void;
  onShow(id: string): void;
  onClose(): void;
}

/**
 * The on-page panel, framed in the page by the content script after a person's click: what the library holds
 * about the page. A paper page: the saved papers close to it and its links; a listing: its entries close to the
 * library, closest first, each with why, one click to clip it and one to find it on the page.
 */
export function Panel({ content, error, clips, onClip, onShow, onClose }: PanelProps) {
  return (
    <main data-testid="papershelf-panel" aria-label="Papershelf">
      <header>
        <h1>{content?.kind === 'listing' ? 'Related in this listing' : 'Related in your library'}</h1>
        <button type="button" class="close" aria-label="Close" onClick={onClose}>
          ×
        </button>
      </header>
      {error ? (
        <p class="error" role="alert">
          {error}
        </p>
      ) : content === undefined ? (
        <p class="empty">Looking in your library…</p>
      ) : content.status && content.status.state !== 'ready' ? (
        <p class="empty">
          {content.status.state === 'building' ? 'Indexing your library…' : 'Opening your library…'}
        </p>
      ) : content.kind === 'paper' ? (
        <PaperPart content={content} />
      ) : (
        <ListingPart content={content} clips={clips} onClip={onClip} onShow={onShow} />
      )}
    </main>
  );
}

function PaperPart({ content }: { content: PaperPanel }) {
  return (
    <>
      {content.items.length === 0 ? (
        <p class="empty">Nothing in your library is close to this paper yet.</p>
      ) : (
        <ol>
          {content.items.map((item) => (
            <li key={item.id} data-testid="papershelf-related">
              <a href={webHref(item.url)} target="_blank" rel="noreferrer">
                {item.title}
              </a>
              <span class="byline">{[item.firstAuthor, item.year].filter(Boolean).join(' · ')}</span>
              <span class="reason">{reasonText(item.reason)}</span>
            </li>
          ))}
        </ol>
      )}
      {content.links.length > 0 && (
        <>
          <h2>Code and links</h2>
          <CodeLinks links={content.links} />
        </>
      )}
    </>
  );
}

function ListingPart({
  content,
  clips,
  onClip,
  onShow,
}: { content: ListingPanel } & Pick<PanelProps, 'clips' | 'onClip' | 'onShow'>) {
  const looked =
    content.checked < content.total ? ` (the first ${content.checked} unsaved entries were looked at)` : '';
  return (
    <>
      <p class="empty">
        {content.related.length} of {content.total.toLocaleString('en')} entries relate to your library
        {looked}.
      </p>
      <ol>
        {content.related.map((entry) => {
          const clip = clips[entry.id];
          return (
            <li key={entry.id} data-testid="papershelf-related" data-id={entry.id}>
              <span class="entry-title">{entry.title ?? entry.id}</span>
              {entry.firstAuthor && <span class="byline">{entry.firstAuthor}</span>}
              <span class="reason">
                Close to “{entry.match.title}”: {reasonText(entry.match.reason)}
              </span>
              <span class="actions">
                <button type="button" onClick={() => onShow(entry.id)}>
                  Show on the page
                </button>
                {clip === 'saved' ? (
                  <span class="byline">✓ In your library</span>
                ) : (
                  <button
                    type="button"
                    data-testid="papershelf-panel-clip"
                    disabled={clip === 'clipping'}
                    onClick={() => onClip(entry.id, clip === 'removed')}
                  >
                    {clip === 'clipping'
                      ? 'Clipping…'
                      : clip === 'removed'
                        ? 'You removed it: clip again'
                        : 'Clip'}
                  </button>
                )}
                {typeof clip === 'object' && (
                  <span class="error" role="alert">
                    {clip.error}
                  </span>
                )}
              </span>
            </li>
          );
        })}
      </ol>
    </>
  );
}
