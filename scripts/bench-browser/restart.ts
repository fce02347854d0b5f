/**
 * The library after a browser restart, as a reader's day starts: the browser closed and opened again on the
 * same profile, then at once (a) a paper page and its popup, (b) the library page, (c) the library page
 * searching for an old paper; each after a restart of its own. The floor is the same browser reading every
 * paper out of IndexedDB: an index that answers before a page could have read the library.
 */
import { eventually, openTab, serve } from '../../tests/e2e/harness';
import { distinctiveWords, type Line } from './dataset';
import { readStore } from './page-probes';
import {
  attempt,
  describeMessages,
  median,
  ms,
  newRuns,
  type Row,
  RUNS,
  type Runs,
  runs,
  type SizeReport,
  timed,
  timedRuns,
} from './rows';
import { POPUP_PAGE, type Session } from './session';

const TARGET_MS = 300;

/** Restarts the browser, then opens `path` and times `mark`; notes how long after the launch it was opened. */
async function afterRestart(
  session: Session,
  runs: Runs,
  since: number[],
  open: () => Promise<string>,
  mark: string,
  note?: (text: string) => void,
): Promise<void> {
  await attempt(runs, async () => {
    await session.restart();
    const path = await open();
    since.push(Date.now() - session.browser.launchedAt);
    const { page, at, messages } = await session.openAndMark(path, mark);
    await page.close();
    note?.(`its messages: ${describeMessages(messages)}`);
    return at;
  });
}

export async function measureRestart(session: Session, library: Line[], report: SizeReport): Promise<Row[]> {
  // The index saved with every paper, as after a day's reading: the restart reads it back, no log to catch up.
  const { size } = await session.ask<{ size?: number }>({ type: 'index-status' });
  await eventually(async () => (await session.snapshot()).counts.includes(size ?? -1), 90_000);

  const popup = newRuns();
  const firstRow = newRuns();
  const searched = newRuns();
  const since: [number[], number[], number[]] = [[], [], []];
  const old = library[0];
  if (!old) throw new Error('no paper');
  const words = distinctiveWords(old, library);
  const search = `library.html?q=${encodeURIComponent(words)}&bench-target=${encodeURIComponent(`arxiv:${old.id}`)}`;
  const noteOnce = (what: string, i: number) =>
    i === 0 ? (text: string) => report.notes.push(`After a restart, ${what}: ${text}.`) : undefined;
  for (let i = 0; i < RUNS; i++) {
    await afterRestart(
      session,
      popup,
      since[0],
      async () => {
        // The paper page first, as a reader opens it: the popup needs the paper its content script reported.
        await serve(session.browser.context, POPUP_PAGE.url, POPUP_PAGE.file);
        const { tabId } = await openTab(session.browser, POPUP_PAGE.url);
        await session.tabPapers(tabId);
        return `popup.html?tabId=${tabId}`;
      },
      'relatedItem',
      noteOnce('the popup', i),
    );
    await afterRestart(
      session,
      firstRow,
      since[1],
      async () => 'library.html',
      'libraryItem',
      noteOnce('the library page', i),
    );
    await afterRestart(
      session,
      searched,
      since[2],
      async () => search,
      'target',
      noteOnce('the library page with a search', i),
    );
  }

  // The floor, in the browser just restarted, once the index is open and quiet.
  await session.indexReady();
  const floors: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const read = await session.control.evaluate(readStore, { database: 'papershelf', store: 'papers' });
    floors.push(read.ms);
  }
  const floor = median(floors);
  const whole = median(searched.samples);
  report.notes.push(
    `After a restart, pages were opened this long after the browser was up (its service worker running): popup ${since[0].map(ms).join(', ')} (the paper page opened and reported first); library page ${since[1].map(ms).join(', ')}; with a search ${since[2].map(ms).join(', ')}. The old paper searched: “${old.title}”, typed as \`${words}\`.`,
  );
  const measured = !Number.isNaN(floor) && !Number.isNaN(whole);
  return [
    timedRuns('After a restart: popup on a paper page → first related paper', popup, TARGET_MS),
    timedRuns('After a restart: library page → first row', firstRow, TARGET_MS),
    timedRuns('After a restart: library page → an old paper found by a search', searched),
    {
      what: '… as a multiple of the floor',
      value: measured ? `${(whole / floor).toFixed(2)}×` : 'not measured',
      target: '≤ 1×',
      met: measured ? (whole / floor <= 1 ? 'yes' : 'no') : '—',
    },
    timed(
      `Floor: the same browser after the restart, \`getAll\` of all ${(size ?? 0).toLocaleString('en')} papers (median)`,
      floor,
      undefined,
      runs(floors),
    ),
  ];
}
