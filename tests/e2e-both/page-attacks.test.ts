/**
 * The page cannot read or write the library (issue 15), tried as an attacker would: from the page's own main
 * world (a page script, a third-party script it loads, an XSS), with no user gesture, in Chromium and Firefox.
 * What the page may learn is that Papershelf is installed; it makes Papershelf do nothing a person did not ask
 * for. And what a person does by hand (a click on "+ Clip", the chip's panel, Hugging Face navigation by a click)
 * still works. The tests reach Papershelf's closed roots over the DevTools protocol or WebDriver BiDi
 * (harness `inRoots`), never through the page.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHIP_HOST, MARK_HOSTS, readChip, readMarks, tabStopsOfMarks } from '../e2e/page-world';
import {
  type Browser,
  byTestId,
  clickInView,
  eventually,
  importFile,
  inPage,
  inPanel,
  inRoots,
  launch,
  libraryRecords,
  newPage,
  openExtensionPage,
  openTab,
  reportedTabState,
  sendMessage,
  serve,
  serveBody,
  serveHtml,
  sleep,
} from './harness';

const LISTING = 'https://arxiv.org/list/cond-mat.mtrl-sci/new';
const LISTING_FILE = 'arxiv-list/cond-mat.mtrl-sci-new-2026-09-22-TRUNCATED-first3.html';
const ENTRY = 'arxiv:2609.22268';
const ENTRY_ABS = 'https://arxiv.org/abs/2609.22268v1';
const SENTENCEPIECE = 'https://arxiv.org/abs/1808.06226v1';
const HF_PAPER = 'https://huggingface.co/papers/2609.31473';
const EVIL = 'https://evil.example/';
const PDFS = Array.from({ length: 10 }, (_, i) => `https://arxiv.org/pdf/2501.0000${i}v1`);
const READING_LIST = 'tests/fixtures/library/cs-2025-80-with-8-tokenizer-papers.jsonl';

/** What every served page runs first, before Papershelf's content script could say anything: it listens. */
const LISTENER = `<script>
  window.heard = [];
  addEventListener('message', (event) => heard.push(JSON.stringify(event.data)));
</script>`;
const withScript = (html: string, script: string) =>
  html.replace(/<head[^>]*>/i, (head) => `${head}${script}`);
const fixture = (file: string) => readFileSync(`tests/fixtures/${file}`, 'utf8');

/** `window.find` (no standard's, but both browsers have it, and it searches text inside closed roots). */
declare global {
  interface Window {
    find(text: string, caseSensitive?: boolean, backwards?: boolean, wrapAround?: boolean): boolean;
  }
}

let b: Browser;
const ids = async () => (await libraryRecords(b)).map((record) => record.id);
const record = async (id: string) => (await libraryRecords(b)).find((r) => r.id === id);

/** Waits until the listing's three marks are drawn, and returns them as read inside their closed roots. */
const marksOn = (
  page: Page,
  ready: (marks: Awaited<ReturnType<typeof readMarksOf>>) => boolean = () => true,
) =>
  eventually(async () => {
    const marks = await readMarksOf(page);
    return marks.length === 3 && ready(marks) && marks;
  });
const readMarksOf = (page: Page) => inRoots(b, page, MARK_HOSTS, readMarks, null);
const clipLabel = async (page: Page, id: string) => (await readMarksOf(page)).find((m) => m.id === id)?.clip;

/** SentencePiece's abstract page, open and reported, and its record as the visit saved it. */
async function savedSentencePiece() {
  const { page, tabId } = await openTab(b, SENTENCEPIECE);
  await reportedTabState(b, tabId, SENTENCEPIECE);
  return { page, before: await eventually(() => record('arxiv:1808.06226')) };
}

beforeAll(async () => {
  b = await launch();
  serveHtml(b, LISTING, withScript(fixture(LISTING_FILE), LISTENER));
  serve(b, ENTRY_ABS, 'arxiv-abs/2609.22268v1-2026-09-newheader-codelink-msc.html');
  serveHtml(
    b,
    SENTENCEPIECE,
    withScript(fixture('arxiv-abs/1808.06226v1-2026-github-in-abstract.html'), LISTENER),
  );
  serve(b, HF_PAPER, 'hf-paper/2609.31473.html');
  serveHtml(b, EVIL, '<!doctype html><title>Another site</title><p>Nothing to see</p>');
  for (const pdf of PDFS) serveBody(b, pdf, 'application/pdf', '%PDF-1.4\n%%EOF\n');
}, 60_000);
afterAll(() => b?.close());

describe('what the page learns: that Papershelf is installed, nothing else', () => {
  it('marks: no root to open, no state in the DOM, no text to find, one size and hit area whatever they show, no change to see when the library changes', async () => {
    await sendMessage(b, { type: 'clip-link', url: `https://arxiv.org/abs/${ENTRY.slice(6)}` });
    const { page } = await openTab(b, LISTING);
    const marks = await marksOn(page, (now) => now.some((m) => m.marks.includes('saved')));
    expect(marks.filter((m) => m.marks.includes('saved')).map((m) => m.id)).toEqual([ENTRY]);

    const seen = await inPage(
      b,
      page,
      () => {
        const hosts = [...document.querySelectorAll<HTMLElement>('[data-papershelf="mark"]')];
        // Which points around each host hit it, relative to the host: the shape of its hit area.
        const hitArea = (host: HTMLElement) => {
          host.parentElement?.scrollIntoView({ block: 'center' });
          const at = host.getBoundingClientRect();
          const hits: string[] = [];
          for (let dy = -8; dy <= 28; dy += 2)
            for (let dx = -12; dx <= 160; dx += 2)
              if (document.elementFromPoint(at.x + dx, at.y + dy) === host) hits.push(`${dx},${dy}`);
          return hits.join(' ');
        };
        return {
          openRoots: hosts.filter((host) => host.shadowRoot !== null).length,
          // Every host carries the same attributes, with the same values but the entry's id.
          shapes: new Set(
            hosts.map((host) =>
              [...host.attributes]
                .filter((a) => a.name !== 'data-papershelf-id')
                .map((a) => `${a.name}=${a.value}`)
                .join(' '),
            ),
          ).size,
          found: ['In library', 'Clip', 'Related', 'Clip again'].filter((word) =>
            window.find(word, false, false, true),
          ),
          areas: new Set(hosts.map(hitArea)).size,
          hit: hitArea(hosts[0] as HTMLElement).length > 0,
          sizes: new Set(hosts.map((host) => `${host.scrollWidth}x${host.scrollHeight}`)).size,
          heard: (window as unknown as { heard: string[] }).heard,
        };
      },
      null,
    );
    expect(seen).toEqual({ openRoots: 0, shapes: 1, found: [], areas: 1, hit: true, sizes: 1, heard: [] });

    // The library changes elsewhere: the marks follow it, and the page sees nothing change.
    await inPage(
      b,
      page,
      () => {
        (window as unknown as { changes: number }).changes = 0;
        new MutationObserver((records) => {
          for (const r of records) {
            const ours = (node: Node | null) =>
              node instanceof Element && node.closest('[data-papershelf]') !== null;
            if (ours(r.target) || [...r.addedNodes, ...r.removedNodes].some(ours))
              (window as unknown as { changes: number }).changes++;
          }
        }).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
      },
      null,
    );
    await sendMessage(b, { type: 'remove', ids: [ENTRY] });
    await marksOn(page, (now) => now.every((m) => !m.marks.includes('saved')));
    expect(await inPage(b, page, () => (window as unknown as { changes: number }).changes, null)).toBe(0);
    await page.close();
  });

  it('the chip and its panel: the page can neither open, read nor search what the panel shows', async () => {
    const library = await openExtensionPage(b, 'library.html');
    expect((await importFile(library, READING_LIST)).state).toBe('done');
    await library.close();
    const { page } = await openTab(b, SENTENCEPIECE);
    const chip = await eventually(async () => {
      const now = await inRoots(b, page, CHIP_HOST, readChip, null);
      return /related/.test(now?.label ?? '') && now?.label;
    }, 30_000);
    expect(chip).toMatch(/^In your library · \d+ related$/);
    // The page clicks the chip as it can: on its host, at its place, by keyboard.
    await inPage(
      b,
      page,
      () => {
        const host = document.querySelector<HTMLElement>('[data-papershelf="chip"]');
        host?.click();
        host?.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true }));
        host?.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
        const at = document.documentElement.clientWidth - 40;
        (
          document.elementFromPoint(at, document.documentElement.clientHeight - 30) as HTMLElement | null
        )?.click();
      },
      null,
    );
    await sleep(500);
    expect((await inRoots(b, page, CHIP_HOST, readChip, null))?.open).toBe(false);
    // A person's click opens it.
    await clickInView(b, page, CHIP_HOST, byTestId('papershelf-chip'));
    await eventually(async () => (await inRoots(b, page, CHIP_HOST, readChip, null))?.open);
    const panel = await eventually(async () => {
      const titles = await inPanel(
        b,
        page,
        () =>
          [...document.querySelectorAll('[data-testid="papershelf-related"] a')].map(
            (a) => a.textContent ?? '',
          ),
        null,
      );
      return titles && titles.length > 0 && titles;
    }, 15_000);
    const [title] = panel;
    const tried = await inPage(
      b,
      page,
      (words) => {
        let read = 'nothing';
        try {
          read = String((window.frames[0] as Window).document.body.textContent);
        } catch {
          read = 'refused';
        }
        return {
          read,
          found: window.find(words, false, false, true),
          frames: document.querySelectorAll('iframe').length,
        };
      },
      (title as string).split(' ').slice(0, 3).join(' '),
    );
    expect(tried).toEqual({ read: 'refused', found: false, frames: 0 });
    expect(await inPage(b, page, () => (window as unknown as { heard: string[] }).heard, null)).toEqual([]);
    await page.close();
  });

  it('a person tabbing through a listing: every mark is one Tab stop, whatever it shows', async () => {
    await sendMessage(b, { type: 'clip-link', url: `https://arxiv.org/abs/${ENTRY.slice(6)}` });
    const { page } = await openTab(b, LISTING);
    const marks = await marksOn(page, (now) => now.some((m) => m.marks.includes('saved')));
    await page.bringToFront();
    // The listing has 44 links and fields of its own: every stop is passed once.
    expect(await tabStopsOfMarks(page, 70)).toEqual(Object.fromEntries(marks.map((m) => [m.id, 1])));
    await sendMessage(b, { type: 'remove', ids: [ENTRY] });
    await page.close();
  });

  it("a person's click on a mark tells the page no more than that it was clicked, whatever the mark shows", async () => {
    await sendMessage(b, { type: 'clip-link', url: `https://arxiv.org/abs/${ENTRY.slice(6)}` });
    const { page } = await openTab(b, LISTING);
    await marksOn(page, (now) => now.some((m) => m.marks.includes('saved')));
    // The page hears every click from the start (capture), on the way back (bubbling), and looks after it.
    await inPage(
      b,
      page,
      () => {
        const seen: { prevented?: boolean; bubbled: boolean; focused?: boolean }[] = [];
        (window as unknown as { clicks: typeof seen }).clicks = seen;
        addEventListener(
          'click',
          (event) => {
            const click: (typeof seen)[number] = { bubbled: false };
            seen.push(click);
            setTimeout(() => {
              click.prevented = event.defaultPrevented;
              click.focused = document.activeElement === event.target;
            });
          },
          true,
        );
        document.addEventListener('click', () => {
          const last = seen[seen.length - 1];
          if (last) last.bubbled = true;
        });
      },
      null,
    );
    // A person's click at the same place in the saved entry's mark ("✓ In library") and an unsaved one's ("+ Clip").
    for (const id of [ENTRY, 'arxiv:2609.22341']) {
      await page.bringToFront();
      const at = await inPage(
        b,
        page,
        (selector) => {
          const host = document.querySelector(selector) as HTMLElement;
          host.parentElement?.scrollIntoView({ block: 'center' });
          const { x, y } = host.getBoundingClientRect();
          return { x: x + 20, y: y + 10 };
        },
        `[data-papershelf-id="${id}"]`,
      );
      await page.mouse.click(at.x, at.y);
      await sleep(300);
    }
    const clicks = await inPage(b, page, () => (window as unknown as { clicks: unknown[] }).clicks, null);
    expect(clicks).toHaveLength(2);
    expect(clicks[0]).toEqual(clicks[1]);
    await sendMessage(b, { type: 'remove', ids: [ENTRY, 'arxiv:2609.22341'] });
    await page.close();
  });
});

describe('what the page makes Papershelf do: nothing a person did not ask for', () => {
  it('arXiv: injected citation tags and pushState clip nothing, and do not rewrite a saved paper', async () => {
    const { page, before } = await savedSentencePiece();
    await inPage(
      b,
      page,
      async () => {
        const meta = (name: string, content: string) => {
          const tag = document.createElement('meta');
          tag.name = name;
          tag.content = content;
          document.head.append(tag);
        };
        for (let i = 0; i < 20; i++) {
          meta('citation_title', `Injected paper ${i}`);
          meta('citation_author', 'Mallory, Eve');
          meta('citation_arxiv_id', `2501.999${String(i).padStart(2, '0')}`);
          history.pushState({}, '', `/abs/2501.999${String(i).padStart(2, '0')}v1`);
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        // The saved paper's own page, "a newer version" with another title and abstract.
        document.title = 'Rewritten';
        meta('citation_title', 'Rewritten by the page');
        meta('citation_abstract', 'Rewritten by the page.');
        history.pushState({}, '', '/abs/1808.06226v9');
      },
      null,
    );
    await sleep(3000);
    expect((await ids()).filter((id) => id.startsWith('arxiv:2501.'))).toEqual([]);
    const after = await record('arxiv:1808.06226');
    expect(after).toMatchObject({ title: before.title, abstract: before.abstract, version: 1 });
    await page.close();
  });

  it("a script loaded after the page's own rewrites it and fires pageshow and visibilitychange: it is not read again", async () => {
    const { page, before } = await savedSentencePiece();
    await inPage(
      b,
      page,
      () => {
        // The same paper and version, with another title and abstract.
        for (const meta of document.querySelectorAll(
          'meta[name="citation_title"], meta[name="citation_abstract"]',
        ))
          meta.setAttribute('content', 'Rewritten by a late script');
        for (const shown of document.querySelectorAll('h1.title, blockquote.abstract'))
          shown.textContent = 'Rewritten by a late script';
        window.dispatchEvent(new PageTransitionEvent('pageshow', { persisted: true }));
        document.dispatchEvent(new Event('visibilitychange'));
      },
      null,
    );
    await sleep(3000);
    expect(await record('arxiv:1808.06226')).toMatchObject({
      title: before.title,
      abstract: before.abstract,
    });
    await page.close();
  });

  it('Hugging Face: a move the page makes is shown, not clipped; the chip clips it on a click; a move a person clicks is clipped', async () => {
    const { page, tabId } = await openTab(b, HF_PAPER);
    await reportedTabState(b, tabId, HF_PAPER);
    const html = fixture('hf-paper/2609.31473.html');
    // The app: moves to a paper's URL, and renders its page a moment later, as a single-page app does.
    const appPage = (id: string) => ({ page: html.replaceAll('2609.31473', id), path: `/papers/${id}` });
    await inPage(
      b,
      page,
      () => {
        (window as unknown as { moveTo(next: { page: string; path: string }): void }).moveTo = ({
          page,
          path,
        }) => {
          history.pushState({}, '', path);
          setTimeout(() => {
            document.documentElement.innerHTML = new DOMParser().parseFromString(
              page,
              'text/html',
            ).documentElement.innerHTML;
          }, 300);
        };
      },
      null,
    );
    await inPage(
      b,
      page,
      (next) => (window as unknown as { moveTo(n: typeof next): void }).moveTo(next),
      appPage('2609.31620'),
    );
    const moved = `https://huggingface.co/papers/2609.31620`;
    const state = await reportedTabState(b, tabId, moved);
    expect(state.papers.map((paper) => paper.id)).toEqual(['arxiv:2609.31620']);
    await sleep(1000);
    expect(await record('arxiv:2609.31620')).toBeUndefined();
    // The chip offers "Clip": a person's click clips it.
    await eventually(async () => (await inRoots(b, page, CHIP_HOST, readChip, null))?.clip === 'Clip');
    await clickInView(b, page, CHIP_HOST, byTestId('papershelf-chip-clip'));
    await eventually(() => record('arxiv:2609.31620'));

    // The app's own link, followed by a person's click: clipped as a page load is.
    await inPage(
      b,
      page,
      (next) => {
        const link = document.createElement('a');
        link.id = 'next-paper';
        link.href = next.path;
        link.textContent = 'Next paper';
        link.setAttribute(
          'style',
          'position:fixed;top:10px;left:10px;z-index:2147483647;font-size:30px;background:#fff',
        );
        link.addEventListener('click', (event) => {
          event.preventDefault();
          (window as unknown as { moveTo(n: typeof next): void }).moveTo(next);
        });
        document.body.append(link);
      },
      appPage('2609.31394'),
    );
    await page.bringToFront();
    await page.click('#next-paper');
    await eventually(() => record('arxiv:2609.31394'), 15_000);
    await page.close();
  });

  it("synthetic clicks on the marks clip nothing; a person's click clips, and says so first for a paper they removed", async () => {
    const { page } = await openTab(b, LISTING);
    await marksOn(page);
    const before = (await ids()).length;
    await inPage(
      b,
      page,
      () => {
        for (const host of document.querySelectorAll<HTMLElement>('[data-papershelf="mark"]')) {
          host.click();
          host.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true }));
          host.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
          const at = host.getBoundingClientRect();
          (document.elementFromPoint(at.x + 30, at.y + 10) as HTMLElement | null)?.click();
        }
      },
      null,
    );
    await sleep(1500);
    expect((await ids()).length).toBe(before);

    // ENTRY was removed by the reader (the first test): a listing does not bring it back, a click says so.
    expect(await record(ENTRY)).toBeUndefined();
    await clickInView(b, page, `[data-papershelf-id="${ENTRY}"]`, byTestId('papershelf-clip'));
    await eventually(async () => (await clipLabel(page, ENTRY)) === '↺ Clip again');
    expect(await record(ENTRY)).toBeUndefined();
    await clickInView(b, page, `[data-papershelf-id="${ENTRY}"]`, byTestId('papershelf-clip'));
    await eventually(() => record(ENTRY));
    // Another entry, one click.
    await clickInView(b, page, '[data-papershelf-id="arxiv:2609.22287"]', byTestId('papershelf-clip'));
    await eventually(() => record('arxiv:2609.22287'));
    await page.close();
  });

  it("a listing's page cannot make a link of a saved paper official", async () => {
    // The saved paper, read from its abstract page.
    const abs = await openTab(b, ENTRY_ABS);
    await reportedTabState(b, abs.tabId, ENTRY_ABS);
    await abs.page.close();
    const official = async () =>
      ((await record(ENTRY))?.links ?? [])
        .filter((link) => link.url.includes('evil-org'))
        .map((l) => l.official);
    expect(await official()).toEqual([]);
    // The listing's own script writes "our code" into the saved entry's comments before it is read.
    const rewritten = withScript(
      fixture(LISTING_FILE),
      `<script>
        document.addEventListener('readystatechange', () => {
          const comments = document.querySelector('dd .list-comments');
          if (comments) comments.lastChild.textContent = ' Our code is available at https://github.com/evil-org/backdoor';
        });
      </script>`,
    );
    serveHtml(b, `${LISTING}?show=25`, rewritten);
    const { page, tabId } = await openTab(b, `${LISTING}?show=25`);
    await reportedTabState(b, tabId, `${LISTING}?show=25`);
    await sleep(1500);
    expect((await official()).filter(Boolean)).toEqual([]);
    await page.close();
  });

  it('a site walking a window through ten arXiv PDFs in five seconds clips at most one; a PDF a person reads is clipped', async () => {
    const { page } = await openTab(b, EVIL);
    const before = (await ids()).filter((id) => id.startsWith('arxiv:2501.0000'));
    expect(before).toEqual([]);
    // window.open needs a click on the site: page.evaluate gives one.
    await page.evaluate(async (urls: string[]) => {
      const opened = window.open('about:blank', '_blank');
      for (const url of urls) {
        if (opened) opened.location.href = url;
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
      opened?.close();
    }, PDFS);
    await sleep(4000);
    const clipped = (await ids()).filter((id) => id.startsWith('arxiv:2501.0000'));
    expect(clipped.length).toBeLessThanOrEqual(1);
    await page.close();
    // The site's window is gone: the person's PDF opens in the window in front.
    await eventually(
      async () => !(await b.puppeteer.pages()).some((opened) => opened.url().includes('/pdf/')),
    );
    // A person opens one and reads it.
    const pdf = await newPage(b);
    await pdf.goto(PDFS[3] as string).catch(() => {});
    await pdf.bringToFront();
    await eventually(() => record('arxiv:2501.00003'), 20_000);
    await pdf.close();
  });
});
