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

  it.each([
    ['an "Abstract:" label in its text', `<div id="abstract">Abstract: ${ABSTRACT}</div>`],
    [
      'an "Abstract." label opening its paragraph',
      `<div class="abstract"><p>Abstract. ${ABSTRACT}</p></div>`,
    ],
    ['"Abstract" alone before a line break', `<div class="abstract">Abstract<br>${ABSTRACT}</div>`],
    [
      'a bold "Abstract" and a dash (IEEE style)',
      `<div class="abstract"><b>Abstract</b>&mdash;${ABSTRACT}</div>`,
    ],
    [
      'a heading with its anchor link',
      `<section class="abstract"><h2>Abstract<a class="anchor" href="#abstract">¶</a></h2><p>${ABSTRACT}</p></section>`,
    ],
    [
      'its keywords after it',
      `<div class="abstract"><h2>Abstract</h2><p>${ABSTRACT}</p><p><b>Keywords:</b> bees, video, tracking</p></div>`,
    ],
  ])('reads the abstract without %s', (_name, body) => {
    const [paper] = extractCitationMeta(page(CVF_HEAD, body), 'https://x.org/p');
    expect(paper?.abstract).toBe(ABSTRACT);
  });

  it.each([
    [
      "ScienceDirect's highlights and graphical abstract",
      `<div class="abstract author-highlights"><h2>Highlights</h2><ul><li>Bees are counted in hive entrance video by a
       tracker.</li><li>Counts are within two percent of manual annotation.</li></ul></div>
       <div class="abstract graphical"><h2>Graphical abstract</h2><figure><img src="ga.jpg"><figcaption>A tracker
       follows each bee from frame to frame as it walks into the hive.</figcaption></figure></div>`,
      '<div class="abstract author" id="ab0010">',
    ],
    [
      "PNAS's significance statement",
      `<section id="executive-summary-abstract" property="abstract" role="doc-abstract"><h2 property="name">Significance</h2>
       <div role="paragraph">Honeybee colonies are in decline, and counting the bees that come home tells beekeepers how a
       colony fares.</div></section>`,
      '<section id="abstract" property="abstract" role="doc-abstract">',
    ],
    [
      "PLOS's author summary",
      `<div class="abstract toc-section abstract-type-summary"><h2>Author summary</h2><p>Beekeepers want to know how
       many bees come home each day; we built a tool that counts them in video.</p></div>`,
      '<div class="abstract toc-section">',
    ],
  ])('passes over %s, marked as abstracts before the abstract', (_name, before, open) => {
    const close = open.startsWith('<section') ? '</section>' : '</div>';
    const doc = page(CVF_HEAD, `${before}${open}<h2>Abstract</h2><p>${ABSTRACT}</p>${close}`);
    expect(abstractElementText(doc)).toBe(ABSTRACT);
  });

  it('reads only what the "Abstract" heading heads in an element that holds the title and the next sections', () => {
    const doc = page(
      CVF_HEAD,
      `<div class="abstract"><h1>Counting Bees in Video</h1><h2>Abstract</h2><p>${ABSTRACT}</p>
       <h2>1 Introduction</h2><p>Bees are many, and they move fast; counting them by hand takes a whole day.</p></div>`,
    );
    expect(abstractElementText(doc)).toBe(ABSTRACT);
  });

  it('takes an abstract that opens with "Significance" or "Summary" for one', () => {
    const text = `Significance of bees: ${ABSTRACT}`;
    expect(abstractElementText(page(CVF_HEAD, `<div class="abstract"><p>${text}</p></div>`))).toBe(text);
    const summary = `Summary statistics first. ${ABSTRACT}`;
    expect(abstractElementText(page(CVF_HEAD, `<div id="abstract">${summary}</div>`))).toBe(summary);
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
