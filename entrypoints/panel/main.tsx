/**
 * The on-page panel: framed by the content script in an arXiv or Hugging Face page after a person's click
 * (web-accessible to those sites only, at a per-session URL in Chrome). It asks the background about the page of
 * the tab it is framed in, and nothing else (lib/message-rules.ts gives it the `panel` role).
 */
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { Panel, type PanelProps } from '@/components/onpage/Panel';
import type { ListingPanel, PaperPanel } from '@/lib/messages';
import { send } from '@/lib/send';
import './style.css';

function App() {
  const [content, setContent] = useState<PaperPanel | ListingPanel>();
  const [error, setError] = useState<string>();
  const [clips, setClips] = useState<PanelProps['clips']>({});

  useEffect(() => {
    let retries = 15;
    const load = () =>
      send({ type: 'panel-content' }).then(
        (answer) => {
          if (!answer) return setError('Papershelf has not read this page yet: reload it.');
          setContent(answer);
          // The library index is still opening: asked again in a moment.
          if (answer.status && retries-- > 0) setTimeout(load, 1000);
        },
        (failure: Error) => setError(failure.message),
      );
    void load();
    const close = (event: KeyboardEvent) => event.key === 'Escape' && onClose();
    addEventListener('keydown', close);
    return () => removeEventListener('keydown', close);
  }, []);

  const onClose = () => void send({ type: 'panel-show', close: true }).catch(() => {});
  const onShow = (id: string) => void send({ type: 'panel-show', id }).catch(() => {});
  const onClip = (id: string, restore: boolean) => {
    setClips((now) => ({ ...now, [id]: 'clipping' }));
    send({ type: 'panel-clip', id, restore }).then(
      ({ savedIds, removedIds = [] }) =>
        setClips((now) => ({
          ...now,
          [id]: savedIds.includes(id)
            ? 'saved'
            : removedIds.includes(id)
              ? 'removed'
              : { error: 'Not clipped.' },
        })),
      (failure: Error) => setClips((now) => ({ ...now, [id]: { error: failure.message } })),
    );
  };
  return (
    <Panel content={content} error={error} clips={clips} onClip={onClip} onShow={onShow} onClose={onClose} />
  );
}

render(<App />, document.getElementById('app') as HTMLElement);
