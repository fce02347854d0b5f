/**
 * Fuzzing: every extractor over hundreds of mutated real pages (the saved arXiv abstract, listing and HTML full-text
 * pages, the Hugging Face daily listing, the Semantic Scholar, PeerJ, OUP, Springer, IEEE Xplore and ACM pages; see
 * /work/shared/fixtures/pages/SOURCES.md), and a few built ones for the page kinds no real capture exists of, never
 * throws and never gives a paper without an id and a title. Pages are truncated, lose or repeat nodes, get
 * huge texts and random attributes; a seeded PRNG makes every run the same (FUZZ_SEED picks another).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractAcmDl } from '../../lib/extract/acm-dl';
import { extractArxivAbs } from '../../lib/extract/arxiv-abs';
import { extractArxivHtml } from '../../lib/extract/arxiv-html';
import { extractArxivList } from '../../lib/extract/arxiv-list';
import { extractArxivPdf } from '../../lib/extract/arxiv-pdf';
import { extractArxivSearch } from '../../lib/extract/arxiv-search';
import { extractCitationMeta } from '../../lib/extract/citation-meta';
import { extractHfList } from '../../lib/extract/hf-list';
import { extractHfPaper } from '../../lib/extract/hf-paper';
import { extractIeeeXplore } from '../../lib/extract/ieee-xplore';
import { type Extractor, extractPapers } from '../../lib/extract/index';
import { extractOpenReview } from '../../lib/extract/openreview';
import { parseHtml } from '../../lib/node/parse-html';
import type { Paper } from '../../lib/paper';
// The seeded PRNG the related-papers evaluation samples with.
import { mulberry32 } from '../../scripts/eval-related';

const SEED = Number(process.env.FUZZ_SEED ?? 20261130);
// 300 in a test run (18 s for 1,000 on two cores); FUZZ_PAGES=5000 for a longer hunt.
const PAGES_TO_MUTATE = Number(process.env.FUZZ_PAGES ?? 300);

const fixture = (path: string) => readFileSync(`tests/fixtures/${path}`, 'utf8');

// [page, url it was served at, how often it is picked]: the large pages less often, they are slow to parse.
const REAL_PAGES: [html: string, url: string, weight: number][] = [
  ...[
    '1706.03762v7-2026-03-classicheader',
    '1706.03762v7-2026-08-newheader',
    '1808.06226v1-2026-github-in-abstract',
    '1902.02534v2-2023-head-only',
    '2005.11401v4-2026-venue-comment',
    '2104.08758v2-2024-12',
    '2106.09608v2-2021',
    '2110.09732v2-2026-math-crosslist-pdfonly',
    '2310.06825v1-2026-comments-url',
    '2401.02954v1-2026',
    '2402.00159v2-2026-comments-dataset-code',
    '2407.10671v4-2026-4versions',
    '2508.16190v1-2026-03-nocomments',
    '2609.22268v1-2026-09-newheader-codelink-msc',
  ].map((name): [string, string, number] => [
    fixture(`arxiv-abs/${name}.html`),
    `https://arxiv.org/abs/${name.split('-')[0]}`,
    10,
  ]),
  [
    fixture('arxiv-list/cond-mat.mtrl-sci-new-2026-09-22-TRUNCATED-first3.html'),
    'https://arxiv.org/list/cond-mat.mtrl-sci/new',
    20,
  ],
  [fixture('hf-list/daily-papers-2026-09-28-28papers-browser-dom.html'), 'https://huggingface.co/papers', 2],
  // Built from docs/page-markup.md or by hand (no real capture exists), so that each extractor also meets
  // its own kind of page: HF paper page, arXiv HTML and search, OpenReview and ACL Anthology heads.
  [fixture('hf-paper/2609.31473.html'), 'https://huggingface.co/papers/2609.31473', 8],
  [fixture('arxiv-html/1706.03762v7-built-from-docs.html'), 'https://arxiv.org/html/1706.03762v7', 8],
  [fixture('arxiv-search/query-built-from-docs.html'), 'https://arxiv.org/search/?query=attention', 8],
  [fixture('other/openreview-like-lora.html'), 'https://openreview.net/forum?id=nZeVKeeFYf9', 4],
  [fixture('other/acl-anthology-like-bert.html'), 'https://aclanthology.org/N19-1423/', 4],
  [
    fixture('other/semanticscholar-crosswalk-2024.html'),
    'https://www.semanticscholar.org/paper/Where-the-Crosswalk-Ends%3A-Mapping-Crosswalk-via-in-Moran/704dde842312c5eabb8c76ecf86b48e9fe68e4fe',
    1,
  ],
  // Big pages, whose citation reading runs Readability: seldom.
  ...[
    '2510.14797v1-contrast-one-creator-per-author',
    '2510.14970v1-one-personname-4-authors-ampersand-emails',
  ].map((name): [string, string, number] => [
    fixture(`arxiv-html/${name}.html`),
    `https://arxiv.org/html/${name.split('-')[0]}`,
    1,
  ]),
  [fixture('arxiv-html/BUILT-latexml-0.8.7-neurips-and-AND.html'), 'https://arxiv.org/html/2501.00001v1', 2],
  [
    fixture('arxiv-html/BUILT-latexml-0.8.7-iclr-undefined-and.html'),
    'https://arxiv.org/html/2501.00001v1',
    2,
  ],
  [
    fixture('other/ieee-xplore-10511075-TCOMM-2024-mathml-in-abstract.html'),
    'https://ieeexplore.ieee.org/document/10511075/',
    4,
  ],
  [
    fixture('other/ieee-xplore-10932570-CICTN-2025-conference-paper.html'),
    'https://ieeexplore.ieee.org/document/10932570/',
    4,
  ],
  [
    fixture('other/acm-dl-10.1145-3186728.3164144-lusail-pvldb-sanitized.html'),
    'https://dl.acm.org/doi/10.1145/3186728.3164144',
    2,
  ],
  [
    fixture('other/openreview-forum-BUILT-from-note-shape-lora.html'),
    'https://openreview.net/forum?id=nZeVKeeFYf9',
    4,
  ],
  [
    fixture('other/peerj-4375-div-abstract-no-citation-abstract-2020.html'),
    'https://peerj.com/articles/4375',
    1,
  ],
  [
    fixture('other/oup-bioinformatics-btaa161-jsonld-sameas-doi-and-pubmed.html'),
    'https://academic.oup.com/bioinformatics/article/36/11/3409/5802463',
    1,
  ],
  [
    fixture('other/springer-s10584-011-0143-4-jsonld-mainentity-sameas-doi.html'),
    'https://link.springer.com/article/10.1007/s10584-011-0143-4',
    1,
  ],
];

const EXTRACTORS: [name: string, extractor: Extractor][] = [
  ['arxiv-abs', extractArxivAbs],
  ['arxiv-html', extractArxivHtml],
  ['arxiv-list', extractArxivList],
  ['arxiv-search', extractArxivSearch],
  ['arxiv-pdf', extractArxivPdf],
  ['hf-paper', extractHfPaper],
  ['hf-list', extractHfList],
  ['citation-meta', extractCitationMeta],
  ['ieee-xplore', extractIeeeXplore],
  ['acm-dl', extractAcmDl],
  ['openreview', extractOpenReview],
  // The extractor the URL picks, as the content script runs it.
  ['by URL', extractPapers],
];

// URLs the extractors are given besides the page's own: other page kinds, odd and hostile ones.
const URLS = [
  'https://arxiv.org/abs/2401.12345v2',
  'https://arxiv.org/pdf/hep-th/9901001v2',
  'https://arxiv.org/html/2609.01222v2',
  'https://huggingface.co/papers/2609.31473',
  'https://huggingface.co/papers/date/2026-09-28',
  'https://example.org/p?id=1',
  'https://ieeexplore.ieee.org/document/10511075/',
  'https://dl.acm.org/doi/10.1145/3186728.3164144',
  'https://openreview.net/forum?id=nZeVKeeFYf9',
  'about:blank',
  'not a url',
  '',
];

// Values random attributes take: ids, URLs, JSON islands (broken or not), markup, very long and empty values.
const VALUES = [
  '',
  ' ',
  '2401.12345',
  'arXiv:2401.12345v3',
  'hep-th/9901001',
  '/abs/2401.12345',
  'https://arxiv.org/abs/2401.12345v2',
  '/papers/2609.31473',
  'https://github.com/a/b',
  'javascript:alert(1)',
  '//evil.example/x',
  '{"paper":{"id":"2401.12345","title":"T","authors":[{"name":"A"}]}}',
  '{"dailyPapers":[{"paper":{"id":"2401.12345"}},{"paper":{}}]}',
  '{"paper":{"id":2401.12345,"title":["x"],"authors":"no"}}',
  '{"paper":',
  'null',
  '[]',
  '<h3>Abstract</h3><p>x<sup>1</sup></p>',
  '<script>alert(1)</script>',
  'x'.repeat(5000),
  '2020/01/01',
  '10.1000/xyz',
  'Abstract',
  'ltx_title_document',
  'abstract',
  'doc-abstract',
  'application/ld+json',
  '__NEXT_DATA__',
  '{"@type":"ScholarlyArticle","name":"T","author":"Lee, Ann","sameAs":"https://doi.org/10.1/X"}',
];
const ATTRIBUTES = [
  'id',
  'class',
  'href',
  'name',
  'property',
  'content',
  'title',
  'rel',
  'type',
  'data-props',
  'data-target',
  'alttext',
  'onerror',
  'role',
  'itemprop',
  'data-title',
];

type Random = () => number;
const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;

function pickPage(random: Random): [string, string] {
  const total = REAL_PAGES.reduce((sum, [, , weight]) => sum + weight, 0);
  let at = random() * total;
  for (const [html, url, weight] of REAL_PAGES) {
    at -= weight;
    if (at < 0) return [html, url];
  }
  const [html = '', url = ''] = REAL_PAGES[0] ?? [];
  return [html, url];
}

/** Random words, numbers and URLs: what an abstract is made of, `size` characters of it. */
function hugeText(random: Random, size: number): string {
  const words = [
    'code',
    'at',
    'https://github.com/o/r',
    'our',
    'available',
    '$x^2$',
    'arXiv:2401.12345',
    'Abstract',
    '\n',
    'the',
  ];
  const chunk = Array.from({ length: 200 }, () => pick(random, words)).join(' ');
  return chunk.repeat(Math.ceil(size / chunk.length)).slice(0, size);
}

function mutatedPage(random: Random): { doc: Document; url: string; steps: string[] } {
  let [html, url] = pickPage(random);
  const steps: string[] = [];
  if (random() < 0.3) {
    const end = Math.floor(random() * html.length);
    html = html.slice(0, end);
    steps.push(`truncated at ${end}`);
  }
  const doc = parseHtml(html);
  const elements = () => [...doc.querySelectorAll('*')];
  const rounds = 1 + Math.floor(random() * 6);
  for (let round = 0; round < rounds; round++) {
    const all = elements();
    const el = all.length > 0 ? pick(random, all) : undefined;
    if (!el) break;
    const roll = random();
    if (roll < 0.3) {
      el.remove();
      steps.push(`removed <${el.tagName}>`);
    } else if (roll < 0.5) {
      el.after(el.cloneNode(true));
      steps.push(`duplicated <${el.tagName}>`);
    } else if (roll < 0.85) {
      const attribute = pick(random, ATTRIBUTES);
      el.setAttribute(attribute, pick(random, VALUES));
      steps.push(`set ${attribute} on <${el.tagName}>`);
    } else if (roll < 0.97) {
      el.append(hugeText(random, 1000 + Math.floor(random() * 20_000)));
      steps.push(`text added to <${el.tagName}>`);
    } else {
      // A huge text where the extractors read first: a meta tag's content or the page's text.
      const size = 200_000 + Math.floor(random() * 400_000);
      const meta = pick(random, [...doc.querySelectorAll('meta'), el]);
      if (meta.tagName === 'META') meta.setAttribute('content', hugeText(random, size));
      else meta.append(hugeText(random, size));
      steps.push(`huge text (${size}) in <${meta.tagName}>`);
    }
  }
  return { doc, url: random() < 0.6 ? url : pick(random, URLS), steps };
}

// `arxiv:<id>`, `doi:10.x/y` or `url:<http(s) URL>` (lib/paper.ts).
const ID = /^(?:arxiv:\S+|doi:10\.\S+|url:https?:\/\/\S+)$/;

/** What is wrong with what an extractor gave, if anything. */
function problem(name: string, papers: Paper[]): string | undefined {
  if (!Array.isArray(papers)) return `${name} gave no array`;
  for (const paper of papers) {
    if (typeof paper.id !== 'string' || !ID.test(paper.id))
      return `${name} gave a paper without an id: ${paper.id}`;
    // A PDF has only its URL to read: its record, marked incomplete, is filled from the abstract page later.
    const untitledPdf = paper.source?.kind === 'arxiv-pdf' && paper.incomplete === true;
    if (!untitledPdf && (typeof paper.title !== 'string' || !paper.title.trim()))
      return `${name} gave a paper without a title: ${paper.id}`;
  }
  return undefined;
}

describe('extractors on mutated real pages (fuzzing)', () => {
  it(`never throw, and give papers with an id and a title (${PAGES_TO_MUTATE} pages, seed ${SEED})`, () => {
    const random = mulberry32(SEED);
    const failures: string[] = [];
    for (let i = 0; i < PAGES_TO_MUTATE; i++) {
      const { doc, url, steps } = mutatedPage(random);
      for (const [name, extractor] of EXTRACTORS) {
        let found: string | undefined;
        try {
          found = problem(name, extractor(doc, url));
        } catch (error) {
          found = `${name} threw ${error instanceof Error ? error.message : String(error)}`;
        }
        if (found) failures.push(`page ${i} (${url}; ${steps.join(', ')}): ${found}`);
      }
    }
    expect(failures.slice(0, 20)).toEqual([]);
  }, 120_000); // ~15 s on an idle 2-core machine; the rest is room for a busy one.
});
