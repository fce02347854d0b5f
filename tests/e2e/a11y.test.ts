/**
 * Accessibility, measured with axe-core in Chromium: no serious or critical violation on the popup (a paper with
 * code links and related papers), the library page (with papers and a detail pane) and the options page, in light
 * and in dark; each of them readable at 200% zoom; and a popup that does not move as its data arrives.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, importFile, launch, openLibrary, openPopup, openTab, serve } from './harness';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const READING_LIST = 'tests/fixtures/library/cs-2025-80-with-8-tokenizer-papers.jsonl';
const SENTENCEPIECE = 'https://arxiv.org/abs/1808.06226v1';

interface Violation {
  id: string;
  impact: string;
  help: string;
  nodes: { target: string[] }[];
}

/** The serious and critical violations axe finds on the page as it is now. */
async function violations(page: Page): Promise<string[]> {
  // Through the DevTools protocol: the extension's policy forbids the inline script a tag would add.
  await page.evaluate(AXE);
  const found = (await page.evaluate(() =>
    (window as unknown as { axe: { run(): Promise<{ violations: unknown[] }> } }).axe.run(),
  )) as { violations: Violation[] };
  return found.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.help}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** Opens the first paper's detail pane (a click on its row, beside the title link), with its related papers. */
async function openDetail(page: Page): Promise<void> {
  await page.getByTestId('library-item').first().locator('.paper-row-meta').click();
  await page.getByTestId('paper-detail').getByTestId('related-item').first().waitFor({ timeout: 15_000 });
}

let browser: Browser;
let tabId: number;
beforeAll(async () => {
  browser = await launch();
  await serve(browser.context, SENTENCEPIECE, 'arxiv-abs/1808.06226v1-2026-github-in-abstract.html');
  const library = await openLibrary(browser);
  expect((await importFile(library, READING_LIST)).state).toBe('done');
  await library.close();
  ({ tabId } = await openTab(browser, SENTENCEPIECE));
}, 60_000);
afterAll(() => browser?.close());

describe.each(['light', 'dark'] as const)('in %s', (scheme) => {
  it('the popup on a paper with code and related papers', async () => {
    const popup = await openPopup(browser, tabId);
    await popup.emulateMedia({ colorScheme: scheme });
    await popup.getByTestId('related-item').first().waitFor({ timeout: 15_000 });
    expect(await violations(popup)).toEqual([]);
    await popup.close();
  });

  it('the library page with papers and a detail pane', async () => {
    const page = await browser.context.newPage();
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto(`chrome-extension://${browser.extensionId}/library.html`);
    await page.getByTestId('library-item').first().waitFor();
    await openDetail(page);
    expect(await violations(page)).toEqual([]);
    await page.close();
  });

  it('the options page', async () => {
    const page = await browser.context.newPage();
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto(`chrome-extension://${browser.extensionId}/options.html`);
    await page.locator('body').waitFor();
    expect(await violations(page)).toEqual([]);
    await page.close();
  });
});

/**
 * What goes wrong when a view does not reflow: the page scrolls sideways, a control or a line of text sticks
 * out of the window or is cut by its box, two controls overlap. Browser zoom at 200% halves the CSS viewport
 * (a 1280 x 800 window shows 640 x 400 CSS pixels; a popup, at most 800 x 600 device pixels, 400 x 300).
 */
async function reflowProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const width = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth > width + 1)
      problems.push(`scrolls sideways: ${document.documentElement.scrollWidth} > ${width} px`);
    const name = (el: Element) =>
      `${el.tagName.toLowerCase()}${el.getAttribute('data-testid') ? `[${el.getAttribute('data-testid')}]` : ''} "${(el.textContent ?? '').trim().slice(0, 30)}"`;
    const shown = (el: Element) => {
      const r = el.getBoundingClientRect();
      const style = getComputedStyle(el);
      // Visually hidden text (a screen reader's label) is clipped away by design.
      const hidden = style.clip !== 'auto' || style.clipPath !== 'none';
      return (
        r.width > 0 &&
        r.height > 0 &&
        !hidden &&
        style.visibility !== 'hidden' &&
        !el.closest('[aria-hidden="true"]')
      );
    };
    const controls = [
      ...document.querySelectorAll('button, input, select, textarea, a[href], [role="option"]'),
    ]
      .filter(shown)
      // A virtual list's rows below the fold are out of view by design, not cut.
      .filter((el) => el.getBoundingClientRect().top < innerHeight * 4);
    for (const el of controls) {
      const r = el.getBoundingClientRect();
      if (r.left < -1 || r.right > width + 1) problems.push(`out of the window: ${name(el)}`);
    }
    // Text cut by its own box (a clipped line, not an ellipsis the full text is offered beside).
    for (const el of document.querySelectorAll('body *')) {
      if (!shown(el) || el.children.length > 0 || !(el.textContent ?? '').trim()) continue;
      const style = getComputedStyle(el);
      const clips = style.overflowX === 'hidden' || style.overflowX === 'clip';
      if (clips && style.textOverflow !== 'ellipsis' && el.scrollWidth > el.clientWidth + 1)
        problems.push(`text cut: ${name(el)}`);
    }
    // A control partly hidden by something else drawn over it. One entirely under a sheet (the library's
    // details over its list at 200%) is covered by design, and is left out of the overlaps below.
    const related = (el: Element, hit: Element | null) =>
      hit !== null && (el === hit || el.contains(hit) || hit.contains(el));
    const samples = (el: Element) => {
      const r = el.getBoundingClientRect();
      return [
        [0.5, 0.5],
        [0.2, 0.5],
        [0.8, 0.5],
        [0.5, 0.2],
        [0.5, 0.8],
      ]
        .map(([fx, fy]) => [r.left + r.width * (fx as number), r.top + r.height * (fy as number)] as const)
        .filter(([x, y]) => x >= 0 && y >= 0 && x < innerWidth && y < innerHeight)
        .map(([x, y]) => related(el, document.elementFromPoint(x, y)));
    };
    const onTop = (el: Element) => {
      const hits = samples(el);
      if (hits.some(Boolean) && !hits.every(Boolean)) problems.push(`partly hidden: ${name(el)}`);
      return hits.length > 0 && hits.every(Boolean);
    };
    const boxes = controls.filter(onTop).map((el) => ({ el, r: el.getBoundingClientRect() }));
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i] as { el: Element; r: DOMRect };
        const b = boxes[j] as { el: Element; r: DOMRect };
        if (a.el.contains(b.el) || b.el.contains(a.el)) continue;
        const x = Math.min(a.r.right, b.r.right) - Math.max(a.r.left, b.r.left);
        const y = Math.min(a.r.bottom, b.r.bottom) - Math.max(a.r.top, b.r.top);
        if (x > 2 && y > 2) problems.push(`overlap: ${name(a.el)} and ${name(b.el)}`);
      }
    }
    return problems;
  });
}

describe('at 200% zoom', () => {
  it('the popup reflows into its 400 x 300 window', async () => {
    const popup = await openPopup(browser, tabId);
    await popup.setViewportSize({ width: 400, height: 300 });
    await popup.getByTestId('related-item').first().waitFor({ timeout: 15_000 });
    expect(await reflowProblems(popup)).toEqual([]);
    await popup.close();
  });

  it('the library page, with a detail pane, reflows into 640 x 400', async () => {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 640, height: 400 });
    await page.goto(`chrome-extension://${browser.extensionId}/library.html`);
    await page.getByTestId('library-item').first().waitFor();
    await openDetail(page);
    expect(await reflowProblems(page)).toEqual([]);
    await page.close();
  });

  it('the options page reflows into 640 x 400', async () => {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 640, height: 400 });
    await page.goto(`chrome-extension://${browser.extensionId}/options.html`);
    await page.locator('body').waitFor();
    expect(await reflowProblems(page)).toEqual([]);
    await page.close();
  });
});

/** The page's layout shifts so far (Chromium's Layout Instability API): what moved, and by how much. */
function layoutShifts(page: Page): Promise<{ value: number; moved: string[] }[]> {
  return page.evaluate(
    () =>
      new Promise((done) => {
        type Shift = PerformanceEntry & {
          value: number;
          sources: { node?: Node; previousRect: DOMRectReadOnly; currentRect: DOMRectReadOnly }[];
        };
        const found: { value: number; moved: string[] }[] = [];
        new PerformanceObserver((list) => {
          for (const entry of list.getEntries() as Shift[]) {
            found.push({
              value: entry.value,
              moved: entry.sources.map(
                (s) =>
                  `${s.node instanceof Element ? `${s.node.tagName.toLowerCase()}.${s.node.className}` : String(s.node?.nodeName)} ${JSON.stringify(s.previousRect)} -> ${JSON.stringify(s.currentRect)}`,
              ),
            });
          }
        }).observe({ type: 'layout-shift', buffered: true });
        setTimeout(() => done(found), 200);
      }),
  );
}

describe('as data arrives', () => {
  it('nothing in the popup moves: the related papers and code links fill slots kept for them', async () => {
    const popup = await openPopup(browser, tabId);
    await popup.getByTestId('related-item').first().waitFor({ timeout: 15_000 });
    await popup.getByTestId('code-link').first().waitFor();
    await popup.waitForTimeout(500);
    expect(await layoutShifts(popup)).toEqual([]);
    await popup.close();
  });
});
