/**
 * The site readers of publishers' pages, run on "Clip this page" (lib/extract/on-request.ts, lib/sites.ts
 * REQUEST_PAGES). The IEEE Xplore and ACM pages are real (/work/shared/fixtures/pages/SOURCES.md): the expected
 * values are read off their `xplGlobal.document.metadata` object, meta tags and markup. No OpenReview forum page was
 * ever saved: openreview-forum-BUILT-from-note-shape-lora.html is BUILT from OpenReview's documented note shape.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractAcmDl } from '../../lib/extract/acm-dl';
import { extractCitationMeta } from '../../lib/extract/citation-meta';
import { extractIeeeXplore } from '../../lib/extract/ieee-xplore';
import { extractOnRequest, siteReaderFor } from '../../lib/extract/on-request';
import { extractOpenReview } from '../../lib/extract/openreview';
import { fallbackId } from '../../lib/ids';
import { parseHtml } from '../../lib/node/parse-html';

const html = (name: string) => readFileSync(`tests/fixtures/other/${name}`, 'utf8');
const load = (name: string) => parseHtml(html(name));
const IEEE_JOURNAL = 'ieee-xplore-10511075-TCOMM-2024-mathml-in-abstract.html';
const IEEE_CONFERENCE = 'ieee-xplore-10932570-CICTN-2025-conference-paper.html';
const ACM = 'acm-dl-10.1145-3186728.3164144-lusail-pvldb-sanitized.html';
const OPENREVIEW = 'openreview-forum-BUILT-from-note-shape-lora.html';
const OPENREVIEW_URL = 'https://openreview.net/forum?id=nZeVKeeFYf9';

describe('IEEE Xplore (real pages, no citation tags)', () => {
  const url = 'https://ieeexplore.ieee.org/document/10511075';
  const [journal] = extractOnRequest(load(IEEE_JOURNAL), url);

  it('reads title, authors, DOI, publication, volume, issue, pages and date from the metadata object', () => {
    expect(journal).toMatchObject({
      title: 'An Optimal Two-Step Decoding for PSK-Modulated Noisy Index Coding',
      authors: ['Navya Saxena', 'Anjana A. Mahesh', 'B. Sundar Rajan'],
      doi: '10.1109/TCOMM.2024.3395332',
      journalRef: 'IEEE Transactions on Communications, vol. 72, no. 10, pp. 6102-6115',
      submitted: '2024-10',
      absUrl: 'https://ieeexplore.ieee.org/document/10511075/',
      pdfUrl: 'https://ieeexplore.ieee.org/stamp/stamp.jsp?tp=&arnumber=10511075',
      source: { site: 'web', kind: 'citation-meta', url },
    });
  });

  it('stores the DOI as printed and makes its doi: id in lower case', () => {
    expect(journal?.id).toBe('doi:10.1109/tcomm.2024.3395332');
  });

  it('turns the JATS formula in the abstract into its TeX, no markup left', () => {
    expect(journal?.abstract).toMatch(
      /^This paper studies noisy index coding problems over broadcast channels\./,
    );
    expect(journal?.abstract).toContain(
      'code of length N are mapped to a $2^{N}$-PSK constellation before being',
    );
    expect(journal?.abstract).toMatch(/The above results are shown to be valid over fading channels also\.$/);
    expect(journal?.abstract).not.toMatch(/[<>]|inline-formula|xmlns/);
  });

  it('reads a conference paper: proceedings and pages, its day of publication, a bare initial kept', () => {
    const [paper] = extractOnRequest(load(IEEE_CONFERENCE), 'https://ieeexplore.ieee.org/document/10932570/');
    expect(paper).toMatchObject({
      id: 'doi:10.1109/cictn64563.2025.10932570',
      doi: '10.1109/CICTN64563.2025.10932570',
      title: 'Deep Learning Based Model to Recommend Safe Route Navigation System',
      authors: ['Sourav Garg', 'Aashu Mittal', 'V Sathiyasuntharam'],
      journalRef:
        '2025 2nd International Conference on Computational Intelligence, Communication Technology and Networking (CICTN), pp. 181-186',
      submitted: '2025-02-06',
    });
    expect(paper?.abstract).toMatch(/^The level of crime rates in practically every part of the world/);
    expect(paper?.abstract).toMatch(/with specific data of San Francisco city for demonstrative purposes\.$/);
  });

  it('dates an issue of two months or a quarter by its year', () => {
    for (const printed of ['Jan.-Feb. 2024', 'Firstquarter 2024']) {
      const source = html(IEEE_JOURNAL).replaceAll(
        '"publicationDate":"October 2024"',
        `"publicationDate":"${printed}"`,
      );
      expect(extractIeeeXplore(parseHtml(source), url)[0]?.submitted).toBe('2024');
    }
  });

  it('finds no paper in the citation tags alone: the reader is what reads these pages', () => {
    expect(extractCitationMeta(load(IEEE_JOURNAL), url)).toEqual([]);
  });

  it('gives [] for a page whose metadata object is missing or broken', () => {
    const broken = html(IEEE_JOURNAL).replace(
      'xplGlobal.document.metadata={',
      'xplGlobal.document.metadata={,',
    );
    expect(extractIeeeXplore(parseHtml(broken), url)).toEqual([]);
    expect(extractIeeeXplore(parseHtml('<html><head><title>IEEE Xplore</title></head></html>'), url)).toEqual(
      [],
    );
  });
});

describe('ACM Digital Library (a real page, sanitized by its capturer)', () => {
  const url = 'https://dl.acm.org/doi/10.1145/3186728.3164144';
  const [paper] = extractOnRequest(load(ACM), url);
  const ACM_AUTHORS = [
    'Ibrahim Abdelaziz',
    'Essam Mansour',
    'Mourad Ouzzani',
    'Ashraf Aboulnaga',
    'Panos Kalnis',
  ];

  it("names the authors from the page's schema.org markup, not the run-together Dublin Core creators", () => {
    expect(paper?.authors).toEqual(ACM_AUTHORS);
  });

  it('splits the "SurnameGiven" creators when the page has no such markup', () => {
    const source = html(ACM).replaceAll('property="author"', 'property="contributor"');
    expect(extractAcmDl(parseHtml(source), url)[0]?.authors).toEqual(ACM_AUTHORS);
  });

  it('reads the title with its subtitle, the DOI, journal, date, abstract and PDF', () => {
    expect(paper).toMatchObject({
      id: 'doi:10.1145/3186728.3164144',
      doi: '10.1145/3186728.3164144',
      title: 'Lusail: a system for querying linked data at scale',
      journalRef: 'Proceedings of the VLDB Endowment',
      submitted: '2017-12-01',
      absUrl: url,
      pdfUrl: 'https://dl.acm.org/doi/pdf/10.1145/3186728.3164144',
    });
    expect(paper?.abstract).toMatch(/^The RDF data model allows publishing interlinked RDF datasets/);
    expect(paper?.abstract).toMatch(/in terms of scalability and response time\.$/);
  });

  it('takes the DOI from the URL, in its /doi/abs/ form too', () => {
    const source = html(ACM).replace(/<meta name="(?:publication_doi|dc\.Identifier)"[^>]*>/g, '');
    const [abs] = extractAcmDl(parseHtml(source), 'https://dl.acm.org/doi/abs/10.1145/3186728.3164144');
    expect(abs?.doi).toBe('10.1145/3186728.3164144');
  });

  it('stores a DOI the URL types in small letters as the page prints it (an IEEE paper ACM hosts)', () => {
    const source = html(ACM).replaceAll('10.1145/3186728.3164144', '10.1109/ICSE43902.2021.00013');
    const [typed] = extractAcmDl(parseHtml(source), 'https://dl.acm.org/doi/10.1109/icse43902.2021.00013');
    expect(typed).toMatchObject({
      doi: '10.1109/ICSE43902.2021.00013',
      id: 'doi:10.1109/icse43902.2021.00013',
    });
  });
});

describe('OpenReview forum page (BUILT from the documented note shape: no real capture)', () => {
  const [paper] = extractOnRequest(load(OPENREVIEW), OPENREVIEW_URL);

  it('reads the forum note of __NEXT_DATA__ (API v2 {value} fields), not the review before it', () => {
    expect(paper).toMatchObject({
      id: `url:${OPENREVIEW_URL}`,
      title: 'LoRA: Low-Rank Adaptation of Large Language Models',
      authors: [
        'Edward J Hu',
        'yelong shen',
        'Phillip Wallis',
        'Zeyuan Allen-Zhu',
        'Yuanzhi Li',
        'Shean Wang',
        'Lu Wang',
        'Weizhu Chen',
      ],
      journalRef: 'ICLR 2022 Poster',
      submitted: '2022-01-28',
      pdfUrl: 'https://openreview.net/pdf/7d1c7dbd9c9b1b0b8c6e5d0b2b4c4f0d0e2f3a1b.pdf',
      absUrl: OPENREVIEW_URL,
    });
  });

  it('takes the abstract, never the TLDR, and the official repository', () => {
    expect(paper?.abstract).toMatch(/^An important paradigm of natural language processing/);
    expect(paper?.abstract).not.toContain('Finetuning updated weights can be approximated');
    expect(paper?.links?.[0]).toMatchObject({ url: 'https://github.com/microsoft/LoRA', official: true });
  });

  it('reads API v1 notes (plain values): the code field as the official code, no abstract from a TL;DR', () => {
    const note = {
      id: 'abc123',
      forum: 'abc123',
      cdate: 1_600_000_000_000,
      content: {
        title: 'Bees Count',
        authors: ['Ann Lee'],
        'TL;DR': 'Bees count to four.',
        venue: 'ICLR 2021',
        code: 'https://github.com/annlee/bees',
      },
    };
    const doc = parseHtml(
      `<script id="__NEXT_DATA__" type="application/json">${JSON.stringify({ props: { pageProps: { forumNote: note } } })}</script>`,
    );
    const [v1] = extractOpenReview(doc, 'https://openreview.net/forum?id=abc123');
    expect(v1).toMatchObject({
      title: 'Bees Count',
      authors: ['Ann Lee'],
      journalRef: 'ICLR 2021',
      submitted: '2020-09-13',
    });
    expect(v1?.abstract).toBeUndefined();
    expect(v1?.links).toEqual([
      expect.objectContaining({ url: 'https://github.com/annlee/bees', kind: 'code', official: true }),
    ]);
  });

  it("is the forum's paper when the link points at a reply or comes from a console", () => {
    const reply = `${OPENREVIEW_URL}&noteId=Hk2ZtR1r9F&referrer=%5BAuthor%20Console%5D`;
    for (const page of [OPENREVIEW, 'openreview-like-lora.html']) {
      expect(extractOnRequest(load(page), reply)[0]).toMatchObject({
        id: `url:${OPENREVIEW_URL}`,
        absUrl: OPENREVIEW_URL,
        title: 'LoRA: Low-Rank Adaptation of Large Language Models',
      });
    }
  });

  it('leaves a forum page without that data to the citation tags', () => {
    const [tagged] = extractOnRequest(load('openreview-like-lora.html'), OPENREVIEW_URL);
    expect(tagged).toMatchObject({
      title: 'LoRA: Low-Rank Adaptation of Large Language Models',
      id: `url:${OPENREVIEW_URL}`,
    });
  });
});

describe('the site readers are chosen by the registry', () => {
  it.each([
    ['https://ieeexplore.ieee.org/document/10511075/', extractIeeeXplore],
    ['https://ieeexplore.ieee.org/abstract/document/10511075', extractIeeeXplore],
    ['https://dl.acm.org/doi/10.1145/3186728.3164144', extractAcmDl],
    ['https://dl.acm.org/doi/abs/10.1145/3186728.3164144', extractAcmDl],
    [OPENREVIEW_URL, extractOpenReview],
  ])('%s', (url, reader) => {
    expect(siteReaderFor(url)).toBe(reader);
  });

  it.each([
    'https://ieeexplore.ieee.org/',
    'https://ieeexplore.ieee.org/search/searchresult.jsp?queryText=x',
    'https://dl.acm.org/',
    'https://openreview.net/group?id=ICLR.cc/2022/Conference',
    'https://ieeexplore.ieee.org.evil.example/document/1',
  ])('%s: none', (url) => {
    expect(siteReaderFor(url)).toBeUndefined();
  });
});

describe('DOI names are case-insensitive', () => {
  it('gives the same DOI typed two ways one doi: id, each record keeping the DOI as its page printed it', () => {
    expect(fallbackId('10.1109/TCOMM.2024.3395332', '')).toBe(fallbackId('10.1109/tcomm.2024.3395332', ''));
  });
});
