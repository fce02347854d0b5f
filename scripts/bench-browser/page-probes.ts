/**
 * Code that runs inside the extension's pages (serialized by Playwright): it notes, with the page's own
 * `performance.now()` (0 = the page's navigation start), when what the bench waits for appears in the DOM.
 */

/** What a page noted, in ms since its navigation started. */
export type Marks = Record<string, number>;

export interface SentMessage {
  type: string;
  at: number;
  ms?: number;
  reply?: string;
}

/**
 * Whether the page showed `name`, or gave up: its related list says it failed, or its last message failed
 * `grace` ms ago and it has not asked again since (a page that stops asking after a failure waits forever).
 */
export function shownOrStuck({ name, grace }: { name: string; grace: number }): boolean {
  const page = window as unknown as { __marks?: Marks; __messages?: SentMessage[] };
  if (page.__marks?.[name] !== undefined || page.__marks?.relatedError !== undefined) return true;
  const last = page.__messages?.at(-1);
  return (
    /^(error|thrown)/.test(last?.reply ?? '') && performance.now() - (last?.at ?? 0) - (last?.ms ?? 0) > grace
  );
}

/**
 * Installed before any page script runs (`context.addInitScript`): the first library row, the first related
 * paper, the popup's "no related papers" states, and the row of `?bench-target=ID` once its list is settled.
 */
export function installMarks(): void {
  if (!location.protocol.startsWith('chrome-extension')) return;
  const marks: Record<string, number> = {};
  (window as unknown as { __marks: Record<string, number> }).__marks = marks;
  // Every message the page sends, with its answer's time and outcome: why a page waited, when it did.
  const log: SentMessage[] = [];
  (window as unknown as { __messages: typeof log }).__messages = log;
  const runtime = (
    globalThis as unknown as { chrome?: { runtime?: { sendMessage?: (m: unknown) => Promise<unknown> } } }
  ).chrome?.runtime;
  const original = runtime?.sendMessage?.bind(runtime);
  if (runtime && original) {
    runtime.sendMessage = (message: unknown) => {
      const entry: (typeof log)[number] = {
        type: String((message as { type?: string })?.type),
        at: performance.now(),
      };
      log.push(entry);
      const answer = original(message);
      answer.then(
        (reply) => {
          entry.ms = performance.now() - entry.at;
          const r = reply as {
            ok?: boolean;
            error?: string;
            value?: { status?: { state?: string }; state?: string };
          };
          entry.reply = r?.ok
            ? (r.value?.status?.state ?? r.value?.state ?? 'ok')
            : `error: ${r?.error ?? String(reply)}`;
        },
        (error: Error) => {
          entry.ms = performance.now() - entry.at;
          entry.reply = `thrown: ${error.message}`;
        },
      );
      return answer;
    };
  }
  // Searches sent straight to the index worker (lib/index-channel.ts): noted as they leave, timed by the answer
  // this page's own listener on the channel hears.
  const asked = new Map<string, SentMessage>();
  const post = BroadcastChannel.prototype.postMessage;
  BroadcastChannel.prototype.postMessage = function (this: BroadcastChannel, data: unknown) {
    const ask = data as { kind?: string; from?: string; id?: number; message?: { type?: string } };
    if (ask?.kind === 'ask') {
      const entry: SentMessage = { type: String(ask.message?.type), at: performance.now() };
      log.push(entry);
      asked.set(`${ask.from}/${ask.id}`, entry);
    }
    return post.call(this, data);
  };
  new BroadcastChannel('papershelf-index').onmessage = ({ data }) => {
    const answer = data as {
      kind?: string;
      to?: string;
      id?: number;
      reply?: { ok?: boolean; error?: string };
    };
    const entry = answer?.kind === 'answer' ? asked.get(`${answer.to}/${answer.id}`) : undefined;
    if (!entry) return;
    entry.ms = performance.now() - entry.at;
    entry.reply = answer.reply?.ok ? 'ok' : `error: ${answer.reply?.error}`;
  };
  const target = new URLSearchParams(location.search).get('bench-target');
  const seen = (name: string, selector: string, now: number) => {
    if (marks[name] === undefined && document.querySelector(selector)) marks[name] = now;
  };
  const check = () => {
    const now = performance.now();
    seen('libraryItem', '[data-testid="library-item"]', now);
    seen('relatedItem', '[data-testid="related-item"]', now);
    seen('relatedStatus', '[data-testid="related-status"]', now);
    seen('relatedEmpty', '[data-testid="related-empty"]', now);
    seen('relatedError', '[data-testid="related"] [role="alert"]', now);
    if (target && marks.target === undefined) {
      const row = document.querySelector(`[data-testid="library-item"][data-id="${CSS.escape(target)}"]`);
      if (row?.closest('[aria-busy]')?.getAttribute('aria-busy') === 'false') marks.target = now;
    }
  };
  new MutationObserver(check).observe(document, {
    subtree: true,
    childList: true,
    attributes: true,
    characterData: true,
  });
}

export interface ImportWatch {
  start?: number;
  end?: number;
  /** Times the message or the progress bar changed. */
  updates: number[];
  states: string[];
  text: string;
  state: string;
  longestTask: number;
}

/** On the library page, before the file is chosen: follows the import's message and progress bar. */
export function watchImport(): void {
  const watch: ImportWatch = { updates: [], states: [], text: '', state: '', longestTask: 0 };
  (window as unknown as { __import: ImportWatch }).__import = watch;
  document.addEventListener(
    'change',
    (event) => {
      const input = event.target as Element;
      if (input.matches('[data-testid="import-input"]') && watch.start === undefined)
        watch.start = performance.now();
    },
    true,
  );
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries())
      if (watch.start !== undefined && watch.end === undefined)
        watch.longestTask = Math.max(watch.longestTask, entry.duration);
  }).observe({ type: 'longtask' });
  let last = '';
  new MutationObserver(() => {
    const message = document.querySelector('[data-testid="import-message"]');
    if (!message || watch.end !== undefined) return;
    const progress = document.querySelector<HTMLProgressElement>('[data-testid="import-progress"]');
    const state = message.getAttribute('data-state') ?? '';
    const now = `${message.textContent}|${progress?.value ?? ''}|${progress?.max ?? ''}`;
    if (now === last) return;
    last = now;
    watch.updates.push(performance.now());
    if (watch.states.at(-1) !== state) watch.states.push(state);
    watch.text = message.textContent ?? '';
    watch.state = state;
    if (['done', 'failed', 'cancelled'].includes(state)) watch.end = performance.now();
  }).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
}

export interface Keystroke {
  start: number;
  value?: string;
  done?: number;
  rows?: number;
  /** The round trip of the `search` message this keystroke sent (to the index and back). */
  search?: number;
  /** When that message was sent, after the key. */
  sent?: number;
  timeout?: boolean;
}

interface Keys {
  pending?: Keystroke;
  wait(ms: number): Promise<Keystroke | undefined>;
}

/**
 * On the library page: each keydown starts a measure, which ends when the list shows the answer to the
 * input's value (not busy, and the input still holds the value the key produced).
 */
export function watchKeystrokes(): void {
  const input = document.querySelector<HTMLInputElement>('[data-testid="library-search"]');
  if (!input) throw new Error('no search box on the library page');
  const keys: Keys = {
    wait: (ms) =>
      new Promise((done) => {
        const from = performance.now();
        const tick = () => {
          const pending = keys.pending;
          if (pending?.done !== undefined) done({ ...pending });
          else if (performance.now() - from > ms) done(pending && { ...pending, timeout: true });
          else setTimeout(tick, 2);
        };
        tick();
      }),
  };
  (window as unknown as { __keys: Keys }).__keys = keys;
  window.addEventListener(
    'keydown',
    () => {
      keys.pending = { start: performance.now() };
    },
    true,
  );
  window.addEventListener(
    'input',
    () => {
      if (keys.pending) keys.pending.value = input.value;
    },
    true,
  );
  new MutationObserver(() => {
    const pending = keys.pending;
    if (!pending || pending.done !== undefined || pending.value === undefined) return;
    const list = document.querySelector('ol[aria-busy]');
    // Rows still being read show as placeholders: the answer is shown once the first row is a paper.
    const first = list?.querySelector('li');
    const drawn = !first || first.matches('[data-testid="library-item"]');
    if (list?.getAttribute('aria-busy') === 'false' && input.value === pending.value && drawn) {
      pending.done = performance.now();
      pending.rows = list?.children.length;
      const sent = (window as unknown as { __messages?: SentMessage[] }).__messages ?? [];
      const search = sent.filter((m) => m.type === 'search' && m.at >= pending.start).at(-1);
      pending.search = search?.ms;
      pending.sent = search && search.at - pending.start;
    }
  }).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
}

export interface StoreRead {
  /** Time to open the database and `getAll` the store. */
  ms: number;
  records: number;
  /** The records' `count` fields (the snapshot's number of papers). */
  counts: number[];
  /** Typed arrays' bytes and strings' characters inside the records, walked recursively. */
  bytes: number;
  chars: number;
}

/** Reads a whole object store with the raw IndexedDB API (empty when it does not exist), and sizes it. */
export async function readStore({
  database,
  store,
}: {
  database: string;
  store: string;
}): Promise<StoreRead> {
  const started = performance.now();
  const records = await new Promise<{ count?: number }[]>((done, fail) => {
    const open = indexedDB.open(database);
    open.onerror = () => fail(open.error);
    open.onsuccess = () => {
      const db = open.result;
      if (!db.objectStoreNames.contains(store)) {
        db.close();
        done([]);
        return;
      }
      const all = db.transaction(store).objectStore(store).getAll();
      all.onsuccess = () => {
        db.close();
        done(all.result);
      };
      all.onerror = () => fail(all.error);
    };
  });
  const ms = performance.now() - started;
  let bytes = 0;
  let chars = 0;
  const seen = new Set<unknown>();
  const walk = (value: unknown) => {
    if (typeof value === 'string') chars += value.length;
    if (value === null || typeof value !== 'object' || seen.has(value)) return;
    seen.add(value);
    if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) bytes += value.byteLength;
    else if (value instanceof Map || value instanceof Set) for (const entry of value) walk(entry);
    else for (const v of Object.values(value)) walk(v);
  };
  if (store === 'snapshots') walk(records);
  return { ms, records: records.length, counts: records.map((r) => r.count ?? Number.NaN), bytes, chars };
}
