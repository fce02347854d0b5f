/**
 * The abstract an element marks by its role, property, id or class, read after the tags that name the abstract and
 * before Readability. The OUP, PeerJ, Springer and ACM pages are real (/work/shared/fixtures/pages/SOURCES.md); the
 * expected texts are read off their abstract elements. The small pages are built, in the shapes such sites have.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { abstractElementText } from '../../lib/extract/abstract-element';
import { extractCitationMeta } from '../../lib/extract/citation-meta';
import { extractOnRequest } from '../../lib/extract/on-request';
import { parseHtml } from '../../lib/node/parse-html';

const load = (name: string) => parseHtml(readFileSync(`tests/fixtures/other/${name}`, 'utf8'));
const page = (head: string, body: string) =>
  parseHtml(`<!doctype html><html><head>${head}</head><body>${body}</body></html>`);

describe('an abstract element on real pages', () => {
  it('OUP: reads the structured abstract of section.abstract, its parts apart, over the 155-character description', () => {
    const [paper] = extractCitationMeta(
      load('oup-bioinformatics-btaa161-jsonld-sameas-doi-and-pubmed.html'),
      'https://academic.oup.com/bioinformatics/article/36/11/3409/5802463',
    );
    expect(paper?.abstract).toMatch(/^Motivation One of the major goals in large-scale genomic studies/);
    expect(paper?.abstract).toContain(
      'according to feature measurements. Results We evaluate the performance',
    );
    expect(paper?.abstract).toContain(
      'Availability and implementation R code for the proposed methods is available at github.com/lburns27/Feature-Selection.',
    );
    expect(paper?.abstract).toMatch(/Supplementary data are available at Bioinformatics online\.$/);
    expect(paper?.links?.map((link) => link.url)).toEqual(['https://github.com/lburns27/Feature-Selection']);
  });

  it('PeerJ: reads div.abstract without the "Abstract" heading above it', () => {
    const text = abstractElementText(load('peerj-4375-div-abstract-no-citation-abstract-2020.html'));
    expect(text).toMatch(/^Despite growing interest in Open Access \(OA\) to scholarly literature/);
    expect(text).toMatch(/as a way to inform OA policy and practice\.$/);
  });

  it('Springer: reads section[data-title=Abstract] without its heading', () => {
    const text = abstractElementText(load('springer-s10584-011-0143-4-jsonld-mainentity-sameas-doi.html'));
    expect(text).toMatch(/^The analysis of climate change impact on the hydrology of high altitude/);
    expect(text).toMatch(/no shifts in the hydrograph are expected\.$/);
  });

  it('ACM: reads section#abstract[role=doc-abstract] without its heading, over the "..." descriptions', () => {
    const text = abstractElementText(load('acm-dl-10.1145-3186728.3164144-lusail-pvldb-sanitized.html'));
    expect(text).toMatch(/^The RDF data model allows publishing interlinked RDF datasets/);
    expect(text).toContain('presents Lusail, a scalable and efficient federated SPARQL system');
    expect(text).toMatch(/in terms of scalability and response time\.$/);
  });

  it('Semantic Scholar: takes nothing from its "tldr-abstract-replacement" box', () => {
    expect(abstractElementText(load('semanticscholar-crosswalk-2024.html'))).toBeUndefined();
  });
});

const ABSTRACT =
  'We present a method for counting bees in video. It tracks each bee across frames and counts those entering the ' +
  'hive. On twelve hours of annotated video it is right to within two percent.';
// The head of a CVF open-access page: citation tags, no citation_abstract.
const CVF_HEAD = `<meta name="citation_title" content="Counting Bees in Video">
  <meta name="citation_author" content="Lee, Ann"><meta name="citation_publication_date" content="2023">`;

describe('an abstract element on built pages', () => {
  it.each([
    ['div#abstract (CVF), no heading', `<div id="abstract">${ABSTRACT}</div>`],
    [
      'section.abstract with an "Abstract" heading',
      `<section class="abstract"><h2>Abstract</h2><p>${ABSTRACT}</p></section>`,
    ],
    [
      'an element with "abstract" among its classes',
      `<div class="paper-text abstract mt-2"><p>${ABSTRACT}</p></div>`,
    ],
    [
      'blockquote.abstract with an "Abstract:" label',
      `<blockquote class="abstract"><span class="descriptor">Abstract:</span> ${ABSTRACT}</blockquote>`,
    ],
    ['role="doc-abstract"', `<section role="doc-abstract"><h3>Summary</h3><p>${ABSTRACT}</p></section>`],
    ['section[property=abstract]', `<section property="abstract" typeof="Text"><p>${ABSTRACT}</p></section>`],
  ])('reads %s', (_name, body) => {
    const [paper] = extractCitationMeta(
      page(CVF_HEAD, `<main><h1>Counting Bees in Video</h1>${body}</main>`),
      'https://x.org/p',
    );
    expect(paper?.abstract).toBe(ABSTRACT);
  });

  it('takes the element over a description cut at 155 characters', () => {
    const cut = `${ABSTRACT.slice(0, 152)}...`;
    const [paper] = extractCitationMeta(
      page(
        `${CVF_HEAD}<meta name="description" content="${cut}"><meta property="og:description" content="${cut}">`,
        `<div id="abstract">${ABSTRACT}</div>`,
      ),
      'https://x.org/p',
    );
    expect(paper?.abstract).toBe(ABSTRACT);
  });

  it('leaves a TL;DR beside the abstract, and inside it, out', () => {
    const tldr =
      'TL;DR: we count bees with a tracker, and it works well on a whole day of video from three hives.';
    const [paper] = extractCitationMeta(
      page(
        CVF_HEAD,
        `<div class="tldr abstract">${tldr} ${tldr}</div>
         <div class="abstract"><div class="ai-summary">AI-generated summary: ${tldr}</div><p>${ABSTRACT}</p></div>`,
      ),
      'https://x.org/p',
    );
    expect(paper?.abstract).toBe(ABSTRACT);
  });

  it('leaves the abstracts of other papers in a sidebar, a link and a short label out', () => {
    const other =
      'Another paper about ants, shown in the sidebar as a related article with its own long abstract text.';
    const doc = page(
      CVF_HEAD,
      `<nav><a class="abstract" href="#abstract">Abstract</a></nav><aside><div class="abstract">${other}</div></aside>
       <div class="abstract">Abstract not available</div>`,
    );
    expect(abstractElementText(doc)).toBeUndefined();
  });

  it('is evidence of a paper on a page without scholarly tags, as an "Abstract" section is', () => {
    const [paper] = extractOnRequest(
      page('<title>Counting Bees in Video</title>', `<div id="abstract">${ABSTRACT}</div>`),
      'https://x.org/p',
    );
    expect(paper).toMatchObject({ title: 'Counting Bees in Video', abstract: ABSTRACT });
  });
});
