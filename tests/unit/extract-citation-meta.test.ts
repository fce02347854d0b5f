/**
 * The generic "citation meta" extractor. semanticscholar-crosswalk-2024.html is a real saved page (see
 * /work/shared/fixtures/pages/SOURCES.md). openreview-like-lora.html and acl-anthology-like-bert.html are
 * HAND-MADE, not saved: their heads follow the tag sets OpenReview forum pages and ACL Anthology paper pages
 * emit (several citation_author tags, "First Last" on OpenReview, "Last, First" on the Anthology), with the
 * real data of LoRA and BERT. Expected values are read off the HTML.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractPapers } from '../../lib/extract';
import { extractCitationMeta } from '../../lib/extract/citation-meta';
import { extractOnRequest } from '../../lib/extract/on-request';
import { parseHtml } from '../../lib/node/parse-html';

const load = (name: string) => parseHtml(readFileSync(`tests/fixtures/other/${name}`, 'utf8'));
/** The paper of a page whose head has citation_title "T" and `tags`. */
const titled = (tags: string, url = 'https://x.org/p') =>
  extractCitationMeta(parseHtml(`<head><meta name="citation_title" content="T">${tags}</head>`), url)[0];

describe('extractCitationMeta on a Semantic Scholar page (real)', () => {
  const url =
    'https://www.semanticscholar.org/paper/Where-the-Crosswalk-Ends%3A-Mapping-Crosswalk-via-in-Moran/704dde842312c5eabb8c76ecf86b48e9fe68e4fe';
  const papers = extractCitationMeta(load('semanticscholar-crosswalk-2024.html'), url);
  const paper = papers[0];

  it('reads title, author, venue', () => {
    expect(papers).toHaveLength(1);
    expect(paper?.title).toBe(
      'Where the Crosswalk Ends: Mapping Crosswalk Coverage via Satellite Imagery in San Francisco',
    );
    expect(paper?.authors).toEqual(['Marcel E. Moran']);
    expect(paper?.journalRef).toBe('Environment and Planning B Urban Analytics and City Science');
    expect(paper?.source).toEqual({ site: 'web', kind: 'citation-meta', url });
  });

  it('takes the DOI from the doi.org link S2 puts in citation_pdf_url, and no PDF from it', () => {
    expect(paper?.doi).toBe('10.1177/23998083221081530');
    expect(paper?.id).toBe('doi:10.1177/23998083221081530');
    expect(paper?.pdfUrl).toBeUndefined();
  });

  it('takes the abstract from the description when there is no citation_abstract', () => {
    expect(paper?.abstract?.startsWith('Marked crosswalks are the primary means of safeguarding')).toBe(true);
    expect(paper?.abstract?.endsWith('in their pursuit of Vision Zero goals.')).toBe(true);
  });

  it('points absUrl at the canonical page', () => {
    expect(paper?.absUrl).toBe(url);
  });
});

describe('extractCitationMeta on an OpenReview-like page (hand-made)', () => {
  const url = 'https://openreview.net/forum?id=nZeVKeeFYf9';
  const [paper] = extractCitationMeta(load('openreview-like-lora.html'), url);

  it('reads the eight authors in order, as written', () => {
    expect(paper?.authors).toEqual([
      'Edward J Hu',
      'yelong shen',
      'Phillip Wallis',
      'Zeyuan Allen-Zhu',
      'Yuanzhi Li',
      'Shean Wang',
      'Lu Wang',
      'Weizhu Chen',
    ]);
  });

  it('has no DOI or arXiv id, so its id is the page URL', () => {
    expect(paper?.id).toBe(`url:${url}`);
    expect(paper?.doi).toBeUndefined();
    expect(paper?.arxivId).toBeUndefined();
  });

  it('reads abstract (line breaks collapsed), date, venue, PDF and the code link', () => {
    expect(paper?.title).toBe('LoRA: Low-Rank Adaptation of Large Language Models');
    expect(paper?.abstract?.startsWith('An important paradigm of natural language processing')).toBe(true);
    expect(paper?.abstract).toContain('or domains. As we pre-train larger models');
    expect(paper?.submitted).toBe('2021-10-06');
    expect(paper?.journalRef).toBe('International Conference on Learning Representations');
    expect(paper?.pdfUrl).toBe('https://openreview.net/pdf?id=nZeVKeeFYf9');
    expect(paper?.links?.map((link) => link.url)).toContain('https://github.com/microsoft/LoRA');
  });
});

describe('extractCitationMeta on an ACL-Anthology-like page (hand-made)', () => {
  const [paper] = extractCitationMeta(
    load('acl-anthology-like-bert.html'),
    'https://aclanthology.org/N19-1423',
  );

  it('turns "Last, First" authors into "First Last", in order', () => {
    expect(paper?.authors).toEqual(['Jacob Devlin', 'Ming-Wei Chang', 'Kenton Lee', 'Kristina Toutanova']);
  });

  it('reads the DOI (id lowercased), the proceedings and the canonical URL', () => {
    expect(paper?.doi).toBe('10.18653/v1/N19-1423');
    expect(paper?.id).toBe('doi:10.18653/v1/n19-1423');
    expect(paper?.journalRef).toMatch(/^Proceedings of the 2019 Conference of the North American Chapter/);
    expect(paper?.absUrl).toBe('https://aclanthology.org/N19-1423/');
    expect(paper?.pdfUrl).toBe('https://aclanthology.org/N19-1423.pdf');
  });

  it('finds the abstract under its "Abstract" heading in the body', () => {
    expect(paper?.abstract?.startsWith('We introduce a new language representation model called BERT')).toBe(
      true,
    );
    expect(paper?.abstract?.endsWith('SQuAD v2.0 Test F1 to 83.1 (5.1 point absolute improvement).')).toBe(
      true,
    );
  });

  it('keeps a month-only date ("2019/6") as the month', () => {
    expect(paper?.submitted).toBe('2019-06');
  });
});

describe('extractCitationMeta identities and fallbacks', () => {
  const head = (tags: string, body = '') =>
    parseHtml(`<html><head>${tags}</head><body>${body}</body></html>`);

  it('uses citation_arxiv_id for the id and arXiv URLs', () => {
    const [paper] = extractCitationMeta(
      head(
        '<meta name="citation_title" content="Attention Is All You Need"><meta name="citation_arxiv_id" content="1706.03762">',
      ),
      'https://example.org/mirror/1706.03762',
    );
    expect(paper?.id).toBe('arxiv:1706.03762');
    expect(paper?.absUrl).toBe('https://arxiv.org/abs/1706.03762');
    expect(paper?.pdfUrl).toBe('https://arxiv.org/pdf/1706.03762');
  });

  it("reads arXiv's own DOI as the arXiv id, never as the paper's DOI", () => {
    const [paper] = extractCitationMeta(
      head(
        '<meta name="citation_title" content="T"><meta name="citation_doi" content="10.48550/arXiv.2401.02954">',
      ),
      'https://example.org/p',
    );
    expect(paper?.id).toBe('arxiv:2401.02954');
    expect(paper?.doi).toBeUndefined();
  });

  const DC_ABSTRACT =
    'We measured the radiation of pitchblende and of its salts. It is stronger than that of uranium, which ' +
    'points to an unknown element in the ore. We separated two such elements by chemical means and name one polonium.';

  it('falls back to Dublin Core for title, creators, date and DOI', () => {
    const [paper] = extractCitationMeta(
      head(
        `<meta name="DC.title" content="A Dublin Core Paper"><meta name="DC.creator" content="Curie, Marie">
         <meta name="DC.creator" content="Pierre Curie"><meta name="DC.date" content="1903-06-25">
         <meta name="DC.identifier" content="doi:10.1000/XYZ123"><meta name="DC.description" content="${DC_ABSTRACT}">`,
      ),
      'https://repository.example.org/item/7',
    );
    expect(paper).toMatchObject({
      id: 'doi:10.1000/xyz123',
      title: 'A Dublin Core Paper',
      authors: ['Marie Curie', 'Pierre Curie'],
      submitted: '1903-06-25',
      doi: '10.1000/XYZ123',
      abstract: DC_ABSTRACT,
    });
  });

  it('takes a Dublin Core description that is no abstract for none', () => {
    const [paper] = extractCitationMeta(
      head(
        `<meta name="DC.title" content="A Dublin Core Paper"><meta name="DC.creator" content="Curie, Marie">
         <meta name="DC.description" content="Journal article, 12 pages.">`,
      ),
      'https://repository.example.org/item/7',
    );
    expect(paper?.title).toBe('A Dublin Core Paper');
    expect(paper?.abstract).toBeUndefined();
  });

  it('is not registered for any URL: it runs only when the user clips the page', () => {
    expect(extractPapers(load('acl-anthology-like-bert.html'), 'https://aclanthology.org/N19-1423/')).toEqual(
      [],
    );
  });
});

describe('extractCitationMeta needs scholarly evidence, not just a title and a description', () => {
  // Hand-made pages, in the shape such sites have.
  const page = (head: string, body = '') =>
    parseHtml(`<!doctype html><html><head>${head}</head><body>${body}</body></html>`);
  const pizza = page(
    `<title>Best pizza in town</title><meta property="og:title" content="Best pizza in town">
     <meta name="description" content="We sell pizza.">`,
    '<header><h1>Best pizza in town</h1></header><main><p>We sell pizza. Open every day from 11 to 23.</p></main>',
  );
  const blog = page(
    `<title>Ten things I learned about Rust | My blog</title>
     <meta property="og:type" content="article"><meta property="og:title" content="Ten things I learned about Rust">
     <meta property="og:description" content="A year of writing Rust at work, and what it taught me.">
     <meta name="twitter:description" content="A year of writing Rust at work.">
     <meta property="article:published_time" content="2024-03-02T10:00:00Z">`,
    `<article><h1>Ten things I learned about Rust</h1><h2>Introduction</h2><p>${'I wrote Rust. '.repeat(40)}</p>
     <h2>Conclusion</h2><p>Rust is nice.</p></article>`,
  );

  it.each([
    ['a pizza shop page (title and description)', pizza],
    ['a blog post (og:title, og:description, a publication time)', blog],
    [
      'a Dublin Core title and description without creator, identifier or type',
      page(
        '<meta name="DC.title" content="Our menu"><meta name="DC.description" content="Pizza and pasta.">',
      ),
    ],
  ])('gives [] for %s, also when clipped on request', (_name, doc) => {
    expect(extractCitationMeta(doc, 'https://pizza.example.com/')).toEqual([]);
    expect(extractOnRequest(doc, 'https://pizza.example.com/')).toEqual([]);
  });

  const ABSTRACT =
    'Whether insects count is debated. We trained forty honeybees to choose the card with a set number of ' +
    'marks among cards with other numbers, size and area of the marks controlled. Bees told apart one to four ' +
    'marks but not five from six. We show that bees count to four.';
  it.each([
    [
      'a Dublin Core record (title and type), the description as abstract',
      page(`<meta name="dc.title" content="Bees Count"><meta name="dc.type" content="Text.Serial.Journal">
        <meta name="description" content="${ABSTRACT}">`),
    ],
    [
      'a page with PRISM tags, the description as abstract',
      page(`<meta property="og:title" content="Bees Count"><meta name="prism.publicationName" content="Journal of Bees">
        <meta name="description" content="${ABSTRACT}">`),
    ],
    [
      'a title with an "Abstract" section, taken over the description',
      page(
        '<title>Bees Count</title><meta name="description" content="Journal home page.">',
        `<main><h1>Bees Count</h1><h2>Abstract</h2><p>${ABSTRACT}</p><h2>1 Introduction</h2><p>Bees.</p></main>`,
      ),
    ],
  ])('accepts %s', (_name, doc) => {
    const [paper] = extractCitationMeta(doc, 'https://journal.example.org/a/1');
    expect(paper).toMatchObject({ title: 'Bees Count', abstract: ABSTRACT });
  });
});

describe('extractCitationMeta reads only a bare, real arXiv id from citation_arxiv_id', () => {
  const withArxivId = (value: string) => titled(`<meta name="citation_arxiv_id" content="${value}">`);

  it.each(['1706.03762', '1412.6980', '0704.0001', 'hep-th/9901001', 'math.GT/0309136'])('takes %s', (id) => {
    expect(withArxivId(id)).toMatchObject({ id: `arxiv:${id}`, arxivId: id });
  });

  it.each([
    ['a version', '1706.03762v7'],
    ['a prefix', 'arXiv:1706.03762'],
    ['a URL', 'https://arxiv.org/abs/1706.03762'],
    ['text around it', '1706.03762 [cs.CL]'],
    ['month 13', '1713.03762'],
    ['a 4-digit number after 2014', '1706.0376'],
    ['a 5-digit number before 2015', '1412.69801'],
    ['a date before new-style ids (April 2007)', '0703.1234'],
    ['an old-style id with month 00', 'hep-th/9900001'],
  ])('ignores one with %s (%s): the page URL names the paper', (_name, value) => {
    const paper = withArxivId(value);
    expect(paper?.arxivId).toBeUndefined();
    expect(paper?.id).toBe('url:https://x.org/p');
    expect(paper?.absUrl).toBe('https://x.org/p');
  });
});

describe('extractCitationMeta keeps only http(s) URLs from the page', () => {
  const HOSTILE = [
    ['javascript:', 'javascript:alert(1)'],
    ['data:', 'data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;'],
    ['protocol-relative', '//evil.example/x'],
  ];

  it.each(HOSTILE)('drops a %s citation_pdf_url and canonical link', (_name, value) => {
    const paper = titled(
      `<meta name="citation_pdf_url" content="${value}"><link rel="canonical" href="${value}">`,
    );
    // Nothing but the title and the page's own URL.
    const url = 'https://x.org/p';
    expect(paper).toEqual({
      id: `url:${url}`,
      title: 'T',
      absUrl: url,
      source: { site: 'web', kind: 'citation-meta', url },
    });
  });

  it("resolves a canonical path against the page's own site", () => {
    const paper = titled(
      '<link rel="canonical" href="/N19-1423/">',
      'https://aclanthology.org/N19-1423?from=search',
    );
    expect(paper?.absUrl).toBe('https://aclanthology.org/N19-1423/');
  });

  it.each(HOSTILE)("puts arXiv's PDF in place of a %s citation_pdf_url", (_name, value) => {
    const paper = titled(
      `<meta name="citation_arxiv_id" content="1706.03762"><meta name="citation_pdf_url" content="${value}">`,
    );
    expect(paper?.pdfUrl).toBe('https://arxiv.org/pdf/1706.03762');
  });
});

describe('extractCitationMeta on bad input', () => {
  const SCRIPT = '<script>alert(1)</script>';
  const IMG = '<img src=x onerror=alert(1)>';

  it('gives [] for a page with no citation_title and no title plus abstract', () => {
    expect(
      extractCitationMeta(parseHtml('<html><head><title>Log In</title></head></html>'), 'https://x.org/'),
    ).toEqual([]);
    expect(extractCitationMeta(parseHtml(''), 'https://x.org/')).toEqual([]);
    expect(
      extractCitationMeta(
        parseHtml(
          '<html><head><meta name="citation_title" content="   "></head><body><h1>404</h1></body></html>',
        ),
        'https://x.org/',
      ),
    ).toEqual([]);
  });

  it('keeps a paper without abstract, with only what is there', () => {
    const [paper] = extractCitationMeta(
      parseHtml(
        '<html><head><meta name="citation_title" content="Only a Title"></head><body><p>Menu</p></body></html>',
      ),
      'https://x.org/p?id=1',
    );
    expect(paper).toEqual({
      id: 'url:https://x.org/p?id=1',
      title: 'Only a Title',
      absUrl: 'https://x.org/p?id=1',
      source: { site: 'web', kind: 'citation-meta', url: 'https://x.org/p?id=1' },
    });
  });

  it('survives truncated HTML', () => {
    const html = readFileSync('tests/fixtures/other/acl-anthology-like-bert.html', 'utf8');
    const cut = html.slice(0, html.indexOf('Proceedings of the 2019') + 20);
    expect(() => extractCitationMeta(parseHtml(cut), 'https://aclanthology.org/N19-1423/')).not.toThrow();
    const [paper] = extractCitationMeta(parseHtml(cut), 'https://aclanthology.org/N19-1423/');
    expect(paper?.authors).toHaveLength(4);
    expect(paper?.doi).toBeUndefined();
  });

  it('keeps markup in tags and in the abstract section as inert text', () => {
    const doc = parseHtml(
      `<html><head><meta name="citation_title" content="Title ${IMG.replaceAll('<', '&lt;')}"></head>
       <body><main><h2>Abstract</h2><p>Before &lt;script&gt;alert(1)&lt;/script&gt; after ${IMG.replaceAll('<', '&lt;')}.</p></main></body></html>`,
    );
    const [paper] = extractCitationMeta(doc, 'https://x.org/p');
    expect(paper?.title).toBe(`Title ${IMG}`);
    expect(paper?.abstract).toBe(`Before ${SCRIPT} after ${IMG}.`);
    expect(doc.querySelectorAll('script, img')).toHaveLength(0);
  });

  it('gives nothing read at no web URL, unless a DOI, arXiv id or canonical link names the paper', () => {
    const page = (tags: string) => parseHtml(`<head><meta name="citation_title" content="T">${tags}</head>`);
    for (const url of ['about:blank', '', 'not a url']) {
      expect(extractCitationMeta(page(''), url)).toEqual([]);
      expect(extractCitationMeta(page('<meta name="citation_doi" content="10.1000/x">'), url)[0]?.id).toBe(
        'doi:10.1000/x',
      );
      expect(extractCitationMeta(page('<link rel="canonical" href="https://x.org/p">'), url)[0]?.id).toBe(
        'url:https://x.org/p',
      );
    }
  });

  it('ignores a canonical link that is not http(s)', () => {
    const [paper] = extractCitationMeta(
      parseHtml(
        '<head><meta name="citation_title" content="T"><link rel="canonical" href="javascript:alert(1)"></head>',
      ),
      'https://x.org/p',
    );
    expect(paper?.id).toBe('url:https://x.org/p');
  });

  it('handles a 20 MB page', () => {
    const html = readFileSync('tests/fixtures/other/acl-anthology-like-bert.html', 'utf8');
    const noise = `<div class="noise"><p>${'filler '.repeat(150)}</p></div>`.repeat(20_000);
    const big = html.replace('<footer', `${noise}<footer`);
    expect(big.length).toBeGreaterThan(20_000_000);
    const [paper] = extractCitationMeta(parseHtml(big), 'https://aclanthology.org/N19-1423/');
    expect(paper?.title).toMatch(/^BERT/);
    expect(paper?.abstract).toMatch(/^We introduce a new language representation model called BERT/);
  }, 60_000);
});

describe('extractCitationMeta takes a page description as the abstract only when it is one', () => {
  // Hand-made heads; the description texts are of the kinds such pages carry.
  const FLORIAN = `<meta name="citation_title" content="A Statistical Model for Multilingual Entity Detection and Tracking">
    ${[
      'Florian, Radu',
      'Hassan, Hany',
      'Ittycheriah, Abraham',
      'Jing, Hongyan',
      'Kambhatla, Nanda',
      'Luo, Xiaoqiang',
      'Nicolov, Nicolas',
      'Roukos, Salim',
    ]
      .map((name) => `<meta name="citation_author" content="${name}">`)
      .join('')}`;
  const CITATION =
    'R. Florian, H. Hassan, A. Ittycheriah, H. Jing, N. Kambhatla, X. Luo, N. Nicolov, S. Roukos. A Statistical ' +
    'Model for Multilingual Entity Detection and Tracking. Proceedings of the Human Language Technology ' +
    'Conference of the North American Chapter of the Association for Computational Linguistics: HLT-NAACL 2004. 2004.';
  const abstractOf = (head: string) =>
    extractCitationMeta(parseHtml(`<html><head>${head}</head><body></body></html>`), 'https://x.org/p')[0];

  it.each([
    ['a citation of the paper', FLORIAN, CITATION],
    [
      'a citation without the title, naming the authors',
      FLORIAN,
      'R. Florian, H. Hassan, A. Ittycheriah, H. Jing, N. Kambhatla, X. Luo, N. Nicolov and S. Roukos. In Proceedings of HLT-NAACL, pages 1-8, Boston, Massachusetts, USA, May 2 - May 7, 2004. Association for Computational Linguistics.',
    ],
    [
      'a reference to a one-author paper',
      '<meta name="citation_title" content="Bees Count"><meta name="citation_author" content="Moran, Marcel E.">',
      'Moran, M. E. Counting in honeybees: a study of forty bees choosing between cards with one to six marks, with the size and area of the marks controlled. Journal of Insect Behavior, volume 12, issue 3, pages 201-219, Springer, New York (2022).',
    ],
    [
      'a one-line teaser',
      '<meta name="citation_title" content="LoRA: Low-Rank Adaptation of Large Language Models">',
      'Finetuning updated weights can be approximated by a low-rank matrix.',
    ],
    [
      'two short lines of a teaser',
      '<meta name="citation_title" content="Bees Count">',
      'Can bees count? Forty honeybees and a few cards say yes, up to four.',
    ],
    [
      'a one-sentence summary, however long',
      '<meta name="citation_title" content="LoRA: Low-Rank Adaptation of Large Language Models">',
      'We freeze the pre-trained model weights and inject trainable rank decomposition matrices into each layer of the Transformer architecture, which reduces the number of trainable parameters for downstream tasks by 10,000 times and the GPU memory requirement by 3 times.',
    ],
    [
      'an abstract cut short',
      '<meta name="citation_title" content="Bees Count">',
      'Whether insects count is debated. We trained forty honeybees to choose the card with a set number of marks among cards with other numbers, size and area of the marks controlled. Bees told apart one to four…',
    ],
  ])('leaves it absent when it is %s', (_name, head, description) => {
    for (const tag of ['property="og:description"', 'name="description"', 'name="twitter:description"']) {
      const paper = abstractOf(`${head}<meta ${tag} content="${description}">`);
      expect(paper?.title).toBeDefined();
      expect(paper?.abstract).toBeUndefined();
    }
  });

  it('takes a whole abstract from a later description tag when the first is a teaser', () => {
    const abstract =
      'Named entity detection and tracking is hard in many languages. We present a statistical framework that ' +
      'finds mentions of entities and groups them, trained on annotated text in Arabic, Chinese and English. ' +
      'It ranked first in the ACE 2004 evaluation.';
    const paper = abstractOf(
      `${FLORIAN}<meta property="og:description" content="Entity tracking in three languages."><meta name="description" content="${abstract}">`,
    );
    expect(paper?.abstract).toBe(abstract);
  });
});

describe('extractCitationMeta reads HTML in citation_abstract as plain text', () => {
  // The shape of a bioRxiv (Highwire) head: the abstract's HTML escaped into the content attribute.
  const biorxiv = (abstract: string) =>
    titled(
      `<meta name="citation_abstract" lang="en" content="${abstract.replaceAll('<', '&lt;').replaceAll('>', '&gt;')}">`,
    );

  it('drops the ABSTRACT heading and the tags, keeping the words and a footnote mark', () => {
    const paper = biorxiv(
      '<h3>ABSTRACT</h3> <p>Mitochondria divide at contacts with the endoplasmic reticulum<sup>1</sup>. Here we show that <i>Drp1</i> assembles there first.</p>',
    );
    expect(paper?.abstract).toBe(
      'Mitochondria divide at contacts with the endoplasmic reticulum¹. Here we show that Drp1 assembles there first.',
    );
  });

  it('keeps numbers in sub- and superscript, blocks of a structured abstract apart, entities decoded', () => {
    const paper = biorxiv(
      '<h2>Abstract</h2><h3>Background</h3><p>CO<sub>2</sub> uptake rose 10<sup>3</sup>-fold.</p><h3>Methods</h3><p>We grew cells &amp; counted them.</p>',
    );
    expect(paper?.abstract).toBe(
      'Background CO₂ uptake rose 10³-fold. Methods We grew cells & counted them.',
    );
  });

  it('keeps a "<" that is not markup as written', () => {
    expect(biorxiv('We prove that $a < b$ for all n<3 and b>2.')?.abstract).toBe(
      'We prove that $a < b$ for all n<3 and b>2.',
    );
  });

  it('makes no element of the markup: scripts and images stay out of the page', () => {
    const doc = parseHtml(
      `<head><meta name="citation_title" content="T"><meta name="citation_abstract" content="&lt;p&gt;Text &lt;img src=x onerror=alert(1)&gt;&lt;script&gt;alert(2)&lt;/script&gt; end.&lt;/p&gt;"></head>`,
    );
    const [paper] = extractCitationMeta(doc, 'https://x.org/p');
    expect(paper?.abstract).toBe('Text end.');
    expect(doc.querySelectorAll('script, img')).toHaveLength(0);
  });
});

describe('extractCitationMeta prefers the most specific trustworthy date', () => {
  const dated = (tags: Record<string, string>) =>
    titled(
      Object.entries(tags)
        .map(([name, content]) => `<meta name="${name}" content="${content}">`)
        .join(''),
    )?.submitted;

  it('takes citation_date over a first-of-January placeholder in citation_publication_date', () => {
    expect(dated({ citation_publication_date: '2020/01/01', citation_date: '2020/03/27' })).toBe(
      '2020-03-27',
    );
  });

  it('takes a real day over a first-of-the-month placeholder', () => {
    expect(dated({ citation_publication_date: '2019/06/01', citation_online_date: '2019/06/17' })).toBe(
      '2019-06-17',
    );
  });

  it('takes a day over a year or a month alone, when they agree', () => {
    expect(dated({ citation_publication_date: '2020', citation_date: '2020/03/27' })).toBe('2020-03-27');
    expect(dated({ citation_publication_date: '2020/3', 'DC.date': '2020-03-27' })).toBe('2020-03-27');
  });

  it('keeps the publication date when it is a real day, or when the others disagree with it', () => {
    expect(dated({ citation_publication_date: '2020/05/04', citation_date: '2020/03/27' })).toBe(
      '2020-05-04',
    );
    expect(dated({ citation_publication_date: '2021/01/01', citation_online_date: '2020/12/15' })).toBe(
      '2021-01-01',
    );
  });

  it('keeps a year or a month alone, and nothing from what is no date', () => {
    expect(dated({ citation_publication_date: '2022' })).toBe('2022');
    expect(dated({ citation_date: '2019/6' })).toBe('2019-06');
    expect(dated({ citation_date: '2019/13' })).toBeUndefined();
    expect(dated({ citation_date: 'soon' })).toBeUndefined();
  });
});
