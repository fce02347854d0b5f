/**
 * Sync end to end: the built extension in a Firefox profile and a Chromium profile, then a third (Chromium)
 * profile, syncing through one CouchDB-protocol server (pouchdb-server on a loopback port, scripts/sync-server.ts)
 * set up as a reader's would be: a member user, `_security`, CORS. Each profile is connected the way a reader does
 * it: the options page, nothing else. It drives both browsers at once, so it runs once, in the Firefox run (which
 * has both builds): there the receiving profile is Chromium's, whose service worker the test stops.
 */
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RemovedPaper } from '../../lib/db';
import type { Reply, TabState } from '../../lib/messages';
import { type SyncServer, startSyncServer } from '../../scripts/sync-server';
import {
  type Browser,
  type BrowserName,
  badge,
  browserName,
  byTestId,
  click,
  eventually,
  fill,
  launch,
  libraryRecords,
  onlyIn,
  openExtensionPage,
  openTab,
  rowsWith,
  sendMessage,
  serve,
  table,
  text,
} from './harness';

const ATTENTION = 'https://arxiv.org/abs/1706.03762v7';
const ATTENTION_ID = 'arxiv:1706.03762';
const SENTENCEPIECE = 'https://arxiv.org/abs/1808.06226v1';
const SENTENCEPIECE_ID = 'arxiv:1808.06226';
const DOLMA = 'https://arxiv.org/abs/2402.00159v2';
const DOLMA_ID = 'arxiv:2402.00159';
const PASSPHRASE = 'a long passphrase for the test library';

const other: BrowserName = browserName === 'chromium' ? 'firefox' : 'chromium';

let server: SyncServer;
let database: string;
let a: Browser;
let b: Browser;
const extra: Browser[] = [];

async function profile(name: BrowserName): Promise<Browser> {
  const made = await launch(name);
  serve(made, ATTENTION, 'arxiv-abs/1706.03762v7-2026-08-newheader.html');
  serve(made, SENTENCEPIECE, 'arxiv-abs/1808.06226v1-2026-github-in-abstract.html');
  serve(made, DOLMA, 'arxiv-abs/2402.00159v2-2026-comments-dataset-code.html');
  return made;
}

/** The options page of `browser`, its Sync section filled in and Connect pressed; resolves to the page. */
async function connect(
  browser: Browser,
  account: { password?: string; passphrase?: string; url?: string } = {},
) {
  const page = await openExtensionPage(browser, 'options.html');
  await fill(page, byTestId('sync-url'), account.url ?? database);
  await fill(page, byTestId('sync-user'), 'reader');
  await fill(page, byTestId('sync-password'), account.password ?? 'reader-password');
  await fill(page, byTestId('sync-passphrase'), account.passphrase ?? PASSPHRASE);
  await click(page, byTestId('sync-connect'));
  return page;
}

/** The status line once it says what `match` looks for. */
const statusSays = (page: Page, match: RegExp, ms = 30_000) =>
  eventually(async () => {
    const line = await text(page, byTestId('sync-status'));
    return line !== null && match.test(line) && line;
  }, ms);

const ids = async (browser: Browser) => (await libraryRecords(browser)).map((paper) => paper.id).sort();

/** Visits a paper page: clipped on visit, as a reader's browsing does. */
async function visit(browser: Browser, url: string, id: string) {
  const { page } = await openTab(browser, url);
  await eventually(async () => (await ids(browser)).includes(id));
  await page.close();
}

describe.runIf(onlyIn('firefox'))(`sync between ${browserName} and ${other} through one server`, () => {
  beforeAll(async () => {
    server = await startSyncServer();
    database = await server.database('papershelf', 'reader', 'reader-password');
    a = await profile(browserName);
    b = await profile(other);
  }, 120_000);
  afterAll(async () => {
    for (const browser of [a, b, ...extra]) await browser?.close().catch(() => {});
    await server?.close();
  });

  it('a wrong password and an address that is not a CouchDB database are told so, and nothing is synced', async () => {
    await visit(a, ATTENTION, ATTENTION_ID);
    const page = await connect(a, { password: 'not the password' });
    expect(await statusSays(page, /refused/)).toBe('The server refused the user name or password.');
    await fill(page, byTestId('sync-password'), 'reader-password');
    await fill(page, byTestId('sync-url'), `${server.origin}/_utils`);
    await click(page, byTestId('sync-connect'));
    expect(await statusSays(page, /CouchDB/)).toMatch(/does not answer as a CouchDB database/);
    const docs = await fetch(`${database}/_all_docs`, {
      headers: { Authorization: `Basic ${btoa('reader:reader-password')}` },
    }).then((r) => r.json() as Promise<{ total_rows: number }>);
    expect(docs.total_rows).toBe(0);
    await page.close();
  });

  it('a library set up with a passphrase; the other browser with a wrong one is told so and imports nothing', async () => {
    const page = await connect(a);
    expect(await statusSays(page, /^Up to date/)).toBe('Up to date · 1 paper');
    await page.close();
    // The server holds no title in clear.
    const all = await fetch(`${database}/_all_docs?include_docs=true`, {
      headers: { Authorization: `Basic ${btoa('reader:reader-password')}` },
    }).then((r) => r.text());
    expect(all).not.toContain('Attention');
    expect(all).not.toContain('1706.03762');

    const wrong = await connect(b, { passphrase: 'not the passphrase' });
    expect(await statusSays(wrong, /passphrase/)).toBe('Wrong passphrase for this library.');
    expect(await ids(b)).toEqual([]);
    await wrong.close();
  });

  it('with the passphrase, the other browser gets the library; a clip reaches it with no page open there', async () => {
    const page = await connect(b);
    expect(await statusSays(page, /^Up to date/)).toBe('Up to date · 1 paper');
    expect(await ids(b)).toEqual([ATTENTION_ID]);
    await page.close();
    // Nothing open in that browser but its page kept for the tests, moved off the extension; Chromium's
    // service worker stopped.
    await b.ext.goto('about:blank').catch(() => {});
    const serviceWorker = b.name === 'chromium' ? await watchServiceWorker(b) : undefined;
    await serviceWorker?.stop();

    // Chromium's service worker was still stopped when the paper reached the library: the offscreen document's
    // worker took the change (and only then wakes the service worker, to tell open tabs). Looked at from
    // before the clip, its state read before each look at the library: a start the write caused never counts.
    let stoppedBeforeArrival = false;
    const arrival = serviceWorker
      ? eventually(async () => {
          const stopped = serviceWorker.status() === 'stopped';
          const arrived = await heldByIndexWorker(b, SENTENCEPIECE_ID);
          if (!arrived) stoppedBeforeArrival = stopped;
          return arrived;
        }, 30_000)
      : undefined;
    await visit(a, SENTENCEPIECE, SENTENCEPIECE_ID);
    if (arrival) {
      await arrival;
      expect(stoppedBeforeArrival).toBe(true);
    }
    await serviceWorker?.close();
    b.ext = await openExtensionPage(b, 'options.html');
    expect(await ids(b)).toEqual([ATTENTION_ID, SENTENCEPIECE_ID]);
  });

  it('tags and notes written on both at once merge; the note that lost is kept and shown', async () => {
    const edit = (browser: Browser, tag: string, note: string) =>
      sendMessage<Reply<'edit-papers'>>(browser, {
        type: 'edit-papers',
        ids: [ATTENTION_ID],
        edit: { addTags: [tag], note },
      });
    await Promise.all([
      edit(a, `from-${a.name}`, `${a.name} note`),
      edit(b, `from-${b.name}`, `${b.name} note`),
    ]);
    const merged = async (browser: Browser) =>
      (await libraryRecords(browser)).find((p) => p.id === ATTENTION_ID);
    for (const browser of [a, b])
      await eventually(
        async () => (await merged(browser))?.tags.length === 2 && (await merged(browser))?.otherNotes,
      );
    const [onA, onB] = [await merged(a), await merged(b)];
    // The same tags in the same order on both.
    expect(onB?.tags).toEqual(onA?.tags);
    expect([...(onA?.tags ?? [])].sort()).toEqual(['from-chromium', 'from-firefox']);
    expect(onB?.note).toBe(onA?.note);
    const lost = onA?.note === `${a.name} note` ? `${b.name} note` : `${a.name} note`;
    expect(onA?.otherNotes?.map((n) => n.text)).toEqual([lost]);
    // Shown beside the note in the library page's details, to be taken back.
    const library = await openExtensionPage(a, 'library.html');
    // A click on its row, beside the title link, opens its details.
    const [row] = await eventually(async () => {
      const rows = await rowsWith(library, 'Attention Is All You Need');
      return rows.length > 0 && rows;
    });
    await (await row?.$('.paper-row-meta'))?.click();
    await eventually(async () => (await text(library, byTestId('other-note')))?.includes(lost));
    await library.close();
  });

  it('a removal on one leaves the other, tells its open tab, and stays removed there: a visit does not clip it again', async () => {
    const open = await openTab(b, SENTENCEPIECE);
    const saved = 'Papershelf: 1 of 1 in your library';
    await eventually(async () => (await badge(b, open.tabId)).title === saved);
    expect(await sendMessage(a, { type: 'remove', ids: [SENTENCEPIECE_ID] })).toMatchObject({ ok: true });
    await eventually(async () => !(await ids(b)).includes(SENTENCEPIECE_ID), 20_000);
    // The tab showing it is told, with nothing asked of it: its button no longer says the paper is saved.
    await eventually(async () => (await badge(b, open.tabId)).title !== saved, 10_000);
    await open.page.close();
    const removed = (await table(b.ext, 'removed')) as RemovedPaper[];
    expect(removed.map((entry) => entry.id)).toEqual([SENTENCEPIECE_ID]);
    const { tabId, page } = await openTab(b, SENTENCEPIECE);
    const state = await eventually(async () => {
      const reply = await sendMessage<Reply<'tab-state'>>(b, { type: 'tab-state', tabId });
      return reply.ok && reply.value.url === SENTENCEPIECE && (reply.value as TabState);
    });
    expect(state.removedIds).toEqual([SENTENCEPIECE_ID]);
    expect(await ids(b)).toEqual([ATTENTION_ID]);
    await page.close();
  });

  it('the server stopped: each side keeps working and says what waits; started again, both catch up', async () => {
    await server.stop();
    await visit(a, DOLMA, DOLMA_ID);
    const page = await openExtensionPage(a, 'options.html');
    expect(await statusSays(page, /^Offline/)).toMatch(/^Offline: \d+ changes? waiting, retrying$/);
    // The library page says so too, in a line shown only when sync needs the reader.
    const library = await openExtensionPage(a, 'library.html');
    expect(
      await eventually(async () =>
        (await text(library, byTestId('sync-notice')))?.startsWith('Sync: Offline'),
      ),
    ).toBe(true);
    await server.start();
    await eventually(async () => (await text(library, byTestId('sync-notice'))) === null, 30_000);
    await library.close();
    expect(await statusSays(page, /^Up to date/)).toBe('Up to date · 2 papers');
    await eventually(async () => (await ids(b)).includes(DOLMA_ID), 30_000);
    await page.close();
  });

  it('a third profile joins and holds the same library, removed papers included', async () => {
    const c = await profile('chromium');
    extra.push(c);
    const page = await connect(c);
    expect(await statusSays(page, /^Up to date/)).toBe('Up to date · 2 papers');
    const strip = (papers: Awaited<ReturnType<typeof libraryRecords>>) =>
      papers.sort((x, y) => x.id.localeCompare(y.id));
    expect(strip(await libraryRecords(c))).toEqual(strip(await libraryRecords(a)));
    expect(((await table(c.ext, 'removed')) as RemovedPaper[]).map((entry) => entry.id)).toEqual([
      SENTENCEPIECE_ID,
    ]);
  });
});

/** Whether the library holds `id`, read in Chromium's offscreen document (which wakes no service worker). */
async function heldByIndexWorker(browser: Browser, id: string): Promise<boolean> {
  const target = browser.puppeteer.targets().find((t) => t.url().endsWith('/offscreen.html'));
  const page = await target?.asPage();
  if (!page) return false;
  return page.evaluate(
    (key) =>
      new Promise<boolean>((done) => {
        const open = indexedDB.open('papershelf');
        open.onsuccess = () => {
          const counted = open.result.transaction('papers').objectStore('papers').count(key);
          counted.onsuccess = () => done(counted.result > 0);
          counted.onerror = () => done(false);
        };
        open.onerror = () => done(false);
      }),
    id,
  );
}

/**
 * Chromium's ServiceWorker domain, from a blank tab opened first (a tab opened later would wake the extension's
 * service worker: it listens to tab updates): stops the service workers as Chrome does after 30 s idle, and
 * says whether the extension's has run since (a stopped worker stays listed among the targets).
 */
async function watchServiceWorker(browser: Browser) {
  const page = await browser.puppeteer.newPage();
  const cdp = await page.createCDPSession();
  let status = 'unknown';
  cdp.on('ServiceWorker.workerVersionUpdated', ({ versions }) => {
    const mine = (versions as { scriptURL: string; runningStatus: string }[]).find((version) =>
      version.scriptURL.startsWith(browser.origin),
    );
    if (mine) status = mine.runningStatus;
  });
  await cdp.send('ServiceWorker.enable');
  return {
    async stop() {
      await cdp.send('ServiceWorker.stopAllWorkers');
      await eventually(async () => status === 'stopped');
    },
    status: () => status,
    async close() {
      await cdp.detach().catch(() => {});
      await page.close();
    },
  };
}
