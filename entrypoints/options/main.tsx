import { type ComponentChildren, render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { SyncSettings } from '@/components/SyncSettings';
import { send } from '@/lib/send';
import type { Settings } from '@/lib/settings';
import type { SyncStatus } from '@/lib/sync/status';

/** While the page is open, how often it asks where sync stands. */
const SYNC_POLL_MS = 1000;

/** Where sync stands, asked every second; and its three actions, each saying why it failed. */
function useSync() {
  const [status, setStatus] = useState<SyncStatus>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout>;
    const ask = () =>
      send({ type: 'sync-status' })
        .then(
          (next) => !stopped && setStatus(next),
          () => {},
        )
        .finally(() => {
          if (!stopped) timer = setTimeout(ask, SYNC_POLL_MS);
        });
    void ask();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, []);
  const run = (request: () => Promise<SyncStatus>) => {
    setBusy(true);
    setError(undefined);
    request()
      .then(setStatus, (e: Error) => setError(e.message))
      .finally(() => setBusy(false));
  };
  return { status, busy, error, run };
}

function Options() {
  const [settings, setSettings] = useState<Settings>();
  const [error, setError] = useState<string>();

  const [commands, setCommands] = useState<{ name?: string; description?: string; shortcut?: string }[]>();
  const sync = useSync();

  useEffect(() => {
    send({ type: 'get-settings' }).then(setSettings, (e: Error) => setError(e.message));
    // Firefox and Chrome both list the manifest's commands with the shortcut the reader set (or none).
    browser.commands?.getAll().then(setCommands, () => setCommands([]));
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
      <fieldset>
        <legend>On arXiv and Hugging Face pages</legend>
        <Toggle setting="showMarks" settings={settings} update={update}>
          On listings, mark the papers in my library (and those close to it), with a button to clip each one
        </Toggle>
        <br />
        <Toggle setting="showChip" settings={settings} update={update}>
          On a paper's page, show a small chip in the corner with related papers from my library
        </Toggle>
      </fieldset>
      <fieldset>
        <legend>Keyboard shortcuts</legend>
        {commands === undefined ? (
          <p>Loading…</p>
        ) : commands.length === 0 ? (
          <p>This browser has no keyboard shortcuts for extensions.</p>
        ) : (
          <table data-testid="shortcuts">
            <tbody>
              {commands
                .filter((command) => command.description)
                .map((command) => (
                  <tr key={command.name} data-testid="shortcut" data-command={command.name}>
                    <td>{command.description}</td>
                    <td>
                      <kbd>{command.shortcut || 'not set'}</kbd>
                    </td>
                  </tr>
                ))}
            </tbody>
          </table>
        )}
        <p>
          Change them in the browser's extension shortcuts page (
          <code>{import.meta.env.FIREFOX ? 'about:addons' : 'chrome://extensions/shortcuts'}</code>).
        </p>
      </fieldset>
      <SyncSettings
        status={sync.status}
        busy={sync.busy}
        {...(sync.error ? { error: sync.error } : {})}
        connect={(form) => sync.run(() => send({ type: 'sync-connect', ...form }))}
        syncNow={() => sync.run(() => send({ type: 'sync-now' }))}
        disconnect={() => sync.run(() => send({ type: 'sync-disconnect' }))}
      />
      {sync.status?.state === 'off' && (
        <p>Your library stays on this computer: Papershelf sends nothing anywhere.</p>
      )}
    </main>
  );
}

/** A checkbox for one of the on-page settings (`data-testid`: `show-marks`, `show-chip`). */
function Toggle({
  setting,
  settings,
  update,
  children,
}: {
  setting: 'showMarks' | 'showChip';
  settings: Settings;
  update(patch: Partial<Settings>): void;
  children: ComponentChildren;
}) {
  return (
    <label>
      <input
        type="checkbox"
        data-testid={setting === 'showMarks' ? 'show-marks' : 'show-chip'}
        checked={settings[setting]}
        onChange={(event) => update({ [setting]: event.currentTarget.checked })}
      />{' '}
      {children}
    </label>
  );
}

const root = document.getElementById('app');
if (root) render(<Options />, root);
