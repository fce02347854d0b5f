/**
 * `npm run bench:sync [-- --sizes 10000,50000] [--plain]`: sync measured with the built extension in real Chromium,
 * two profiles and a CouchDB-protocol server (pouchdb-server, scripts/sync-server.ts) on a loopback port, on real
 * cs papers (../shared/datasets/arxiv-daily-cs-2025). For each size: device A imports the papers and connects
 * (the upload), device B connects to the same library (the join: held, searchable, with the library usable
 * meanwhile), then clips on A reach B with B's service worker stopped and no page of it open; disk and memory of
 * the second copy. Encrypted with a passphrase unless `--plain`. Prints a markdown report; nothing is asserted.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import type { SyncStatus } from '../lib/sync/status';
import { chromiumPath, eventually } from '../tests/e2e/harness';
import { markdownTable, percentile } from './bench/measure';
import { BUILT, launchCopy } from './bench-browser/browser';
import { DATASET, distinctiveWords, firstLines, type Line } from './bench-browser/dataset';
import { mb, ms, type Row, type SizeReport, timed } from './bench-browser/rows';
import { importReadingList } from './bench-browser/run';
import { Session } from './bench-browser/session';
import { runCli } from './cli';
import { type SyncServer, startSyncServer } from './sync-server';

declare const chrome: typeof import('wxt/browser').browser;

const DEFAULT_SIZES = [10_000, 50_000];
/** Papers past the library clipped on A, each timed until it is in B's library. */
const CLIPS = 5;
const PASSPHRASE = 'a passphrase for the sync benchmark';

const row = (what: string, value: string): Row => ({ what, value, target: '—', met: '—' });

function parseSizes(argv: string[]): number[] {
  const at = argv.indexOf('--sizes');
  if (at < 0) return DEFAULT_SIZES;
  const sizes = (argv[at + 1] ?? '').split(',').map(Number);
  if (sizes.some((n) => !Number.isInteger(n) || n < 1)) throw new Error('--sizes takes positive integers');
  return sizes;
}

/** Fills the options page's Sync section and presses Connect. */
async function connect(session: Session, url: string, passphrase: string): Promise<void> {
  const page = session.control;
  await page.getByTestId('sync-url').fill(url);
  await page.getByTestId('sync-user').fill('reader');
  await page.getByTestId('sync-password').fill('reader-password');
  await page.getByTestId('sync-passphrase').fill(passphrase);
  await page.getByTestId('sync-connect').click();
}

/**
 * Follows the options page's status line until it says "Up to date" with `papers`; resolves to the time that
 * took and the progress lines seen on the way.
 */
async function untilUpToDate(session: Session, papers: number, started: number, timeout: number) {
  const seen: string[] = [];
  for (;;) {
    const line = (await session.control.getByTestId('sync-status').textContent()) ?? '';
    if (seen.at(-1)?.replace(/ at .*/, '') !== line) seen.push(`${line} at ${ms(Date.now() - started)}`);
    const status = await session.ask<SyncStatus>({ type: 'sync-status' });
    if (status.state === 'failed') throw new Error(`sync failed: ${status.error}`);
    if (status.state === 'up-to-date' && status.papers === papers) return { ms: Date.now() - started, seen };
    if (Date.now() - started > timeout) throw new Error(`not up to date after ${ms(timeout)}: ${line}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/**
 * The bytes the profile's IndexedDB takes on disk (Chromium keeps every database of an origin in one LevelDB
 * folder; `navigator.storage.estimate()` lags behind it).
 */
async function indexedDbOnDisk(session: Session): Promise<number> {
  const page = await session.browser.context.newPage();
  try {
    await page.goto('chrome://version');
    const profile = await page.evaluate(() => document.getElementById('profile_path')?.textContent?.trim());
    if (!profile) throw new Error('chrome://version shows no profile path');
    return Number(
      execFileSync('du', ['-sb', join(profile, 'IndexedDB')], { encoding: 'utf8' }).split('\t')[0],
    );
  } finally {
    await page.close();
  }
}

/**
 * Chromium's ServiceWorker domain from a tab opened once (opening a tab wakes the extension's service worker:
 * it listens to tab updates): stops the workers before each clip. (Once a clip has arrived, the index worker
 * wakes the service worker to tell open tabs: that is after the time measured.)
 */
async function watchServiceWorker(session: Session) {
  const page = await session.browser.context.newPage();
  const cdp = await session.browser.context.newCDPSession(page);
  let status = 'unknown';
  cdp.on('ServiceWorker.workerVersionUpdated', ({ versions }) => {
    const mine = versions.find((v) =>
      v.scriptURL.startsWith(`chrome-extension://${session.browser.extensionId}/`),
    );
    if (!mine) return;
    status = mine.runningStatus;
  });
  await cdp.send('ServiceWorker.enable');
  return {
    async stop() {
      await cdp.send('ServiceWorker.stopAllWorkers');
      await eventually(async () => status === 'stopped', 10_000);
    },
    close: () => page.close(),
  };
}

async function indexWorkerHeap(session: Session): Promise<number> {
  const target = (await session.cdp.targets()).find(
    (t) => t.url.endsWith('/offscreen.html') && t.type !== 'tab',
  );
  if (!target) throw new Error('no offscreen document');
  const [heap] = await session.cdp.workerHeapsAfterGc(target.targetId);
  if (!heap) throw new Error('the offscreen document runs no worker');
  return heap.usedSize;
}

/** Whether B's index worker holds `id` in its library, asked inside that worker (no page of B is open). */
async function heldInWorker(session: Session, id: string): Promise<boolean> {
  const target = (await session.cdp.targets()).find(
    (t) => t.url.endsWith('/offscreen.html') && t.type !== 'tab',
  );
  if (!target) return false;
  return session.cdp.evaluateInWorker<boolean>(
    target.targetId,
    `new Promise((done) => {
      const open = indexedDB.open('papershelf');
      open.onsuccess = () => {
        const get = open.result.transaction('papers').objectStore('papers').count(${JSON.stringify(id)});
        get.onsuccess = () => { open.result.close(); done(get.result > 0); };
        get.onerror = () => done(false);
      };
      open.onerror = () => done(false);
    })`,
  );
}

async function benchSize(
  server: SyncServer,
  lines: Line[],
  text: string[],
  size: number,
  passphrase: string,
) {
  const report: SizeReport = { size, rows: [], notes: [] };
  const url = await server.database(`bench-${size}-${Date.now()}`);
  const file = join(tmpdir(), `papershelf-bench-sync-${process.pid}-${size}.jsonl`);
  writeFileSync(file, `${text.slice(0, size).join('\n')}\n`);
  const a = new Session(await launchCopy(), size, file);
  const b = new Session(await launchCopy(), size, file);
  try {
    await a.start();
    await b.start();
    report.chromium = (await a.cdp.send<{ product: string }>('Browser.getVersion')).product;
    const imported = await importReadingList(a, report);
    await imported.page.close();
    await a.indexReady(300_000);
    const before = {
      usage: await indexedDbOnDisk(a),
      heap: await indexWorkerHeap(a).catch(() => Number.NaN),
    };

    // The upload: device A's whole library to the server.
    let started = Date.now();
    await connect(a, url, passphrase);
    const upload = await untilUpToDate(a, size, started, 1_800_000);
    const info = (await fetch(url, {
      headers: { Authorization: `Basic ${btoa('reader:reader-password')}` },
    }).then((r) => r.json())) as { doc_count: number; sizes?: { file?: number } };
    report.rows.push(
      timed(`Upload: ${size.toLocaleString('en')} papers, Connect → "Up to date"`, upload.ms),
      row(
        'Upload: documents on the server (the papers and the key check, each once)',
        info.doc_count.toLocaleString('en'),
      ),
    );
    report.notes.push(
      `Upload status lines seen: ${upload.seen.slice(0, 6).join(' → ')}${upload.seen.length > 6 ? ` … (${upload.seen.length} in all)` : ''}.`,
    );

    // The join: device B, empty, connects to the same library.
    started = Date.now();
    await connect(b, url, passphrase);
    const searchLatencies: number[] = [];
    const last = lines[size - 1] as Line;
    const words = distinctiveWords(last, lines.slice(0, size));
    let held = Number.NaN;
    let searchable = Number.NaN;
    const seen: string[] = [];
    while (Number.isNaN(searchable)) {
      if (Date.now() - started > 1_800_000) throw new Error('the join took more than 30 minutes');
      const line = (await b.control.getByTestId('sync-status').textContent()) ?? '';
      if (seen.at(-1)?.replace(/ at .*/, '') !== line) seen.push(`${line} at ${ms(Date.now() - started)}`);
      // The library answers meanwhile: a search from the page, timed.
      const t = Date.now();
      const found = await b.ask<{ ids: string[]; size?: number; status: { state: string } }>({
        type: 'search',
        query: words,
        limit: 20,
      });
      searchLatencies.push(Date.now() - t);
      // The index's count, which the search caught up first: counting the papers table from here would walk
      // it, holding up the very writes being measured (a count of 50,000 takes seconds in Chromium).
      if (Number.isNaN(held) && (found.size ?? 0) >= size) held = Date.now() - started;
      const status = await b.ask<SyncStatus>({ type: 'sync-status' });
      if (status.refused?.length)
        throw new Error(`B refused documents: ${status.refused.map((r) => r.reason).join('; ')}`);
      if (!Number.isNaN(held) && found.status.state === 'ready' && found.ids.includes(`arxiv:${last.id}`))
        searchable = Date.now() - started;
      await new Promise((r) => setTimeout(r, 500));
    }
    const joined = await untilUpToDate(b, size, started, 1_800_000);
    const target = size >= 50_000 ? 90_000 : size >= 10_000 ? 30_000 : undefined;
    report.rows.push(
      timed(`Join: Connect → all ${size.toLocaleString('en')} papers in the library`, held, target),
      timed('Join: Connect → a search finds the last paper', searchable, target),
      timed('Join: Connect → "Up to date"', joined.ms),
      timed('Join: a search answered meanwhile (p95)', percentile(searchLatencies, 95)),
    );
    report.notes.push(
      `Join status lines seen: ${seen.slice(0, 8).join(' → ')}${seen.length > 8 ? ` … (${seen.length} in all)` : ''}.`,
    );

    // Disk and memory: B holds the library, its index, and the second copy (PouchDB's); A before sync had the
    // first two only.
    const after = { usage: await indexedDbOnDisk(b), heap: await indexWorkerHeap(b).catch(() => Number.NaN) };
    report.rows.push(
      row('Disk (IndexedDB folder): a library without sync (A before connecting)', mb(before.usage)),
      row('Disk (IndexedDB folder): the same library synced (B), PouchDB copy included', mb(after.usage)),
      row('… the second copy and sync state', mb(after.usage - before.usage)),
      row('Index worker heap after GC: A before connecting', mb(before.heap)),
      row('Index worker heap after GC: B synced', mb(after.heap)),
    );

    // A clip on A reaching B: no page of B open, B's service worker stopped.
    await b.control.goto('about:blank');
    const serviceWorker = await watchServiceWorker(b);
    const latencies: number[] = [];
    for (let i = 0; i < CLIPS; i++) {
      const line = lines[size + i] as Line;
      const id = `arxiv:${line.id}`;
      await serviceWorker.stop();
      // Clipped on A from a link (one small record, one transaction), then timed until B's worker holds it.
      const clippedAt = await a.control.evaluate(async (link) => {
        const reply = await chrome.runtime.sendMessage({ type: 'clip-link', url: link });
        if (!reply?.ok) throw new Error(reply?.error ?? 'no reply');
        return Date.now();
      }, `https://arxiv.org/abs/${line.id}`);
      await eventually(() => heldInWorker(b, id), 30_000);
      latencies.push(Date.now() - clippedAt);
    }
    await serviceWorker.close();
    report.rows.push(
      timed(
        `A clip on A → in B's library, B's service worker stopped (median of ${CLIPS})`,
        percentile(latencies, 50),
        2000,
      ),
      timed('… the slowest', Math.max(...latencies)),
    );
    report.notes.push(`Clip latencies: ${latencies.map(ms).join(', ')}.`);
  } catch (error) {
    report.rows.push(
      row('stopped', `not measured: ${String((error as Error)?.message ?? error).slice(0, 200)}`),
    );
  } finally {
    a.cdp?.close();
    b.cdp?.close();
    await a.browser.close();
    await b.browser.close();
    rmSync(file, { force: true });
  }
  return report;
}

await runCli('bench:sync', async () => {
  const argv = process.argv.slice(2);
  const sizes = parseSizes(argv);
  const passphrase = argv.includes('--plain') ? '' : PASSPHRASE;
  chromiumPath();
  if (!existsSync(resolve(BUILT, 'manifest.json')))
    throw new Error('no built extension: run `npx wxt build` first');
  if (!existsSync(DATASET)) return `Skipped the sync bench: no dataset at ${DATASET}.\n`;
  const { text, lines } = await firstLines(Math.max(...sizes) + CLIPS);
  const server = await startSyncServer();
  const sections: string[] = [];
  let chromium: string | undefined;
  try {
    for (const size of sizes) {
      process.stderr.write(`bench:sync: ${size} papers…\n`);
      const load = loadavg()[0]?.toFixed(1);
      const report = await benchSize(server, lines, text, size, passphrase);
      chromium ??= report.chromium;
      const table = markdownTable(
        ['what', 'measured', 'target', 'met'],
        report.rows.map((r) => [r.what, r.value, r.target, r.met]),
      );
      sections.push(
        `## ${size.toLocaleString('en')} papers (${passphrase ? 'encrypted' : 'plain'}; load average ${load} when it began)\n\n${table}\n${report.notes.map((n) => `- ${n}`).join('\n')}\n`,
      );
    }
  } finally {
    await server.close();
  }
  const cpu = cpus();
  return `# Sync in the browser\n\n- CPU: ${cpu[0]?.model.trim()} × ${cpu.length}, ${(totalmem() / 2 ** 30).toFixed(1)} GB\n- Chromium: ${chromium ?? 'unknown'} (headless), pouchdb-server 4.2.0 on 127.0.0.1\n\n${sections.join('\n')}`;
});
