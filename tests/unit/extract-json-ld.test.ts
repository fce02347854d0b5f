/**
 * schema.org JSON-LD, a source of the citation reader after Highwire's `citation_*` tags and before Dublin Core and
 * Open Graph. The Semantic Scholar, OUP and Springer pages are real (/work/shared/fixtures/pages/SOURCES.md): the
 * expected values are read off their `application/ld+json` blocks. The small pages are built for the shapes no
 * capture has (`@graph` of one block, `identifier` as a PropertyValue, a TL;DR beside the abstract).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractCitationMeta } from '../../lib/extract/citation-meta';
import { jsonLdArticle } from '../../lib/extract/json-ld';
import { parseHtml } from '../../lib/node/parse-html';

const html = (name: string) => readFileSync(`tests/fixtures/other/${name}`, 'utf8');
/** The page without its meta tags: what its JSON-LD says alone. */
const withoutMetas = (source: string) => parseHtml(source.replace(/<meta\b[^>]*>/gi, ''));
const S2_URL =
  'https://www.semanticscholar.org/paper/Where-the-Crosswalk-Ends%3A-Mapping-Crosswalk-via-in-Moran/704dde842312c5eabb8c76ecf86b48e9fe68e4fe';

describe('JSON-LD on real pages', () => {
  it('Semantic Scholar: the day of publication from an Article in an @graph array ("4 April 2022" over "2022")', () => {
    const [paper] = extractCitationMeta(parseHtml(html('semanticscholar-crosswalk-2024.html')), S2_URL);
    expect(paper?.submitted).toBe('2022-04-04');
  });

  it('Semantic Scholar: its doi: id from sameAs when no tag carries the DOI', () => {
    const source = html('semanticscholar-crosswalk-2024.html').replace(
      /<meta name="citation_pdf_url"[^>]*>/,
      '',
    );
    const [paper] = extractCitationMeta(parseHtml(source), S2_URL);
    expect(paper).toMatchObject({ id: 'doi:10.1177/23998083221081530', doi: '10.1177/23998083221081530' });
  });

  it('Semantic Scholar: without citation tags, the title from JSON-LD, not Open Graph\'s "… | Semantic Scholar"', () => {
    const source = html('semanticscholar-crosswalk-2024.html').replace(/<meta name="citation_[^>]*>/g, '');
    const [paper] = extractCitationMeta(parseHtml(source), S2_URL);
    expect(paper?.title).toBe(
      'Where the Crosswalk Ends: Mapping Crosswalk Coverage via Satellite Imagery in San Francisco',
    );
  });

  it('Semantic Scholar: title, author and the whole abstract from JSON-LD alone', () => {
    const [paper] = extractCitationMeta(withoutMetas(html('semanticscholar-crosswalk-2024.html')), S2_URL);
    expect(paper?.title).toBe(
      'Where the Crosswalk Ends: Mapping Crosswalk Coverage via Satellite Imagery in San Francisco',
    );
    expect(paper?.authors).toEqual(['Marcel E. Moran']);
    expect(paper?.abstract).toMatch(
      /^Marked crosswalks are the primary means of safeguarding pedestrian travel/,
    );
    expect(paper?.abstract).toMatch(/in their pursuit of Vision Zero goals\.$/);
  });

  it('OUP: the DOI of its sameAs array and url, "Last, First" authors, the periodical', () => {
    const linked = jsonLdArticle(
      parseHtml(html('oup-bioinformatics-btaa161-jsonld-sameas-doi-and-pubmed.html')),
    );
    expect(linked).toMatchObject({
      title:
        'Unified methods for feature selection in large-scale genomic studies with censored survival outcomes',
      authors: ['Lauren Spirko-Burns', 'Karthik Devarajan'],
      doi: '10.1093/bioinformatics/btaa161',
      journal: 'Bioinformatics',
      scholarly: true,
    });
  });

  it("Springer: the ScholarlyArticle that is a WebPage's mainEntity, its DOI from a sameAs string", () => {
    const url = 'https://link.springer.com/article/10.1007/s10584-011-0143-4';
    const [paper] = extractCitationMeta(
      withoutMetas(html('springer-s10584-011-0143-4-jsonld-mainentity-sameas-doi.html')),
      url,
    );
    expect(paper).toMatchObject({
      id: 'doi:10.1007/s10584-011-0143-4',
      doi: '10.1007/s10584-011-0143-4',
      title: 'Hydrological response to climate change in a glacierized catchment in the Himalayas',
      authors: ['Walter W. Immerzeel', 'L. P. H. van Beek', 'M. Konz', 'A. B. Shrestha', 'M. F. P. Bierkens'],
      submitted: '2011-07-12',
      journalRef: 'Climatic Change',
    });
    expect(paper?.abstract).toMatch(/^The analysis of climate change impact on the hydrology/);
  });

  it("Highwire tags stay first: OUP keeps its citation_publication_date over JSON-LD's datePublished", () => {
    const [paper] = extractCitationMeta(
      parseHtml(html('oup-bioinformatics-btaa161-jsonld-sameas-doi-and-pubmed.html')),
      'https://academic.oup.com/bioinformatics/article/36/11/3409/5802463',
    );
    expect(paper?.submitted).toBe('2020-06-11');
  });
});

const ABSTRACT =
  'We present a method for counting bees in video. It tracks each bee across frames and counts those entering the ' +
  'hive. On twelve hours of annotated video it is right to within two percent.';
const TLDR =
  'A tracker counts bees entering a hive to within two percent, on twelve hours of video from three hives.';
/** A page whose only record is `json` in a JSON-LD block. */
const linkedPage = (json: unknown, title = '') =>
  parseHtml(
    `<html><head><title>${title}</title><script type="application/ld+json">${JSON.stringify(json)}</script></head><body></body></html>`,
  );
const read = (json: unknown) => extractCitationMeta(linkedPage(json), 'https://journal.example.org/a/1')[0];

describe('JSON-LD on built pages', () => {
  it('reads an article in an @graph, authors as Person objects with given and family names', () => {
    const paper = read({
      '@context': 'https://schema.org',
      '@graph': [
        { '@type': 'WebSite', name: 'Journal of Bees' },
        {
          '@type': 'MedicalScholarlyArticle',
          headline: 'Counting Bees in Video',
          author: [
            { '@type': 'Person', givenName: 'Ann', familyName: 'Lee' },
            { '@type': 'Person', name: 'Bo Chen' },
          ],
          abstract: ABSTRACT,
          datePublished: '2023-05-02',
        },
      ],
    });
    expect(paper).toMatchObject({
      title: 'Counting Bees in Video',
      authors: ['Ann Lee', 'Bo Chen'],
      abstract: ABSTRACT,
      submitted: '2023-05-02',
    });
  });

  it.each([
    [
      'a PropertyValue identifier',
      { identifier: { '@type': 'PropertyValue', propertyID: 'DOI', value: '10.1234/Bees.42' } },
    ],
    [
      'PropertyValues, the DOI second',
      {
        identifier: [
          { '@type': 'PropertyValue', propertyID: 'ISSN', value: '1234-5678' },
          { '@type': 'PropertyValue', propertyID: 'doi', value: 'https://doi.org/10.1234/Bees.42' },
        ],
      },
    ],
    ['an identifier string', { identifier: 'doi:10.1234/Bees.42' }],
    [
      'a sameAs array, after a PubMed link',
      { sameAs: ['https://pubmed.ncbi.nlm.nih.gov/32154833/', 'https://dx.doi.org/10.1234/Bees.42'] },
    ],
    ['a doi.org url', { url: 'https://doi.org/10.1234/Bees.42' }],
    ['a doi.org link written without its scheme', { sameAs: 'doi.org/10.1234/Bees.42' }],
    ['a percent-escaped doi.org @id', { '@id': 'https://doi.org/10.1234%2FBees.42' }],
    ['an identifier node named by its @id', { identifier: { '@id': 'https://doi.org/10.1234/Bees.42' } }],
  ])('takes the DOI from %s, stored as printed, its id in lower case', (_name, fields) => {
    const paper = read({ '@type': 'ScholarlyArticle', name: 'Counting Bees in Video', ...fields });
    expect(paper).toMatchObject({ doi: '10.1234/Bees.42', id: 'doi:10.1234/bees.42' });
  });

  it('takes the abstract, never a TL;DR given beside it or as its first part', () => {
    const beside = read({
      '@type': 'ScholarlyArticle',
      name: 'Counting Bees in Video',
      abstract: [{ '@type': 'CreativeWork', name: 'TL;DR', text: TLDR }, { text: ABSTRACT }],
    });
    expect(beside?.abstract).toBe(ABSTRACT);
    const described = read({
      '@type': 'ScholarlyArticle',
      name: 'Counting Bees in Video',
      description: `TL;DR: ${TLDR} ${TLDR}`,
    });
    expect(described?.abstract).toBeUndefined();
  });

  it('turns "Last, First" strings into "First Last" and decodes HTML entities in strings', () => {
    const paper = read({
      '@type': 'ScholarlyArticle',
      name: 'Bees &amp; Wasps: Counting &#8220;in the Wild&#8221;',
      author: [
        'Lee, Ann',
        'O&#39;Neil, Mary-Jane',
        'M&uuml;ller, J&ouml;rg',
        'Gonz&aacute;lez, Mar&iacute;a',
      ],
    });
    expect(paper).toMatchObject({
      title: 'Bees & Wasps: Counting “in the Wild”',
      authors: ['Ann Lee', "Mary-Jane O'Neil", 'Jörg Müller', 'María González'],
    });
  });

  it("takes a blog post's Article for no paper, but an Article with a DOI for one", () => {
    const post = {
      '@type': 'Article',
      headline: 'Ten things I learned about Rust',
      author: { '@type': 'Person', name: 'Ann Lee' },
    };
    expect(read(post)).toBeUndefined();
    expect(read({ ...post, sameAs: 'https://doi.org/10.1234/rust' })?.id).toBe('doi:10.1234/rust');
  });

  it('reads the creators when there is no author (Zenodo), and an Organization author as written', () => {
    const paper = read({
      '@type': 'ScholarlyArticle',
      name: 'Counting Bees in Video',
      creator: [
        { '@type': 'Person', name: 'Lee, Ann' },
        { '@type': 'Organization', name: 'University of Bees, Department of Hives' },
      ],
    });
    expect(paper?.authors).toEqual(['Ann Lee', 'University of Bees, Department of Hives']);
  });

  it('reads authors the article points at by @id, described elsewhere in its @graph', () => {
    const paper = read({
      '@context': 'https://schema.org',
      '@graph': [
        {
          '@type': 'ScholarlyArticle',
          headline: 'Counting Bees in Video',
          author: [{ '@id': 'https://bees.example/#/schema/person/1' }, { '@type': 'Person', '@id': '#p2' }],
        },
        { '@type': 'Person', '@id': 'https://bees.example/#/schema/person/1', name: 'Ann Lee' },
        { '@type': 'Person', '@id': '#p2', givenName: 'Bo', familyName: 'Chen' },
      ],
    });
    expect(paper?.authors).toEqual(['Ann Lee', 'Bo Chen']);
  });

  it.each([
    ['line breaks and tabs in its strings', (json: string) => json.replace('. It tracks', '.\n\tIt tracks')],
    ['a CDATA wrapper', (json: string) => `/*<![CDATA[*/${json}/*]]>*/`],
    ['an HTML comment wrapper', (json: string) => `<!--\n${json}\n-->`],
    ['a trailing semicolon', (json: string) => `${json};`],
  ])('reads a block with %s', (_name, wrap) => {
    const json = JSON.stringify({
      '@type': 'ScholarlyArticle',
      name: 'Counting Bees in Video',
      abstract: ABSTRACT,
    });
    const doc = parseHtml(`<head><script type="application/ld+json">${wrap(json)}</script></head>`);
    expect(extractCitationMeta(doc, 'https://x.org/p')[0]).toMatchObject({
      title: 'Counting Bees in Video',
      abstract: ABSTRACT,
    });
  });

  it('skips a broken block and reads the next', () => {
    const doc = parseHtml(
      `<head><script type="application/ld+json">{"@type": "ScholarlyArticle", </script>
       <script type="application/ld+json">{"@type":"ScholarlyArticle","name":"Counting Bees in Video"}</script></head>`,
    );
    expect(extractCitationMeta(doc, 'https://x.org/p')[0]?.title).toBe('Counting Bees in Video');
  });
});
