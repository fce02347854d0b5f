/**
 * One size of the browser bench: a fresh Chromium profile, the first N papers imported through the library
 * page, then each measure in turn. A measure that cannot be taken becomes a row saying why.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { eventually, openTab, serve } from '../../tests/e2e/harness';
import { percentile } from '../bench/measure';
import { launchCopy } from './browser';
import { distinctiveWords, type Line, realisticQueries } from './dataset';
import { type ImportWatch, type Keystroke, readStore, watchImport, watchKeystrokes } from './page-probes';
import { measureRestart } from './restart';
import {
  attempt,
  describeMessages,
  failed,
  mb,
  median,
  ms,
  newRuns,
  type Row,
  RUNS,
  runs,
  type SizeReport,
  timed,
  timedRuns,
} from './rows';
import { POPUP_PAGE, Session } from './session';

declare const chrome: typeof import('wxt/browser').browser;

/** Fixture pages of papers that are not in a 2025 library: the popup's paper, then the papers clipped. */
const CLIP_PAGES = [
  POPUP_PAGE,
  { url: 'https://arxiv.org/abs/2310.06825v1', file: 'arxiv-abs/2310.06825v1-2026-comments-url.html' },
  { url: 'https://arxiv.org/abs/2005.11401v4', file: 'arxiv-abs/2005.11401v4-2026-venue-comment.html' },
];

/** After the import, only the restarts (`--restart-only`) or only the keystrokes (`--keys-only`). */
export type BenchPart = 'restart' | 'keys';

/** Runs every measure at one size; the temp reading list and profile are removed whatever happens. */
export async function benchSize(
  lines: Line[],
  text: string[],
  size: number,
  only?: BenchPart,
): Promise<SizeReport> {
  const report: SizeReport = { size, rows: [], notes: [] };
  const file = join(tmpdir(), `papershelf-bench-${process.pid}-${size}.jsonl`);
  writeFileSync(file, `${text.slice(0, size).join('\n')}\n`);
  const browser = await launchCopy();
  // Interrupted, the bench still leaves no profile and no reading list behind.
  const interrupted = () => {
    rmSync(file, { force: true });
    void browser.close().finally(() => process.exit(130));
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  try {
    const session = new Session(browser, size, file);
    await session.start();
    report.chromium = (await session.cdp.send<{ product: string }>('Browser.getVersion')).product;
    await measureAll(session, lines, report, only);
    session.cdp.close();
  } finally {
    process.off('SIGINT', interrupted);
    process.off('SIGTERM', interrupted);
    await browser.close().catch(() => {});
    rmSync(file, { force: true });
  }
  return report;
}

async function step(report: SizeReport, what: string, work: () => Promise<Row[] | Row>): Promise<boolean> {
  try {
    const rows = await work();
    report.rows.push(...(Array.isArray(rows) ? rows : [rows]));
    return true;
  } catch (error) {
    report.rows.push(failed(what, error));
    return false;
  }
}

async function measureAll(
  session: Session,
  lines: Line[],
  report: SizeReport,
  only: BenchPart | undefined,
): Promise<void> {
  const { size } = session;
  const library = lines.slice(0, size);
  let libraryPage: Page | undefined;
  const imported = await step(report, `Import ${size.toLocaleString('en')} papers`, async () => {
    const result = await importReadingList(session, report);
    libraryPage = result.page;
    return result.rows;
  });
  if (!imported) return;

  await step(report, 'Index saved after the import', async () => {
    const started = Date.now();
    await session.indexReady();
    await eventually(async () => {
      const snapshot = await session.snapshot();
      return snapshot.counts.includes(size);
    }, 90_000);
    return timed('Import done → index saved to IndexedDB (snapshot row present)', Date.now() - started);
  });

  let raw = Number.NaN;
  await step(report, 'Raw read', async () => {
    const page = libraryPage ?? session.control;
    const samples: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const read = await page.evaluate(readStore, { database: 'papershelf', store: 'papers' });
      if (read.records !== size) throw new Error(`IndexedDB holds ${read.records} papers, not ${size}`);
      samples.push(read.ms);
    }
    raw = median(samples);
    return timed(
      `Raw read: all ${size.toLocaleString('en')} records, \`getAll\` on \`papers\` (median)`,
      raw,
      undefined,
      runs(samples),
    );
  });
  await libraryPage?.close();
  if (only === 'restart') {
    await step(report, 'After a restart', () => measureRestart(session, library, report));
    return;
  }
  if (only === 'keys') {
    await step(
      report,
      'Keystroke to results',
      async () => (await typeQueries(session, library, report)).rows,
    );
    return;
  }

  const old = library[0];
  await step(report, 'Library page, cold index', async () => {
    if (!old) throw new Error('no paper');
    const firstRow = newRuns();
    const searchable = newRuns();
    const words = distinctiveWords(old, library);
    const query = `library.html?q=${encodeURIComponent(words)}&bench-target=${encodeURIComponent(`arxiv:${old.id}`)}`;
    for (let i = 0; i < RUNS; i++) {
      await attempt(firstRow, async () => {
        await session.makeIndexCold();
        const { page, at } = await session.openAndMark('library.html', 'libraryItem');
        await page.close();
        return at;
      });
      await attempt(searchable, async () => {
        await session.makeIndexCold();
        const { page, at, messages } = await session.openAndMark(query, 'target');
        await page.close();
        if (i === 0)
          report.notes.push(`Cold library page with a search, its messages: ${describeMessages(messages)}.`);
        return at;
      });
    }
    const whole = median(searchable.samples);
    report.notes.push(
      `Old paper searched on the cold library page: line 1, “${old.title}”, typed as \`${words}\`.`,
    );
    const opened = newRuns();
    for (let i = 0; i < RUNS; i++) await attempt(opened, () => session.timeIndexOpen());
    return [
      timedRuns('Library page, cold index: navigation → first row shown', firstRow, 500),
      timedRuns('Library page, cold index: navigation → an old paper found by a search', searchable),
      {
        what: '… the same, as a multiple of the raw read',
        value: Number.isNaN(raw) || Number.isNaN(whole) ? 'not measured' : `${(whole / raw).toFixed(2)}×`,
        target: '≤ 2×',
        met: Number.isNaN(raw) || Number.isNaN(whole) ? '—' : whole / raw <= 2 ? 'yes' : 'no',
      },
      timedRuns(
        'For comparison: cold index → `index-status` “ready”, asked every 25 ms from an extension page',
        opened,
      ),
    ];
  });

  let typingPage: Page | undefined;
  await step(report, 'Keystroke to results', async () => {
    const result = await typeQueries(session, library, report);
    typingPage = result.page;
    return result.rows;
  });

  let popupTab: number | undefined;
  await step(report, 'Popup related papers', async () => {
    const result = await popupRelated(session, report);
    popupTab = result.tabId;
    return result.rows;
  });

  await step(report, 'Clip one paper', () => clipPapers(session, lines, report));

  await step(report, 'JS heap', () => heaps(session, typingPage, popupTab, report));

  await step(report, 'Persisted index size', async () => {
    const snapshot = await session.snapshot();
    const usage = await session.control.evaluate(async () => (await navigator.storage.estimate()).usage ?? 0);
    // The related index's file (lib/opfs-file.ts), read whole as the worker reads it back.
    const file = await session.control.evaluate(async () => {
      const started = performance.now();
      const handle = await (await navigator.storage.getDirectory()).getFileHandle('related-index.psf');
      const bytes = (await (await handle.getFile()).arrayBuffer()).byteLength;
      return { bytes, ms: performance.now() - started };
    });
    return [
      {
        what: 'Persisted search index (`papershelf-index` / `snapshots` rows): typed arrays + string characters',
        value: `${mb(snapshot.bytes + snapshot.chars)} (${mb(snapshot.bytes)} typed arrays, ${(snapshot.chars / 1e6).toFixed(1)} M string characters; read back in ${ms(snapshot.ms)})`,
        target: '—',
        met: '—',
      },
      {
        what: 'Persisted related index (`related-index.psf`, origin private file system)',
        value: `${mb(file.bytes)} (read back in ${ms(file.ms)})`,
        target: '—',
        met: '—',
      },
      {
        what: '`navigator.storage.estimate().usage` (library, index, everything)',
        value: mb(usage),
        target: '—',
        met: '—',
      },
    ];
  });

  await step(report, 'After a restart', () => measureRestart(session, library, report));
}

export async function importReadingList(
  session: Session,
  report: SizeReport,
): Promise<{ page: Page; rows: Row[] }> {
  const { size } = session;
  const page = await session.browser.context.newPage();
  await page.goto(session.url('library.html'));
  await page.getByTestId('import-input').waitFor({ state: 'attached' });
  await page.evaluate(watchImport);
  await page.getByTestId('import-input').setInputFiles(session.file);
  await page.waitForFunction(
    () => (window as unknown as { __import: ImportWatch }).__import.end !== undefined,
    null,
    {
      timeout: 300_000,
      polling: 250,
    },
  );
  const watch = await page.evaluate(() => (window as unknown as { __import: ImportWatch }).__import);
  if (watch.state !== 'done') throw new Error(`the import ended ${watch.state}: ${watch.text}`);
  const start = watch.start ?? watch.updates[0] ?? 0;
  const end = watch.end ?? Number.NaN;
  const times = [start, ...watch.updates, end];
  let gap = 0;
  let gapAt = 0;
  for (let i = 1; i < times.length; i++) {
    const between = (times[i] ?? 0) - (times[i - 1] ?? 0);
    if (between > gap) [gap, gapAt] = [between, (times[i - 1] ?? 0) - start];
  }
  report.notes.push(
    `Import: ${watch.updates.length} progress updates, states ${watch.states.join(' → ')}; final message “${watch.text.trim()}”.`,
  );
  return {
    page,
    rows: [
      timed(
        `Import ${size.toLocaleString('en')} papers: file chosen → “done”`,
        end - start,
        60_000,
        ' (target is for 50k)',
      ),
      timed(
        'Import: longest gap between two progress updates',
        gap,
        undefined,
        ` (from ${ms(gapAt)} into the import; ${watch.updates.length} updates)`,
      ),
      timed('Import: longest main-thread task on the library page meanwhile', watch.longestTask),
    ],
  };
}

async function typeQueries(
  session: Session,
  library: Line[],
  report: SizeReport,
): Promise<{ page: Page; rows: Row[] }> {
  const { page } = await session.openAndMark('library.html', 'libraryItem');
  await page.evaluate(watchKeystrokes);
  const input = page.getByTestId('library-search');
  const latencies: number[] = [];
  const searches: number[] = [];
  /** Per keystroke with its round trip known: the key to the message sent, and the reply to the rows drawn. */
  const untilSent: number[] = [];
  const afterReply: number[] = [];
  let timeouts = 0;
  const perQuery: string[] = [];
  /** Each keystroke timed: the text typed, its time, and its parts when its round trip is known. */
  const strokes: { text: string; ms: number; parts?: string }[] = [];
  for (const query of realisticQueries(library)) {
    await input.fill('');
    await page.waitForFunction(
      () =>
        document.querySelector('ol[aria-busy]')?.getAttribute('aria-busy') === 'false' &&
        document.querySelector<HTMLInputElement>('[data-testid="library-search"]')?.value === '',
      null,
      { timeout: 30_000 },
    );
    await input.focus();
    const own: number[] = [];
    for (let i = 0; i < query.text.length; i++) {
      const changes = query.text.slice(0, i + 1).trim() !== query.text.slice(0, i).trim();
      await page.keyboard.type(query.text[i] ?? '');
      if (!changes) {
        // The same search (a space): nothing to wait for.
        await page.waitForTimeout(20);
        continue;
      }
      const stroke = await page.evaluate(() =>
        (window as unknown as { __keys: { wait(ms: number): Promise<Keystroke | undefined> } }).__keys.wait(
          10_000,
        ),
      );
      if (!stroke || stroke.timeout || stroke.done === undefined) timeouts++;
      else {
        const total = stroke.done - stroke.start;
        own.push(total);
        let parts: string | undefined;
        if (stroke.search !== undefined && stroke.sent !== undefined) {
          const after = total - stroke.sent - stroke.search;
          searches.push(stroke.search);
          untilSent.push(stroke.sent);
          afterReply.push(after);
          parts = `${ms(stroke.sent)} + ${ms(stroke.search)} + ${ms(after)}`;
        }
        strokes.push({ text: query.text.slice(0, i + 1), ms: total, parts });
      }
    }
    latencies.push(...own);
    const count = await page.getByTestId('library-count').textContent();
    const first = await page
      .getByTestId('library-item')
      .first()
      .locator('a')
      .first()
      .textContent({ timeout: 1000 })
      .catch(() => '(none)');
    perQuery.push(
      `\`${query.text}\` (${query.kind}): ${own.length} keystrokes, p50 ${ms(median(own))}, max ${ms(Math.max(...own))}; ${count?.trim()}; first: ${first?.trim().slice(0, 70)}`,
    );
  }
  await input.fill('');
  report.notes.push(
    `Queries typed on the library page:\n${perQuery.map((line) => `  - ${line}`).join('\n')}`,
  );
  const slowest = [...strokes].sort((a, b) => b.ms - a.ms).slice(0, 12);
  report.notes.push(
    `The slowest keystrokes (key → sent + round trip + reply → drawn): ${slowest
      .map((stroke) => `\`${stroke.text}\` ${ms(stroke.ms)}${stroke.parts ? ` (${stroke.parts})` : ''}`)
      .join(', ')}.`,
  );
  return {
    page,
    rows: [
      timed(
        'Keystroke → results on the library page, p50',
        median(latencies),
        undefined,
        ` (${latencies.length} keystrokes, 10 queries${timeouts ? `, ${timeouts} timed out after 10 s` : ''})`,
      ),
      timed('Keystroke → results on the library page, p95', percentile(latencies, 95), 50),
      timed('Keystroke → results on the library page, max', Math.max(...latencies)),
      timed(
        '… of which the `search` round trip (page → index worker on its channel, lib/index-channel.ts), p50 / p95',
        median(searches),
        undefined,
        ` / ${ms(percentile(searches, 95))}`,
      ),
      timed(
        '… and on the page: the key → the message sent, p50 / p95',
        median(untilSent),
        undefined,
        ` / ${ms(percentile(untilSent, 95))}`,
      ),
      timed(
        '… and on the page: the reply → its rows read and drawn, p50 / p95',
        median(afterReply),
        undefined,
        ` / ${ms(percentile(afterReply, 95))}`,
      ),
    ],
  };
}

async function popupRelated(session: Session, report: SizeReport): Promise<{ tabId: number; rows: Row[] }> {
  const { browser, size } = session;
  await session.ask({ type: 'set-settings', autoClip: false });
  for (const page of CLIP_PAGES) await serve(browser.context, page.url, page.file);
  await session.serviceWorker();
  const { tabId } = await openTab(browser, POPUP_PAGE.url);
  await session.tabPapers(tabId);
  await session.indexReady();
  const popup = `popup.html?tabId=${tabId}`;
  const stopped = newRuns();
  const warm = newRuns();
  const cold = newRuns();
  const show = async (label?: string) => {
    const { page, at, messages } = await session.openAndMark(popup, 'relatedItem');
    await page.close();
    if (label)
      report.notes.push(
        `Popup ${label}, its messages: ${describeMessages(messages)}; first related paper at ${ms(at)}.`,
      );
    return at;
  };
  // Once untimed, so the index has answered `related` for this paper before.
  await attempt(newRuns(), () => show());
  for (let i = 0; i < RUNS; i++) {
    await attempt(stopped, async () => {
      await session.stopServiceWorker();
      return show(i === 0 ? 'with the service worker stopped' : undefined);
    });
    await attempt(warm, () => show(i === 0 ? 'warm' : undefined));
  }
  for (let i = 0; i < RUNS; i++) {
    await attempt(cold, async () => {
      await session.makeIndexCold();
      return show(i === 0 ? 'fully cold' : undefined);
    });
  }
  return {
    tabId,
    rows: [
      timedRuns(
        'Popup, service worker stopped (index worker running): navigation → first related paper',
        stopped,
        size <= 10_000 ? 300 : 1000,
      ),
      timedRuns('Popup, warm (opened again at once): navigation → first related paper', warm, 150),
      timedRuns(
        'Popup, fully cold (offscreen document closed, service worker stopped): navigation → first related paper',
        cold,
      ),
    ],
  };
}

/** Clips papers not in the library from their tabs; times each until a search for its title returns it. */
async function clipPapers(session: Session, lines: Line[], report: SizeReport): Promise<Row[]> {
  const { browser, size } = session;
  const samples: number[] = [];
  const replies: number[] = [];
  const clipped: string[] = [];
  for (const [i, page] of CLIP_PAGES.entries()) {
    await session.serviceWorker();
    const { tabId } = await openTab(browser, page.url);
    const papers = await session.tabPapers(tabId);
    await session.indexReady();
    // The contract's older shape carried the paper; the current one clips what the tab showed.
    const line = lines[size + i];
    const paper = line && {
      id: `arxiv:${line.id}`,
      arxivId: line.id,
      title: line.title,
      authors: line.authors,
      abstract: line.abstract,
      categories: line.categories,
      primaryCategory: line.categories[0],
      submitted: line.date,
      source: { site: 'arxiv', kind: 'arxiv-abs', url: `https://arxiv.org/abs/${line.id}` },
    };
    const titles = new Map([
      ...papers.map((p) => [p.id, p.title ?? ''] as const),
      [paper?.id ?? '', paper?.title ?? ''],
    ]);
    const result = await session.control.evaluate(
      async ({ message, titles }) => {
        const started = performance.now();
        const reply = await chrome.runtime.sendMessage(message);
        const replied = performance.now() - started;
        if (!reply?.ok) return { error: String(reply?.error ?? 'no reply') };
        const id = (reply.value.savedIds as string[])[0] ?? '';
        const title = new Map(titles).get(id) ?? '';
        for (let tries = 0; tries < 200; tries++) {
          const found = await chrome.runtime.sendMessage({ type: 'search', query: title, limit: 20 });
          if (found?.ok && (found.value.ids as string[]).includes(id))
            return { id, title, replied, ms: performance.now() - started, tries: tries + 1 };
        }
        return { error: `a search for “${title}” never returned ${id}` };
      },
      { message: { type: 'clip', tabId, papers: paper ? [paper] : [] }, titles: [...titles] },
    );
    if ('error' in result) throw new Error(result.error);
    samples.push(result.ms);
    replies.push(result.replied);
    clipped.push(`${result.id} “${result.title}” (${result.tries} search${result.tries > 1 ? 'es' : ''})`);
  }
  report.notes.push(`Clipped: ${clipped.join('; ')}.`);
  return [
    timed('Clip one paper → a search for its title returns it (median)', median(samples), 50, runs(samples)),
    timed('… of which the `clip` reply (median)', median(replies), undefined, runs(replies)),
  ];
}

async function heaps(
  session: Session,
  library: Page | undefined,
  tabId: number | undefined,
  report: SizeReport,
): Promise<Row[]> {
  const open: Page[] = [];
  if (!library || library.isClosed())
    open.push((await session.openAndMark('library.html', 'libraryItem')).page);
  if (tabId !== undefined)
    open.push((await session.openAndMark(`popup.html?tabId=${tabId}`, 'relatedItem')).page);
  else {
    const popup = await session.browser.context.newPage();
    await popup.goto(session.url('popup.html?tabId=0'));
    await popup.waitForTimeout(1000);
    open.push(popup);
  }
  await session.serviceWorker();
  await session.indexReady();
  const targets = await session.cdp.targets();
  const extension = (t: { url: string }) =>
    t.url.startsWith(`chrome-extension://${session.browser.extensionId}/`);
  const wanted: [string, (t: { type: string; url: string }) => boolean][] = [
    ['library page', (t) => t.type === 'page' && extension(t) && t.url.includes('/library.html')],
    ['popup', (t) => t.type === 'page' && extension(t) && t.url.includes('/popup.html')],
    ['service worker', (t) => t.type === 'service_worker' && extension(t)],
    ['offscreen document', (t) => extension(t) && t.url.includes('/offscreen.html') && t.type !== 'tab'],
    // Reached through the offscreen document that started it.
    ['index worker', (t) => extension(t) && t.url.includes('/offscreen.html') && t.type !== 'tab'],
  ];
  const rows: Row[] = [];
  const used = new Map<string, number>();
  for (const [name, match] of wanted) {
    const target = targets.find(match);
    try {
      if (!target) throw new Error(`no ${name} among the browser's targets`);
      const heap =
        name === 'index worker'
          ? (await session.cdp.workerHeapsAfterGc(target.targetId))[0]
          : await session.cdp.heapAfterGc(target.targetId);
      if (!heap) throw new Error('the offscreen document runs no worker');
      used.set(name, heap.usedSize);
      rows.push({
        what: `JS heap after GC: ${name}`,
        value: mb(heap.usedSize),
        target: '≤ 150 MB',
        met: heap.usedSize <= 150 * 2 ** 20 ? 'yes' : 'no',
      });
    } catch (error) {
      rows.push(failed(`JS heap: ${name}`, error));
    }
  }
  const pages = ['library page', 'popup', 'offscreen document'].map((name) => used.get(name));
  if (
    pages.every((v) => v !== undefined) &&
    new Set(pages.map((v) => Math.round((v ?? 0) / 2 ** 16))).size === 1
  )
    report.notes.push(
      'The library page, the popup and the offscreen document report the same heap: Chromium runs an extension’s pages in one renderer process, one V8 isolate, so their JS heap is shared and counted once.',
    );
  for (const page of open) await page?.close();
  return rows;
}
