/**
 * The keyboard shortcuts, pressed as a person presses them, in Chromium and Firefox: Alt+Shift+K clips the paper
 * of the tab, Alt+Shift+L opens the library.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHIP_HOST, readChip } from '../e2e/page-world';
import {
  type Browser,
  badgeText,
  eventually,
  inRoots,
  launch,
  libraryRecords,
  needsBrowserWindow,
  openedExtensionPage,
  openTab,
  pressAltShift,
  reportedTabState,
  sendMessage,
  serve,
} from './harness';

const PAPER = 'https://arxiv.org/abs/2609.22268v1';

let b: Browser;
beforeAll(async () => {
  b = await launch();
  serve(b, PAPER, 'arxiv-abs/2609.22268v1-2026-09-newheader-codelink-msc.html');
});
afterAll(() => b?.close());

describe('keyboard shortcuts, pressed', () => {
  it('Alt+Shift+K clips the paper of the tab, and its chip says so without a reload', async (test) => {
    await needsBrowserWindow(b, test);
    await sendMessage(b, { type: 'set-settings', autoClip: false });
    const { page, tabId } = await openTab(b, PAPER);
    await reportedTabState(b, tabId, PAPER);
    const chip = () => inRoots(b, page, CHIP_HOST, readChip, null);
    await eventually(async () => (await chip())?.clip === 'Clip');
    expect((await libraryRecords(b)).some((r) => r.id === 'arxiv:2609.22268')).toBe(false);
    await pressAltShift(b, page, 'K');
    const record = await eventually(async () =>
      (await libraryRecords(b)).find((r) => r.id === 'arxiv:2609.22268'),
    );
    expect(record.source.kind).toBe('arxiv-abs');
    await eventually(async () => (await badgeText(b, tabId)) === '✓');
    await eventually(async () => (await chip())?.label?.startsWith('In your library'));
    await sendMessage(b, { type: 'set-settings', autoClip: true });
  });

  it('Alt+Shift+L opens the library', async (test) => {
    await needsBrowserWindow(b, test);
    const { page } = await openTab(b, PAPER);
    await pressAltShift(b, page, 'L');
    const library = await openedExtensionPage(b, 'library.html');
    await library.waitForSelector('[data-testid="library-search"]');
    await library.close();
  });
});
