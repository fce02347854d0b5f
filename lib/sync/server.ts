/**
 * The reader's sync server, checked before anything is sent: a CouchDB (or compatible) database at the address
 * given, the user accepted, and the library there one this passphrase opens. Each way it can fail says what to
 * do about it.
 */
import { FORMAT, KEY_CHECK_ID, KEY_CHECK_TEXT, type KeyCheckDoc } from './codec';
import {
  decryptText,
  deriveKeys,
  encryptText,
  fromBase64,
  newSalt,
  PBKDF2_ITERATIONS,
  type SyncKeys,
  toBase64,
} from './crypto';

export type ProblemKind =
  | 'address'
  | 'unreachable'
  | 'auth'
  | 'not-couchdb'
  | 'no-database'
  | 'passphrase'
  | 'foreign';

/** Why sync cannot go on, in words the reader can act on. */
export class SyncProblem extends Error {
  constructor(
    readonly kind: ProblemKind,
    message: string,
  ) {
    super(message);
  }
}

export const AUTH_REFUSED = 'The server refused the user name or password.';
export const WRONG_PASSPHRASE = 'Wrong passphrase for this library.';

export interface ServerAccount {
  /** The database's address, without credentials. */
  url: string;
  user: string;
  password: string;
}

/** Servers on this computer may use http: the extension's pages allow http://127.0.0.1 and http://localhost. */
const LOOPBACK = /^(localhost|127\.0\.0\.1)$/;

/** The database address as given, checked: http(s), https unless the server is this machine; credentials apart. */
export function databaseUrl(given: string): { url: string; user?: string; password?: string } {
  let parsed: URL;
  try {
    parsed = new URL(given.trim());
  } catch {
    throw new SyncProblem(
      'address',
      'This is not a web address: give the address of the database, such as https://couch.example.org/papershelf.',
    );
  }
  if (parsed.protocol !== 'https:' && !(parsed.protocol === 'http:' && LOOPBACK.test(parsed.hostname))) {
    throw new SyncProblem(
      'address',
      'Use an https:// address: over http the password and the library would cross the network in clear (http is only for a server on this computer: 127.0.0.1 or localhost).',
    );
  }
  if (parsed.pathname.replace(/\/+$/, '') === '') {
    throw new SyncProblem(
      'address',
      'Add the database to the address, such as https://couch.example.org/papershelf.',
    );
  }
  const user = decodeURIComponent(parsed.username);
  const password = decodeURIComponent(parsed.password);
  parsed.username = '';
  parsed.password = '';
  parsed.hash = '';
  parsed.search = '';
  return {
    url: parsed.href.replace(/\/+$/, ''),
    ...(user ? { user } : {}),
    ...(password ? { password } : {}),
  };
}

export const basicAuth = ({ user, password }: Pick<ServerAccount, 'user' | 'password'>): string =>
  `Basic ${btoa(String.fromCharCode(...new TextEncoder().encode(`${user}:${password}`)))}`;

type Fetch = typeof fetch;

/** GETs `path` of the database as the reader; a SyncProblem for what is not a CouchDB database answering them. */
async function ask(
  account: ServerAccount,
  path: string,
  fetcher: Fetch,
): Promise<{ status: number; body: unknown }> {
  let response: Response;
  try {
    response = await fetcher(`${account.url}${path}`, {
      headers: { Authorization: basicAuth(account), Accept: 'application/json' },
    });
  } catch {
    throw new SyncProblem(
      'unreachable',
      `Papershelf cannot reach ${new URL(account.url).host}: check the address and that the server is running and answers this browser (CORS, see the README).`,
    );
  }
  if (response.status === 401 || response.status === 403) throw new SyncProblem('auth', AUTH_REFUSED);
  const body = await response.json().catch(() => undefined);
  return { status: response.status, body };
}

const notCouch = (url: string) =>
  new SyncProblem(
    'not-couchdb',
    `${url} does not answer as a CouchDB database: give the address of a database on a CouchDB server, such as https://couch.example.org/papershelf.`,
  );

/** Checks the database answers the reader as CouchDB does; resolves to how many documents it holds. */
export async function probeDatabase(account: ServerAccount, fetcher: Fetch = fetch): Promise<number> {
  const { status, body } = await ask(account, '', fetcher);
  const info = body as { db_name?: unknown; doc_count?: unknown; error?: unknown } | undefined;
  if (status === 404 && info?.error === 'not_found') {
    const name = decodeURIComponent(new URL(account.url).pathname.split('/').filter(Boolean).at(-1) ?? '');
    throw new SyncProblem(
      'no-database',
      `The server has no database "${name}": create it, and give your user access to it (see the README).`,
    );
  }
  if (status !== 200 || typeof info?.db_name !== 'string' || typeof info.doc_count !== 'number')
    throw notCouch(account.url);
  return info.doc_count;
}

/** The key check on the server, if the library there has one. */
export async function readKeyCheck(
  account: ServerAccount,
  fetcher: Fetch = fetch,
): Promise<KeyCheckDoc | undefined> {
  const { status, body } = await ask(account, `/${KEY_CHECK_ID}`, fetcher);
  if (status === 404) return undefined;
  const doc = body as KeyCheckDoc | undefined;
  if (status !== 200 || doc?._id !== KEY_CHECK_ID) throw notCouch(account.url);
  return doc;
}

/**
 * The keys for the library on the server, from its key check and the passphrase given (none: a plain library).
 * A library with no key check yet is set up as this device asks; `created` is then the key check to write.
 */
export async function unlock(
  existing: KeyCheckDoc | undefined,
  documents: number,
  passphrase: string,
): Promise<{ keys?: SyncKeys; created?: KeyCheckDoc }> {
  if (!existing) {
    if (documents > 0)
      throw new SyncProblem(
        'foreign',
        'This database holds documents Papershelf did not write: give an empty database, or the one another Papershelf syncs with.',
      );
    if (!passphrase) return { created: { _id: KEY_CHECK_ID, v: FORMAT, encrypted: false } };
    const salt = newSalt();
    const keys = await deriveKeys(passphrase, salt, PBKDF2_ITERATIONS);
    const check = await encryptText(keys, KEY_CHECK_TEXT);
    return {
      keys,
      created: {
        _id: KEY_CHECK_ID,
        v: FORMAT,
        encrypted: true,
        salt: toBase64(salt),
        iterations: PBKDF2_ITERATIONS,
        check,
      },
    };
  }
  if (!existing.encrypted) {
    if (passphrase)
      throw new SyncProblem(
        'passphrase',
        'The library on this server is not encrypted: connect without a passphrase, or give a new, empty database to sync encrypted.',
      );
    return {};
  }
  if (!passphrase)
    throw new SyncProblem('passphrase', 'The library on this server is encrypted: enter its passphrase.');
  // A hostile server could ask for a billion iterations, and hang the browser: only sane counts are run.
  const iterations = existing.iterations ?? 0;
  if (
    typeof existing.salt !== 'string' ||
    typeof existing.check !== 'string' ||
    !Number.isInteger(iterations) ||
    iterations < 100_000 ||
    iterations > 10_000_000
  )
    throw new SyncProblem(
      'foreign',
      "The library's key check on this server is damaged: Papershelf cannot open it.",
    );
  const keys = await deriveKeys(passphrase, fromBase64(existing.salt), iterations);
  const opened = await decryptText(keys, existing.check).catch(() => undefined);
  if (opened !== KEY_CHECK_TEXT) throw new SyncProblem('passphrase', WRONG_PASSPHRASE);
  return { keys };
}

/** Writes the key check of a library this device sets up; false when another device wrote one first. */
export async function writeKeyCheck(
  account: ServerAccount,
  doc: KeyCheckDoc,
  fetcher: Fetch = fetch,
): Promise<boolean> {
  const response = await fetcher(`${account.url}/${KEY_CHECK_ID}`, {
    method: 'PUT',
    headers: { Authorization: basicAuth(account), 'Content-Type': 'application/json' },
    body: JSON.stringify(doc),
  }).catch(() => undefined);
  if (response?.status === 409) return false;
  if (response?.status === 401 || response?.status === 403) throw new SyncProblem('auth', AUTH_REFUSED);
  if (!response?.ok)
    throw new SyncProblem(
      'unreachable',
      `The server did not take the library's first document (${response?.status ?? 'no answer'}).`,
    );
  return true;
}
