/**
 * arXiv abstract pages, one test per saved page in tests/fixtures/arxiv-abs (byte copies of
 * /work/shared/fixtures/pages/arxiv-abs). Expected values were read off each page by hand: the dateline,
 * the title, the Authors line, the Subjects/Comments rows, the Submission history and the head metas.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractArxivAbs } from '../../lib/extract/arxiv-abs';
import { parseHtml } from '../../lib/node/parse-html';
import type { Paper } from '../../lib/paper';

const page = (name: string): string => readFileSync(`tests/fixtures/arxiv-abs/${name}`, 'utf8');
const absUrl = (id: string): string => `https://arxiv.org/abs/${id}`;

function extractOne(html: string, url: string): Paper {
  const papers = extractArxivAbs(parseHtml(html), url);
  expect(papers).toHaveLength(1);
  return papers[0] as Paper;
}

interface Expected {
  file: string;
  arxivId: string;
  version: number;
  title: string;
  authors: [count: number, first: string, last: string];
  submitted: string;
  updated: string;
  categories: string[];
  comments?: string;
}

const ATTENTION: Expected = {
  file: '1706.03762v7-2026-03-classicheader.html',
  arxivId: '1706.03762',
  version: 7,
  title: 'Attention Is All You Need',
  authors: [8, 'Ashish Vaswani', 'Illia Polosukhin'],
  submitted: '2017-06-12',
  updated: '2023-08-02',
  categories: ['cs.CL', 'cs.LG'],
  comments: '15 pages, 5 figures',
};

const PAGES: Expected[] = [
  ATTENTION,
  // The same paper after the Aug-2026 header change: the data DOM must read the same.
  { ...ATTENTION, file: '1706.03762v7-2026-08-newheader.html' },
  {
    file: '1808.06226v1-2026-github-in-abstract.html',
    arxivId: '1808.06226',
    version: 1,
    title:
      'SentencePiece: A simple and language independent subword tokenizer and detokenizer for Neural Text Processing',
    authors: [2, 'Taku Kudo', 'John Richardson'],
    submitted: '2018-08-19',
    updated: '2018-08-19',
    categories: ['cs.CL'],
    comments: 'Accepted as a demo paper at EMNLP2018',
  },
  {
    file: '2005.11401v4-2026-venue-comment.html',
    arxivId: '2005.11401',
    version: 4,
    title: 'Retrieval-Augmented Generation for Knowledge-Intensive NLP Tasks',
    authors: [12, 'Patrick Lewis', 'Douwe Kiela'],
    submitted: '2020-05-22',
    updated: '2021-04-12',
    categories: ['cs.CL', 'cs.LG'],
    comments: 'Accepted at NeurIPS 2020',
  },
  {
    file: '2104.08758v2-2024-12.html',
    arxivId: '2104.08758',
    version: 2,
    title: 'Documenting Large Webtext Corpora: A Case Study on the Colossal Clean Crawled Corpus',
    authors: [8, 'Jesse Dodge', 'Matt Gardner'],
    submitted: '2021-04-18',
    updated: '2021-09-30',
    categories: ['cs.CL', 'cs.AI'],
    comments: 'EMNLP 2021 accepted paper camera ready version',
  },
  {
    file: '2106.09608v2-2021.html',
    arxivId: '2106.09608',
    version: 2,
    title: 'Learning Knowledge Graph-based World Models of Textual Environments',
    authors: [2, 'Prithviraj Ammanabrolu', 'Mark O. Riedl'],
    submitted: '2021-06-17',
    updated: '2021-10-20',
    categories: ['cs.LG', 'cs.AI', 'cs.CL'],
    comments: 'Camera read, in Proceedings of NeurIPS 2021 Main Conference',
  },
  {
    file: '2110.09732v2-2026-math-crosslist-pdfonly.html',
    arxivId: '2110.09732',
    version: 2,
    title: 'Eternal Domination and Clique Covering',
    authors: [3, 'Gary MacGillivray', 'Virgélot Virgile'],
    submitted: '2021-10-19',
    updated: '2022-02-21',
    categories: ['math.CO', 'cs.DM'],
    comments: '21 pages, submitted for publication',
  },
  {
    file: '2310.06825v1-2026-comments-url.html',
    arxivId: '2310.06825',
    version: 1,
    title: 'Mistral 7B',
    authors: [18, 'Albert Q. Jiang', 'William El Sayed'],
    submitted: '2023-10-10',
    updated: '2023-10-10',
    categories: ['cs.CL', 'cs.AI', 'cs.LG'],
    comments: 'Models and code are available at this https URL',
  },
  {
    file: '2401.02954v1-2026.html',
    arxivId: '2401.02954',
    version: 1,
    title: 'DeepSeek LLM: Scaling Open-Source Language Models with Longtermism',
    // The Authors line shows 87 names ("DeepSeek-AI" then 86 people); the head has 88 citation_author metas
    // because the second one is a stray ":" (from "DeepSeek-AI: Xiao Bi, …").
    authors: [87, 'DeepSeek-AI', 'Yuheng Zou'],
    submitted: '2024-01-05',
    updated: '2024-01-05',
    categories: ['cs.CL', 'cs.AI', 'cs.LG'],
  },
  {
    file: '2402.00159v2-2026-comments-dataset-code.html',
    arxivId: '2402.00159',
    version: 2,
    title: 'Dolma: an Open Corpus of Three Trillion Tokens for Language Model Pretraining Research',
    authors: [36, 'Luca Soldaini', 'Kyle Lo'],
    submitted: '2024-01-31',
    updated: '2024-06-06',
    categories: ['cs.CL'],
    comments: 'Accepted at ACL 2024; Dataset: this https URL Code: this https URL',
  },
  {
    file: '2407.10671v4-2026-4versions.html',
    arxivId: '2407.10671',
    version: 4,
    title: 'Qwen2 Technical Report',
    authors: [62, 'An Yang', 'Zhihao Fan'],
    submitted: '2024-07-15',
    updated: '2024-09-10',
    categories: ['cs.CL', 'cs.AI'],
    comments: '26 pages, 1 figure',
  },
  {
    file: '2508.16190v1-2026-03-nocomments.html',
    arxivId: '2508.16190',
    version: 1,
    title: 'ComicScene154: A Scene Dataset for Comic Analysis',
    authors: [3, 'Sandro Paval', 'Pascal Meißner'],
    submitted: '2025-08-22',
    updated: '2025-08-22',
    categories: ['cs.CL'],
  },
  {
    file: '2609.22268v1-2026-09-newheader-codelink-msc.html',
    arxivId: '2609.22268',
    version: 1,
    title: 'Efficient spectral Galerkin framework for nonlinear transient heat transfer in finite domains',
    authors: [3, 'Théo Andrieux', 'Manas V. Upadhyay'],
    submitted: '2026-09-09',
    updated: '2026-09-09',
    categories: ['cond-mat.mtrl-sci'],
    comments: 'preprint, 30 pages, 1 algorithm, 1 link to source code, 15 figures, 3 tables',
  },
];

describe('extractArxivAbs on every saved page', () => {
  it.each(PAGES)('$file', (expected) => {
    const url = absUrl(`${expected.arxivId}v${expected.version}`);
    const paper = extractOne(page(expected.file), url);
    const [count, first, last] = expected.authors;
    expect(paper.id).toBe(`arxiv:${expected.arxivId}`);
    expect(paper.arxivId).toBe(expected.arxivId);
    expect(paper.version).toBe(expected.version);
    expect(paper.title).toBe(expected.title);
    expect(paper.authors).toHaveLength(count);
    expect(paper.authors?.[0]).toBe(first);
    expect(paper.authors?.at(-1)).toBe(last);
    expect(paper.submitted).toBe(expected.submitted);
    expect(paper.updated).toBe(expected.updated);
    expect(paper.primaryCategory).toBe(expected.categories[0]);
    expect(paper.categories).toEqual(expected.categories);
    expect(paper.comments).toBe(expected.comments);
    expect(paper.absUrl).toBe(absUrl(expected.arxivId));
    expect(paper.pdfUrl).toBe(`https://arxiv.org/pdf/${expected.arxivId}`);
    expect(paper.source).toEqual({ site: 'arxiv', kind: 'arxiv-abs', url });
    // None of the saved pages has a Journal-ref or Related DOI row; the arXiv DOI is never taken.
    expect(paper.journalRef).toBeUndefined();
    expect(paper.doi).toBeUndefined();
    expect(paper.incomplete).toBeUndefined();
  });
});

describe('extractArxivAbs details read off the pages', () => {
  it('gives the abstract as plain text without the "Abstract:" descriptor', () => {
    const paper = extractOne(page('1706.03762v7-2026-03-classicheader.html'), absUrl('1706.03762'));
    expect(paper.abstract).toMatch(
      /^The dominant sequence transduction models are based on complex recurrent/,
    );
    expect(paper.abstract).toMatch(/with large and limited training data\.$/);
  });

  it('collapses the hard line wraps of the 2021 abstract', () => {
    const paper = extractOne(page('2106.09608v2-2021.html'), absUrl('2106.09608v2'));
    expect(paper.abstract).toMatch(
      /^World models improve a learning agent's ability to efficiently operate in interactive/,
    );
    expect(paper.abstract).not.toMatch(/\n| {2}/);
  });

  it('keeps the LaTeX of the abstract as written', () => {
    const paper = extractOne(page('2110.09732v2-2026-math-crosslist-pdfonly.html'), absUrl('2110.09732'));
    expect(paper.abstract).toContain('has $10$ vertices');
  });

  it('takes the version shown from the page, not from an unversioned URL', () => {
    const paper = extractOne(page('2407.10671v4-2026-4versions.html'), absUrl('2407.10671'));
    expect(paper.version).toBe(4);
    expect(paper.source.url).toBe(absUrl('2407.10671'));
  });

  it('gives all 62 Qwen2 authors in page order', () => {
    const authors = extractOne(page('2407.10671v4-2026-4versions.html'), absUrl('2407.10671')).authors ?? [];
    expect(authors.slice(0, 3)).toEqual(['An Yang', 'Baosong Yang', 'Binyuan Hui']);
    expect(authors.slice(-3)).toEqual(['Zhenru Zhang', 'Zhifang Guo', 'Zhihao Fan']);
  });

  it('gives all DeepSeek authors in page order, without the stray ":" meta', () => {
    const authors = extractOne(page('2401.02954v1-2026.html'), absUrl('2401.02954')).authors ?? [];
    expect(authors.slice(0, 3)).toEqual(['DeepSeek-AI', 'Xiao Bi', 'Deli Chen']);
    expect(authors[27]).toBe('Y. K. Li'); // "Y.K. Li" in the Authors line, "Li, Y. K." in the meta
    expect(authors.slice(-2)).toEqual(['Qihao Zhu', 'Yuheng Zou']);
    expect(authors).not.toContain(':');
  });

  it.each(PAGES)('agrees with the visible Authors line of $file', ({ file, arxivId }) => {
    const html = page(file);
    const visible = [...parseHtml(html).querySelectorAll('#abs div.authors a')].map((a) => a.textContent);
    const squash = (name: string | null | undefined) => (name ?? '').replace(/[\s.]/g, '');
    const authors = extractOne(html, absUrl(arxivId)).authors ?? [];
    expect(authors.map(squash)).toEqual(visible.map(squash));
  });

  it('reads the 2023 head-only capture from its metas', () => {
    const paper = extractOne(page('1902.02534v2-2023-head-only.html'), absUrl('1902.02534v2'));
    expect(paper).toMatchObject({
      id: 'arxiv:1902.02534',
      version: 2,
      title:
        'Crowdsourcing open citations with CROCI -- An analysis of the current status of open citations, and a proposal',
      authors: ['Ivan Heibi', 'Silvio Peroni', 'David Shotton'],
      submitted: '2019-02-07',
      updated: '2019-06-21',
      pdfUrl: 'https://arxiv.org/pdf/1902.02534',
    });
    expect(paper.abstract).toMatch(
      /^In this paper, we analyse the current availability of open citations data/,
    );
    // No body: no Subjects or Comments rows, so no categories or comments (never guessed).
    expect(paper.categories).toBeUndefined();
    expect(paper.primaryCategory).toBeUndefined();
    expect(paper.comments).toBeUndefined();
  });
});

describe('extractArxivAbs without head metas (body DOM only)', () => {
  const stripMetas = (html: string) => html.replace(/<meta [^>]*>/g, '');

  it('reads the 1706.03762v7 body like a person would', () => {
    const paper = extractOne(stripMetas(page('1706.03762v7-2026-08-newheader.html')), absUrl('1706.03762'));
    expect(paper).toMatchObject({
      id: 'arxiv:1706.03762',
      version: 7,
      title: 'Attention Is All You Need',
      submitted: '2017-06-12',
      updated: '2023-08-02',
      categories: ['cs.CL', 'cs.LG'],
    });
    expect(paper.authors).toHaveLength(8);
    expect(paper.abstract).toMatch(/^The dominant sequence/);
  });

  it('reads the authors hidden behind "et al." (long-author-list markup, hand-applied to the Qwen2 page)', () => {
    const html = stripMetas(page('2407.10671v4-2026-4versions.html')).replace(
      /(<a [^>]*>Xuancheng Ren<\/a>.*?)(<\/div>)/s,
      '<div id="long-author-list" style="display:none">$1</div> <a id="toggle" href="#">et al. (12 additional authors not shown)</a>$2',
    );
    expect(html).toContain('id="long-author-list"');
    const authors = extractOne(html, absUrl('2407.10671')).authors ?? [];
    expect(authors).toHaveLength(62);
    expect(authors.at(-1)).toBe('Zhihao Fan');
    expect(authors.join()).not.toContain('et al');
  });

  it('reads a single-version body ("[Submitted on 9 Sep 2026]")', () => {
    const html = stripMetas(page('2609.22268v1-2026-09-newheader-codelink-msc.html'));
    const paper = extractOne(html, absUrl('2609.22268'));
    expect(paper).toMatchObject({ version: 1, submitted: '2026-09-09', updated: '2026-09-09' });
    expect(paper.authors).toEqual(['Théo Andrieux', 'Andreas Ntinos', 'Manas V. Upadhyay']);
  });

  it('reads the dateline of an older version ("this version, v2", "latest version")', () => {
    const html = stripMetas(page('1706.03762v7-2026-03-classicheader.html'))
      .replace(
        /\[Submitted on 12 Jun 2017 .*?\]<\/div>/s,
        '[Submitted on 12 Jun 2017 (v1), revised 19 Jun 2017 (this version, v2), latest version 2 Aug 2023 (v7)]</div>',
      )
      .replace(/<strong>\[v7\]<\/strong>/, '<strong><a href="/abs/1706.03762v7">[v7]</a></strong>')
      .replace(
        /<strong><a href="\/abs\/1706.03762v2" rel="nofollow">\[v2\]<\/a><\/strong>/,
        '<strong>[v2]</strong>',
      );
    const paper = extractOne(html, absUrl('1706.03762v2'));
    expect(paper).toMatchObject({ version: 2, submitted: '2017-06-12', updated: '2017-06-19' });
  });
});

describe('extractArxivAbs on a hand-made old-style id page', () => {
  // No real abs page with an old-style id exists in the shared fixtures: this one is hand-made (see its header).
  const paper = () =>
    extractOne(page('hep-th-9901001v2-handmade-oldid-withdrawn.html'), absUrl('hep-th/9901001v2'));

  it('keeps the archive in the id', () => {
    expect(paper()).toMatchObject({
      id: 'arxiv:hep-th/9901001',
      arxivId: 'hep-th/9901001',
      version: 2,
      absUrl: 'https://arxiv.org/abs/hep-th/9901001',
      pdfUrl: 'https://arxiv.org/pdf/hep-th/9901001',
      categories: ['hep-th', 'gr-qc', 'math.GT'],
    });
  });

  it('takes the Journal reference (not the Report number in the same td class) and the Related DOI', () => {
    expect(paper().journalRef).toBe('Nucl.Phys. B550 (1999) 1-20');
    expect(paper().doi).toBe('10.1016/S0550-3213(99)00001-1');
  });

  it('keeps what a withdrawn version still shows', () => {
    expect(paper()).toMatchObject({
      title: 'Boundary Conditions for Toy Strings',
      authors: ['Jane Q. Doe', 'Karl Müller'],
      abstract: 'This paper has been withdrawn by the author.',
      comments: 'The argument in section 3 is wrong',
      submitted: '1999-01-04',
      updated: '1999-03-20',
    });
  });

  it('reads math.GT/0309136-style ids from the URL when the page gives none', () => {
    const html =
      '<html><head><title>x</title></head><body><div id="abs"><h1 class="title">T</h1></div></body></html>';
    const found = extractOne(html, absUrl('math.GT/0309136v1'));
    expect(found).toMatchObject({ id: 'arxiv:math.GT/0309136', arxivId: 'math.GT/0309136', version: 1 });
  });
});
