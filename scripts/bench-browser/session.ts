/** The browser a size of the bench runs in, seen from an extension page with no index traffic of its own. */
import type { Page, Worker } from 'playwright-core';
import { eventually } from '../../tests/e2e/harness';
import type { BenchBrowser } from './browser';
import { Cdp } from './cdp';
import { installMarks, type Marks, readStore, type SentMessage, shownOrStuck } from './page-probes';

declare const chrome: typeof import('wxt/browser').browser;

/** The paper page the popup is opened on: a paper that is not in a 2025 library. */
export const POPUP_PAGE = {
  url: 'https://arxiv.org/abs/2401.02954v1',
  file: 'arxiv-abs/2401.02954v1-2026.html',
};

export class Session {
  control!: Page;
  cdp!: Cdp;

  constructor(
    readonly browser: BenchBrowser,
    readonly size: number,
    /** The reading list of the first `size` papers. */
    readonly file: string,
  ) {}

  url(path: string): string {
    return `chrome-extension://${this.browser.extensionId}/${path}`;
  }

  async start(): Promise<void> {
    // tsx keeps function names with an `__name` helper that the functions sent to pages call: give them one.
    await this.browser.context.addInitScript({ content: 'globalThis.__name = (f) => f;' });
    await this.browser.context.addInitScript(installMarks);
    this.cdp = await Cdp.connect(this.browser.debugPort);
    // An extension page with no index traffic of its own, to send messages and read IndexedDB from.
    this.control = await this.browser.context.newPage();
    await this.control.goto(this.url('options.html'));
  }

  /** The browser closed and opened again on the same profile; resolves once the control page is open. */
  async restart(): Promise<void> {
    this.cdp.close();
    await this.browser.restart();
    await this.start();
  }

  /** The papers the background holds for tab `tabId`, once its content script has reported them. */
  tabPapers(tabId: number): Promise<{ id: string; title?: string }[]> {
    return eventually(async () => {
      const state = await this.ask<{ papers: { id: string; title?: string }[] }>({
        type: 'tab-state',
        tabId,
      });
      return state.papers.length > 0 ? state.papers : undefined;
    }, 20_000);
  }

  /** Sends a message to the background as an extension page does; throws its error. */
  async ask<T>(message: object): Promise<T> {
    const reply = (await this.control.evaluate((m) => chrome.runtime.sendMessage(m), message)) as
      | { ok: true; value: T }
      | { ok: false; error: string }
      | undefined;
    if (!reply) throw new Error(`no reply to ${JSON.stringify(message).slice(0, 60)}`);
    if (!reply.ok) throw new Error(reply.error);
    return reply.value;
  }

  /** The running service worker, woken by a message if it was stopped. */
  async serviceWorker(): Promise<Worker> {
    await this.ask({ type: 'get-settings' });
    const worker = await eventually(async () => {
      for (const candidate of this.browser.context.serviceWorkers().reverse()) {
        if (await candidate.evaluate(() => true).catch(() => false)) return candidate;
      }
      return undefined;
    });
    this.browser.worker = worker;
    return worker;
  }

  async stopServiceWorker(): Promise<void> {
    const session = await this.browser.context.newCDPSession(this.control);
    await session.send('ServiceWorker.enable');
    await session.send('ServiceWorker.stopAllWorkers');
    await session.detach();
    // Stopped means gone from the browser's targets.
    await eventually(
      async () => !(await this.cdp.targets()).some((t) => t.type === 'service_worker'),
      5000,
    ).catch(() => {});
  }

  /** The index forgotten: its offscreen document (and so its worker) closed, the service worker stopped. */
  async makeIndexCold(): Promise<void> {
    const worker = await this.serviceWorker();
    await worker.evaluate(() => chrome.offscreen.closeDocument()).catch(() => {});
    await eventually(
      async () => !(await this.cdp.targets()).some((t) => t.url.endsWith('/offscreen.html')),
      5000,
    );
    await this.stopServiceWorker();
  }

  /**
   * Opens `path` in a new tab and resolves to the page once `mark` was noted, with its time; throws (the page
   * closed) when the page never shows it, saying what the page was waiting for.
   */
  async openAndMark(
    path: string,
    mark: string,
    timeout = 30_000,
  ): Promise<{ page: Page; at: number; messages: SentMessage[] }> {
    const page = await this.browser.context.newPage();
    await page.goto(this.url(path));
    await page
      .waitForFunction(shownOrStuck, { name: mark, grace: 3000 }, { timeout, polling: 50 })
      .catch(() => {});
    const seen = await page.evaluate(() => {
      const w = window as unknown as { __marks?: Marks; __messages?: SentMessage[] };
      const alert = document.querySelector('[role="alert"]')?.textContent ?? '';
      return { marks: w.__marks ?? {}, messages: w.__messages ?? [], alert };
    });
    const at = seen.marks[mark];
    if (at !== undefined) return { page, at, messages: seen.messages };
    await page.close();
    const failedMessage = seen.messages.findLast((m) => /^(error|thrown)/.test(m.reply ?? ''));
    const why = seen.alert
      ? `the page says “${seen.alert.trim()}”`
      : failedMessage
        ? `its \`${failedMessage.type}\` got “${failedMessage.reply}” and it never asked again`
        : `not within ${timeout / 1000} s (last message: ${JSON.stringify(seen.messages.at(-1) ?? null)})`;
    throw new Error(`never shown: ${why}`);
  }

  async indexReady(timeout = 120_000): Promise<void> {
    await eventually(async () => {
      const status = await this.ask<{ state: string; total: number }>({ type: 'index-status' });
      if (status.state === 'failed') throw new Error('the library index failed');
      return status.state === 'ready';
    }, timeout);
  }

  /** From a cold index, the time until `index-status` says ready, asked every 25 ms. */
  async timeIndexOpen(): Promise<number> {
    await this.makeIndexCold();
    return this.control.evaluate(async () => {
      const started = performance.now();
      while (performance.now() - started < 60_000) {
        const reply = await chrome.runtime.sendMessage({ type: 'index-status' }).catch(() => undefined);
        if (reply?.ok && reply.value.state === 'ready') return performance.now() - started;
        await new Promise((r) => setTimeout(r, 25));
      }
      throw new Error('the index was not ready after 60 s');
    });
  }

  async snapshot() {
    return this.control.evaluate(readStore, { database: 'papershelf-index', store: 'snapshots' });
  }
}
