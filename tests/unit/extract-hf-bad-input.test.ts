/**
 * Hugging Face extractors on pages that are broken, hostile or not paper pages at all: no exception
 * escapes, and a paper carries only the fields really there. Pages here are built in memory.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractPapers } from '../../lib/extract';
import { extractHfList } from '../../lib/extract/hf-list';
import { extractHfPaper } from '../../lib/extract/hf-paper';
import { parseHtml } from '../../lib/node/parse-html';

const LIST_URL = 'https://huggingface.co/papers';
const PAPER_URL = 'https://huggingface.co/papers/2401.02954';
const listHtml = readFileSync(
  'tests/fixtures/hf-list/daily-papers-2026-09-28-28papers-browser-dom.html',
  'utf8',
);

const escapeAttribute = (text: string) => text.replaceAll('&', '&amp;').replaceAll('"', '&quot;');
const paperPage = (paper: Record<string, unknown>, body = '') =>
  `<html><body><div class="SVELTE_HYDRATER contents" data-target="PaperContent" data-props="${escapeAttribute(
    JSON.stringify({ paper, comments: [] }),
  )}">${body}</div></body></html>`;

const SCRIPT = '<script>alert(1)</script>';
const IMG = '<img src=x onerror=alert(1)>';

describe('broken Hugging Face pages', () => {
  it('a listing cut inside its JSON island (before any card) gives no entry, not half-read ones, and no error', () => {
    // The island's attribute never ends, so the page holds neither the data nor a card (the cards come after it):
    // the reader gets a listing of nothing, and the popup says the page holds no paper.
    const island = listHtml.indexOf('data-target="DailyPapers"');
    for (const at of [10, 50_000, 100_000]) {
      const cut = listHtml.slice(0, island + at);
      expect(extractHfList(parseHtml(cut), LIST_URL)).toEqual([]);
    }
  });

  it('reads what is left of a listing truncated in the middle of the cards', () => {
    const cut = listHtml.slice(0, listHtml.indexOf('href="/papers/2609.31394"'));
    // The island comes before the cards, so all 28 entries are still there.
    expect(extractHfList(parseHtml(cut), LIST_URL)).toHaveLength(28);
  });

  it('survives a paper page truncated inside or after its island', () => {
    const html = readFileSync('tests/fixtures/hf-paper/2609.31473.html', 'utf8');
    const island = html.indexOf('data-target="PaperContent"');
    const url = 'https://huggingface.co/papers/2609.31473';
    const insideIsland = html.slice(0, island + 3000);
    expect(() => extractHfPaper(parseHtml(insideIsland), url)).not.toThrow();
    const afterIsland = html.slice(0, html.indexOf('<h2', island));
    const [paper] = extractHfPaper(parseHtml(afterIsland), url);
    expect(paper?.authors).toHaveLength(62);
  });

  it('falls back to the cards when the listing JSON is malformed', () => {
    const doc = parseHtml(listHtml);
    doc
      .querySelector('[data-target="DailyPapers"]')
      ?.setAttribute('data-props', '{"dailyPapers": [{"paper": ');
    const papers = extractHfList(doc, LIST_URL);
    expect(papers).toHaveLength(28);
    expect(papers[0]?.hf?.upvotes).toBe(110);
  });

  it('gives no paper without a title (a blank one, or one of the wrong type)', () => {
    for (const title of ['   ', 42, undefined])
      expect(extractHfPaper(parseHtml(paperPage({ id: '2401.02954', title })), PAPER_URL)).toEqual([]);
  });

  it('leaves a missing abstract and empty names absent', () => {
    const [paper] = extractHfPaper(
      parseHtml(
        paperPage({
          id: '2401.02954',
          title: 'DeepSeek LLM',
          authors: [{ name: 'Xiao Bi' }, { name: '' }, {}],
        }),
      ),
      PAPER_URL,
    );
    expect(paper).toEqual({
      id: 'arxiv:2401.02954',
      arxivId: '2401.02954',
      title: 'DeepSeek LLM',
      authors: ['Xiao Bi'],
      absUrl: 'https://arxiv.org/abs/2401.02954',
      pdfUrl: 'https://arxiv.org/pdf/2401.02954',
      source: { site: 'huggingface', kind: 'hf-paper', url: PAPER_URL },
      hf: { numComments: 0 },
    });
  });

  it('ignores fields of the wrong type instead of throwing', () => {
    const [paper] = extractHfPaper(
      parseHtml(
        paperPage({
          id: '2401.02954',
          title: 'DeepSeek LLM',
          summary: ['x'],
          authors: 'Xiao Bi',
          upvotes: '7',
        }),
      ),
      PAPER_URL,
    );
    expect(paper?.title).toBe('DeepSeek LLM');
    expect(paper?.abstract).toBeUndefined();
    expect(paper?.authors).toBeUndefined();
    expect(paper?.hf).toEqual({ numComments: 0 });
  });
});

describe('markup in Hugging Face text stays inert text', () => {
  it('keeps <script> and <img onerror> in summary, title and names as plain text', () => {
    const doc = parseHtml(
      paperPage({
        id: '2401.02954',
        title: `Title ${IMG}`,
        summary: `Before ${SCRIPT} after ${IMG}.`,
        authors: [{ name: 'Eve &lt;script&gt;alert(1)&lt;/script&gt;' }],
      }),
    );
    const [paper] = extractHfPaper(doc, PAPER_URL);
    expect(paper?.abstract).toBe(`Before ${SCRIPT} after ${IMG}.`);
    expect(paper?.title).toBe(`Title ${IMG}`);
    expect(paper?.authors).toEqual([`Eve ${SCRIPT}`]);
    // Nothing was parsed into the document either.
    expect(doc.querySelectorAll('script, img')).toHaveLength(0);
  });
});

describe('URLs in Hugging Face data', () => {
  it.each([
    ['javascript:', 'javascript:alert(1)'],
    ['data:', 'data:text/html,<script>alert(1)</script>'],
    ['protocol-relative', '//evil.example/x'],
  ])('drops a %s githubRepo and projectPage, keeping the rest of the paper', (_name, url) => {
    const [paper] = extractHfPaper(
      parseHtml(paperPage({ id: '2401.02954', title: 'T', upvotes: 3, githubRepo: url, projectPage: url })),
      PAPER_URL,
    );
    expect(paper?.title).toBe('T');
    expect(paper?.hf).toEqual({ upvotes: 3, numComments: 0 });
    expect(paper?.links).toBeUndefined();
  });

  it('keeps http(s) ones, cleaned as every link is', () => {
    const [paper] = extractHfPaper(
      parseHtml(
        paperPage({
          id: '2401.02954',
          title: 'DeepSeek LLM',
          githubRepo: ' https://github.com/deepseek-ai/DeepSeek-LLM ',
          projectPage: 'https://DeepSeek.com/llm.',
        }),
      ),
      PAPER_URL,
    );
    expect(paper?.hf).toEqual({
      githubRepo: 'https://github.com/deepseek-ai/DeepSeek-LLM',
      projectPage: 'https://deepseek.com/llm',
      numComments: 0,
    });
    expect(paper?.links?.map((link) => link.url)).toEqual([
      'https://github.com/deepseek-ai/DeepSeek-LLM',
      'https://deepseek.com/llm',
    ]);
  });
});

describe('Hugging Face pages that hold no paper', () => {
  const login = `<!doctype html><html><head><title>Hugging Face – The AI community building the future.</title>
    <meta property="og:title" content="Hugging Face – The AI community building the future."></head><body>
    <main><h1>Log In</h1><form action="/login" method="POST"><input name="username"><input name="password" type="password">
    <button type="submit">Login</button></form><a href="/join">Sign Up</a></main></body></html>`;
  const notFound = `<!doctype html><html><head><title>404 – Hugging Face</title></head><body>
    <main><h1>404</h1><p>Sorry, we can't find the page you are looking for.</p><a href="/papers">Papers</a></main></body></html>`;

  it.each([
    ['login', login],
    ['404', notFound],
  ])('gives [] for the %s page at a paper or listing URL', (_name, html) => {
    expect(extractHfPaper(parseHtml(html), PAPER_URL)).toEqual([]);
    expect(extractHfList(parseHtml(html), LIST_URL)).toEqual([]);
    expect(extractPapers(parseHtml(html), PAPER_URL)).toEqual([]);
  });
});

describe('a 20 MB Hugging Face page', () => {
  it('reads the listing island past 20 MB of card noise', () => {
    const noise = `<div class="noise"><span>${'card '.repeat(200)}</span></div>`.repeat(20_000);
    const html = listHtml.replace('</main>', `${noise}</main>`);
    expect(html.length).toBeGreaterThan(20_000_000);
    expect(extractHfList(parseHtml(html), LIST_URL)).toHaveLength(28);
  }, 60_000);

  it('drops a 20 MB "summary" as not an abstract, quickly, and keeps the rest', () => {
    const doc = parseHtml(paperPage({ id: '2401.02954', title: 'Big', summary: 'word '.repeat(4_000_000) }));
    const start = performance.now();
    const [paper] = extractHfPaper(doc, PAPER_URL);
    expect(performance.now() - start).toBeLessThan(1000);
    expect(paper?.title).toBe('Big');
    expect(paper?.abstract).toBeUndefined();
  }, 60_000);
});
