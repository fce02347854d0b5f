/**
 * The arXiv extractors never throw and never invent a paper: truncated pages, missing parts, markup-looking text,
 * arXiv error/help/login pages and a 20 MB page.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractArxivAbs } from '../../lib/extract/arxiv-abs';
import { extractArxivHtml } from '../../lib/extract/arxiv-html';
import { extractArxivList } from '../../lib/extract/arxiv-list';
import { extractArxivSearch } from '../../lib/extract/arxiv-search';
import type { Extractor } from '../../lib/extract/index';
import { parseHtml } from '../../lib/node/parse-html';

const fixture = (path: string): string => readFileSync(`tests/fixtures/${path}`, 'utf8');
const ABS_URL = 'https://arxiv.org/abs/2508.16190';
const BASELINE = fixture('arxiv-abs/2508.16190v1-2026-03-nocomments.html');
const withoutMetas = (html: string): string => html.replace(/<meta [^>]*>/g, '');

const PAGES: [string, Extractor, string][] = [
  ...readdirSync('tests/fixtures/arxiv-abs').map((file): [string, Extractor, string] => [
    `arxiv-abs/${file}`,
    extractArxivAbs,
    ABS_URL,
  ]),
  [
    'arxiv-list/cond-mat.mtrl-sci-new-2026-09-22-TRUNCATED-first3.html',
    extractArxivList,
    'https://arxiv.org/list/cond-mat.mtrl-sci/new',
  ],
  ['arxiv-search/query-built-from-docs.html', extractArxivSearch, 'https://arxiv.org/search/?query=x'],
  ['arxiv-html/1706.03762v7-built-from-docs.html', extractArxivHtml, 'https://arxiv.org/html/1706.03762v7'],
];

describe('truncated pages', () => {
  it.each(PAGES)(
    '%s cut anywhere gives papers with only string/number fields, never a throw',
    (file, extract, url) => {
      const html = fixture(file);
      for (let cut = 0; cut <= 12; cut++) {
        const papers = extract(parseHtml(html.slice(0, Math.floor((html.length * cut) / 12))), url);
        for (const paper of papers) {
          expect(paper.id).toMatch(/^(arxiv|url|doi):/);
          for (const value of [paper.title, paper.abstract, paper.comments]) {
            expect(value === undefined || (typeof value === 'string' && value.length > 0)).toBe(true);
          }
        }
      }
    },
  );

  it('a body cut inside the abstract still gives what came before it', () => {
    const html = withoutMetas(BASELINE);
    const cut = html.slice(0, html.indexOf('under-explored') + 5);
    const [paper] = extractArxivAbs(parseHtml(cut), ABS_URL);
    expect(paper).toMatchObject({ title: 'ComicScene154: A Scene Dataset for Comic Analysis' });
    expect(paper?.abstract).toMatch(/^Comics offer a compelling yet under/);
    expect(paper?.categories).toBeUndefined();
  });
});

describe('missing parts', () => {
  it('no abstract anywhere: the abstract is absent, the rest is kept', () => {
    const html = withoutMetas(BASELINE).replace(/<blockquote class="abstract[\s\S]*?<\/blockquote>/, '');
    const [paper] = extractArxivAbs(parseHtml(html), ABS_URL);
    expect(paper).toBeDefined();
    expect(paper && 'abstract' in paper).toBe(false);
    expect(paper?.title).toBe('ComicScene154: A Scene Dataset for Comic Analysis');
  });

  const withoutTitle = (html: string) =>
    html
      .replace(/<meta name="citation_title" content="[^"]*"/, '<meta name="citation_title" content=""')
      .replace(
        /<h1 class="title mathjax">[\s\S]*?<\/h1>/,
        '<h1 class="title mathjax"><span class="descriptor">Title:</span> </h1>',
      );

  it('an empty citation_title and title heading: the title from og:title, else from <title>[ID] …', () => {
    const TITLE = 'ComicScene154: A Scene Dataset for Comic Analysis';
    const [fromOg] = extractArxivAbs(parseHtml(withoutTitle(BASELINE)), ABS_URL);
    expect(fromOg).toMatchObject({ id: 'arxiv:2508.16190', title: TITLE });
    const withoutOg = withoutTitle(BASELINE).replace(/<meta property="og:title"[^>]*>/, '');
    const [fromTitle] = extractArxivAbs(parseHtml(withoutOg), ABS_URL);
    expect(fromTitle).toMatchObject({ id: 'arxiv:2508.16190', title: TITLE });
  });

  it('a page cut short in its head still has its title (the head-only capture of 1902.02534)', () => {
    const head = fixture('arxiv-abs/1902.02534v2-2023-head-only.html');
    const cut = head.slice(0, head.indexOf('<meta name="citation_title"'));
    const [paper] = extractArxivAbs(parseHtml(cut), 'https://arxiv.org/abs/1902.02534v2');
    expect(paper?.id).toBe('arxiv:1902.02534');
    expect(paper?.title).toBe(
      'Crowdsourcing open citations with CROCI -- An analysis of the current status of open citations, and a proposal',
    );
  });

  it('no title anywhere: no paper, even with its id (a paper is known by its id and its title)', () => {
    const html = withoutTitle(BASELINE)
      .replace(/<meta property="og:title"[^>]*>/, '')
      .replace(/<title>\[[^<]*<\/title>/, '<title>arXiv</title>');
    expect(extractArxivAbs(parseHtml(html), ABS_URL)).toEqual([]);
  });

  it('a page with a title but no arXiv id, in the page or its URL, gives no paper', () => {
    const html = BASELINE.replace(/<meta name="citation_arxiv_id"[^>]*>/, '')
      .replace(/<meta property="og:url"[^>]*>/, '')
      .replace(/<link rel="canonical"[^>]*>/, '')
      .replace(/<span class="arxivid">[\s\S]*?<\/span>/g, '');
    expect(extractArxivAbs(parseHtml(html), ABS_URL)[0]?.id).toBe('arxiv:2508.16190');
    expect(extractArxivAbs(parseHtml(html), 'https://arxiv.org/abs/')).toEqual([]);
  });

  it('a page with no title and no arXiv id gives no paper', () => {
    const html = '<html><head><title></title></head><body><div id="abs"></div></body></html>';
    expect(extractArxivAbs(parseHtml(html), 'https://arxiv.org/abs/')).toEqual([]);
    expect(extractArxivAbs(parseHtml(''), ABS_URL)).toEqual([]);
  });
});

describe('markup-looking text stays inert text', () => {
  const hostile = '&lt;script&gt;alert(1)&lt;/script&gt; and &lt;img src=x onerror=alert(2)&gt; end';

  it('escaped tags in the abstract come out as the characters the page shows', () => {
    const html = withoutMetas(BASELINE).replace('<span class="descriptor">Abstract:</span>', `$&${hostile} `);
    const [paper] = extractArxivAbs(parseHtml(html), ABS_URL);
    expect(paper?.abstract).toMatch(
      /^<script>alert\(1\)<\/script> and <img src=x onerror=alert\(2\)> end Comics/,
    );
  });

  it('the same text in the citation_abstract meta', () => {
    const html = BASELINE.replace(/(name="citation_abstract" content=")/, `$1${hostile} `);
    const [paper] = extractArxivAbs(parseHtml(html), ABS_URL);
    expect(
      paper?.abstract?.startsWith('<script>alert(1)</script> and <img src=x onerror=alert(2)> end'),
    ).toBe(true);
  });

  it('real script/img elements injected in the abstract leave no code behind', () => {
    const injected = '<script>steal()</script><img src=x onerror="steal()">';
    const html = withoutMetas(BASELINE).replace('<span class="descriptor">Abstract:</span>', `$&${injected}`);
    const [paper] = extractArxivAbs(parseHtml(html), ABS_URL);
    expect(paper?.abstract).toMatch(/^Comics offer/);
    expect(JSON.stringify(paper)).not.toContain('steal()');
  });
});

describe('arXiv pages that are not papers', () => {
  it.each([
    [
      '404 "Article identifier not recognized"',
      'https://arxiv.org/abs/2401.99999',
      `<!DOCTYPE html><html lang="en"><head><title>arXiv article identifier '2401.99999' not recognized</title></head>
       <body><header><div id="cu-identity"></div></header><main><div id="content">
       <h1>Article identifier '2401.99999' not recognized</h1>
       <p>You might instead try to <a href="/search">search for articles</a> using title or author information.</p>
       </div></main></body></html>`,
    ],
    [
      'a help page',
      'https://arxiv.org/abs/help',
      '<html><head><title>arXiv Help</title></head><body><h1 class="title">Help contents</h1></body></html>',
    ],
    [
      'the login page',
      'https://arxiv.org/abs/1706.03762',
      `<html><head><title>Log in to arXiv</title></head><body><main><h1>Log in to arXiv</h1>
       <form method="post" action="/login"><input name="username"><input name="password" type="password"></form>
       </main></body></html>`,
    ],
  ])('%s gives []', (_name, url, html) => {
    expect(extractArxivAbs(parseHtml(html), url)).toEqual([]);
  });
});

describe('a 20 MB page', () => {
  it('is read in well under a few seconds', () => {
    // Padded the way big real pages are: an inline data island, plus a long abstract read from the body.
    const island = `<script type="application/json">${'{"k":"padding value"},'.repeat(900_000)}</script>`;
    const words = 'a very long abstract that goes on '.repeat(30_000);
    const html = withoutMetas(BASELINE)
      .replace('</head>', `${island}</head>`)
      .replace('<span class="descriptor">Abstract:</span>', `$&${words}`);
    expect(html.length).toBeGreaterThan(20_000_000);
    const start = performance.now();
    const [paper] = extractArxivAbs(parseHtml(html), ABS_URL);
    expect(performance.now() - start).toBeLessThan(3000);
    expect(paper?.title).toBe('ComicScene154: A Scene Dataset for Comic Analysis');
    expect(paper?.abstract).toMatch(/^a very long abstract that goes on a very long/);
    expect(paper?.abstract).toMatch(/Natural Language Processing community\.$/);
  });
});
