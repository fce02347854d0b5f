import { useState } from 'preact/hooks';
import { type SyncStatus, syncStatusText } from '@/lib/sync/status';

/** One field a line (the options page has no style sheet; styles set from script pass its CSP). */
const FIELD = { display: 'block', margin: '0.4em 0' };

export interface SyncAccountForm {
  url: string;
  user: string;
  password: string;
  passphrase: string;
}

/**
 * The options page's Sync section: the server, the user, the password and an optional passphrase; Connect; the
 * status line; Sync now and Disconnect once connected. Test ids: `sync-url`, `sync-user`, `sync-password`,
 * `sync-passphrase`, `sync-connect`, `sync-status`, `sync-now`, `sync-disconnect`.
 */
export function SyncSettings({
  status,
  busy,
  error,
  connect,
  syncNow,
  disconnect,
}: {
  status: SyncStatus | undefined;
  /** A request is under way (Connect, Sync now, Disconnect). */
  busy: boolean;
  /** Why the last request failed ("The server refused the user name or password."). */
  error?: string;
  connect(form: SyncAccountForm): void;
  syncNow(): void;
  disconnect(): void;
}) {
  const [form, setForm] = useState<SyncAccountForm>({ url: '', user: '', password: '', passphrase: '' });
  const connected =
    status !== undefined && status.state !== 'off' && status.state !== 'connecting' && status.url;
  const input = (key: keyof SyncAccountForm) => ({
    'data-testid': `sync-${key}`,
    value: form[key],
    spellcheck: false,
    onInput: (event: { currentTarget: HTMLInputElement }) =>
      setForm({ ...form, [key]: event.currentTarget.value }),
  });
  const line =
    busy && !connected ? 'Connecting…' : error ? error : status ? syncStatusText(status) : 'Loading…';
  return (
    <fieldset>
      <legend>Sync</legend>
      <p>
        Your library on every browser you read in, through your own CouchDB server (see the README). With a
        passphrase, papers are encrypted here before they leave: the server holds no title, author, note or id
        in clear. Without sync, nothing leaves this computer.
      </p>
      <p data-testid="sync-status" role="status" data-state={error ? 'failed' : (status?.state ?? 'loading')}>
        {line}
      </p>
      {status?.refused && status.refused.length > 0 && (
        <details data-testid="sync-refused">
          <summary>
            {status.refusedCount} {status.refusedCount === 1 ? 'document' : 'documents'} on the server could
            not be taken into the library
          </summary>
          <ul>
            {status.refused.map(({ docId, reason }) => (
              <li key={docId}>
                <code>{docId}</code>: {reason}
              </li>
            ))}
          </ul>
        </details>
      )}
      {connected ? (
        <>
          <p>
            Syncing with <code>{status.url}</code> as <strong>{status.user}</strong>
            {status.encrypted ? ', encrypted with your passphrase.' : ', not encrypted.'}
          </p>
          <button type="button" data-testid="sync-now" disabled={busy} onClick={syncNow}>
            Sync now
          </button>{' '}
          <button type="button" data-testid="sync-disconnect" disabled={busy} onClick={disconnect}>
            Disconnect
          </button>{' '}
          <small>Disconnecting keeps the library on this computer.</small>
        </>
      ) : (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            connect(form);
          }}
        >
          <label class="sync-field" style={FIELD}>
            Database address <input type="url" {...input('url')} />
            <small>Such as https://couch.example.org/papershelf (https, or a server on this computer)</small>
          </label>
          <label class="sync-field" style={FIELD}>
            User <input type="text" {...input('user')} />
          </label>
          <label class="sync-field" style={FIELD}>
            Password <input type="password" autocomplete="off" {...input('password')} />
          </label>
          <label class="sync-field" style={FIELD}>
            Passphrase (optional) <input type="password" autocomplete="off" {...input('passphrase')} />
            <small>Encrypts the library before it leaves. Never stored: each device asks for it once.</small>
          </label>
          <button type="submit" data-testid="sync-connect" disabled={busy}>
            Connect
          </button>
          <p>
            <small>
              Your server must allow this browser (CORS, see the README): its origin is{' '}
              <code data-testid="sync-origin">{location.origin}</code>.
            </small>
          </p>
        </form>
      )}
    </fieldset>
  );
}
