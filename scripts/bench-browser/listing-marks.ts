/**
 * What the marks cost a large listing: a 2,000-entry arXiv list (tests/e2e/harness.ts `bigListing`) loaded
 * again and again with the marks on and off, alternately, in one profile. Times are the page's own clock from
 * DOMContentLoaded: when its main thread was free again (a task queued then has run: the page laid out), when
 * the last mark was drawn, and the load event.
 */
import type { Page } from 'playwright-core';
import { bigListing, type MarksSeen, watchMarks } from '../../tests/e2e/harness';
import { markdownTable, percentile } from '../bench/measure';
import { launchCopy } from './browser';

const LISTING = 'https://arxiv.org/list/cond-mat.mtrl-sci/new';
const ENTRIES = 2000;
const LOADS = 7;

interface Load {
  free: number;
  lastMark: number;
  load: number;
  marks: number;
}

async function loadOnce(page: Page, marks: boolean): Promise<Load> {
  await page.goto(LISTING, { waitUntil: 'load' });
  if (marks) {
    await page.waitForFunction(
      (n) => (window as unknown as { papershelfSeen: MarksSeen }).papershelfSeen.marks >= n,
      ENTRIES,
      { timeout: 30_000 },
    );
  }
  await page.waitForTimeout(300);
  return page.evaluate(() => {
    const seen = (window as unknown as { papershelfSeen: MarksSeen }).papershelfSeen;
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
    const from = nav.domContentLoadedEventEnd;
    return {
      free: seen.free - from,
      lastMark: seen.marks > 0 ? seen.lastMark - from : Number.NaN,
      load: nav.loadEventEnd - from,
      marks: seen.marks,
    };
  });
}

export async function benchListingMarks(): Promise<string> {
  const browser = await launchCopy();
  try {
    const listing = bigListing(ENTRIES);
    await browser.context.route(LISTING, (route) =>
      route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: listing }),
    );
    await browser.context.addInitScript(watchMarks);
    const settings = await browser.context.newPage();
    await settings.goto(`chrome-extension://${browser.extensionId}/options.html`);
    const setMarks = (showMarks: boolean) =>
      settings.evaluate(
        (on) => chrome.runtime.sendMessage({ type: 'set-settings', showMarks: on }),
        showMarks,
      );
    const page = await browser.context.newPage();
    const runs: Record<'on' | 'off', Load[]> = { on: [], off: [] };
    // A first load of each warms the caches; then they alternate, so that the machine's load falls on both.
    for (let i = 0; i <= LOADS; i++) {
      for (const marks of [true, false]) {
        await setMarks(marks);
        const load = await loadOnce(page, marks);
        if (i > 0) runs[marks ? 'on' : 'off'].push(load);
      }
    }
    const ms = (values: number[]) => `${Math.round(percentile(values, 50))} ms`;
    const row = (what: string, pick: (load: Load) => number) => [
      what,
      ms(runs.off.map(pick)),
      ms(runs.on.map(pick)),
    ];
    const marksDrawn = runs.on.every((load) => load.marks >= ENTRIES);
    return [
      `## Marks on a ${ENTRIES.toLocaleString('en')}-entry arXiv listing`,
      '',
      `Medians of ${LOADS} loads each, from DOMContentLoaded, on the page's clock.`,
      '',
      markdownTable(
        ['', 'marks off', 'marks on'],
        [
          row('main thread free again (the page laid out)', (load) => load.free),
          row('load event', (load) => load.load),
          ['last mark drawn', '—', ms(runs.on.map((load) => load.lastMark))],
          ['last mark after the thread was free', '—', ms(runs.on.map((load) => load.lastMark - load.free))],
        ],
      ),
      marksDrawn ? '' : '\nNot every load drew all its marks.\n',
    ].join('\n');
  } finally {
    await browser.close();
  }
}

declare const chrome: typeof import('wxt/browser').browser;
