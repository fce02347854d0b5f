import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { send } from '@/lib/send';
import type { Settings } from '@/lib/settings';

function Options() {
  const [settings, setSettings] = useState<Settings>();
  const [error, setError] = useState<string>();

  useEffect(() => {
    send({ type: 'get-settings' }).then(setSettings, (e: Error) => setError(e.message));
  }, []);

  const update = (patch: Partial<Settings>) =>
    send({ type: 'set-settings', ...patch }).then(setSettings, (e: Error) => setError(e.message));

  if (error) return <p role="alert">{error}</p>;
  if (!settings) return <p>Loading…</p>;
  return (
    <main style={{ font: '15px/1.5 system-ui, sans-serif', maxWidth: '40em', padding: '1em' }}>
      <h1>Papershelf</h1>
      <fieldset>
        <legend>Clipping</legend>
        <label>
          <input
            type="radio"
            name="clipping"
            data-testid="auto-clip"
            checked={settings.autoClip}
            onChange={() => update({ autoClip: true })}
          />{' '}
          Clip every paper I open (automatic)
        </label>
        <br />
        <label>
          <input
            type="radio"
            name="clipping"
            data-testid="manual-clip"
            checked={!settings.autoClip}
            onChange={() => update({ autoClip: false })}
          />{' '}
          Only clip when I press the toolbar button (manual)
        </label>
      </fieldset>
      <p>Your library stays on this computer: Papershelf sends nothing anywhere.</p>
    </main>
  );
}

const root = document.getElementById('app');
if (root) render(<Options />, root);
