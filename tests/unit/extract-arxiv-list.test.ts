/**
 * arXiv listing pages. The saved /new page (tests/fixtures/arxiv-list, a byte copy of the shared fixture) is
 * TRUNCATED after its third entry, with no closing tags; expectations were read off the page by hand.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractArxivList } from '../../lib/extract/arxiv-list';
import { parseHtml } from '../../lib/node/parse-html';

const NEW_PAGE = readFileSync(
  'tests/fixtures/arxiv-list/cond-mat.mtrl-sci-new-2026-09-22-TRUNCATED-first3.html',
  'utf8',
);
const NEW_URL = 'https://arxiv.org/list/cond-mat.mtrl-sci/new';

describe('extractArxivList on the truncated 2026-09-22 cond-mat.mtrl-sci /new page', () => {
  const papers = extractArxivList(parseHtml(NEW_PAGE), NEW_URL);

  it('gives exactly the 3 entries the page holds, in order', () => {
    expect(papers.map((p) => p.id)).toEqual(['arxiv:2609.22268', 'arxiv:2609.22287', 'arxiv:2609.22341']);
  });

  it('reads entry [1] in full', () => {
    expect(papers[0]).toMatchObject({
      arxivId: '2609.22268',
      title: 'Efficient spectral Galerkin framework for nonlinear transient heat transfer in finite domains',
      authors: ['Théo Andrieux', 'Andreas Ntinos', 'Manas V. Upadhyay'],
      comments: 'preprint, 30 pages, 1 algorithm, 1 link to source code, 15 figures, 3 tables',
      primaryCategory: 'cond-mat.mtrl-sci',
      categories: ['cond-mat.mtrl-sci'],
      pdfUrl: 'https://arxiv.org/pdf/2609.22268',
      absUrl: 'https://arxiv.org/abs/2609.22268',
      source: { site: 'arxiv', kind: 'arxiv-list', url: NEW_URL },
    });
    expect(papers[0]?.abstract).toMatch(/^Accurately modelling the temporal evolution of heterogeneous/);
    expect(papers[0]?.abstract).toMatch(/available at this https URL under the Apache 2\.0 license\.$/);
    expect(papers[0]?.links?.map((link) => link.url)).toContain(
      'https://github.com/manasvupadhyay/spectral_galerkin_heat',
    );
  });

  it('reads entries [2] and [3]', () => {
    expect(papers[1]).toMatchObject({
      title: 'Predicting energy and structural response to force correction in molecular dynamics',
      comments: '18 pages, 3 figures',
    });
    expect(papers[1]?.authors).toHaveLength(10);
    expect(papers[1]?.authors?.[0]).toBe('Peng Kang');
    expect(papers[1]?.authors?.at(-1)).toBe('Li-Dong Zhao');
    expect(papers[2]).toMatchObject({
      title:
        'NTBuilder: Commensurate Construction of Nanotubes from Arbitrary Two-Dimensional Crystals and a Catalog of 20 Million Structures',
      authors: ['Marcelo Lopes Pereira Junior'],
      comments: '24 pages and 12 figures',
    });
    // LaTeX kept as written.
    expect(papers[2]?.abstract).toContain('implement it in \\ntbuilder{} (NanoTube Builder)');
    expect(papers[2]?.abstract).toContain('57.1\\% show no bond change');
  });

  it('never guesses what a listing does not say (no version, dates or DOI)', () => {
    for (const paper of papers) {
      expect(paper.version).toBeUndefined();
      expect(paper.submitted).toBeUndefined();
      expect(paper.doi).toBeUndefined();
      expect(paper.journalRef).toBeUndefined();
    }
  });
});

describe('extractArxivList on other listing shapes', () => {
  it('gives no abstract on /recent pages, where entries have none', () => {
    const recent = NEW_PAGE.replace(/<p class='mathjax'>[\s\S]*?<\/p>/g, '');
    const papers = extractArxivList(parseHtml(recent), 'https://arxiv.org/list/cond-mat.mtrl-sci/recent');
    expect(papers).toHaveLength(3);
    expect(papers.every((paper) => paper.abstract === undefined)).toBe(true);
  });

  it('reads a journal-ref, a cross-listed entry and an old-style id (hand-made entry)', () => {
    const html = `<div id="dlpage"><dl>
      <dt><a name="item9">[9]</a> <a href="/abs/hep-th/9901001" title="Abstract">arXiv:hep-th/9901001</a>
        (cross-list from gr-qc) [<a href="/pdf/hep-th/9901001" title="Download PDF">pdf</a>]</dt>
      <dd><div class="meta">
        <div class="list-title mathjax"><span class="descriptor">Title:</span> Strings on $AdS_5$</div>
        <div class="list-authors"><a href="/a/doe_j_1">Jane Doe</a>, <a href="/a/roe_r_1">Rick Roe</a></div>
        <div class="list-journal-ref"><span class="descriptor">Journal-ref:</span> Phys. Lett. B 450 (1999) 1</div>
        <div class="list-subjects"><span class="descriptor">Subjects:</span>
          General Relativity and Quantum Cosmology (gr-qc); <span class="primary-subject">High Energy Physics - Theory (hep-th)</span></div>
      </div></dd></dl></div>`;
    const [paper] = extractArxivList(parseHtml(html), 'https://arxiv.org/catchup/hep-th/2026-09-21');
    expect(paper).toMatchObject({
      id: 'arxiv:hep-th/9901001',
      title: 'Strings on $AdS_5$',
      authors: ['Jane Doe', 'Rick Roe'],
      journalRef: 'Phys. Lett. B 450 (1999) 1',
      primaryCategory: 'hep-th',
      categories: ['hep-th', 'gr-qc'],
    });
  });

  it('keeps the TeX of a live page after MathJax 2 rendered it', () => {
    const rendered = (tex: string, type = 'math/tex') =>
      `<span class="MathJax_Preview"></span><span class="MathJax" id="MathJax-Element-1-Frame"><nobr><span class="math">` +
      `<span class="mi">k</span><span class="mo">≥</span><span class="mn">2</span></span></nobr></span>` +
      `<script type="${type}" id="MathJax-Element-1">${tex}</script>`;
    const html = NEW_PAGE.replace(
      'We express the size',
      `With ${rendered('k \\geq 2')} and ${rendered('x^2', 'math/tex; mode=display')} we express the size`,
    );
    const paper = extractArxivList(parseHtml(html), NEW_URL)[2];
    expect(paper?.abstract).toContain('With $k \\geq 2$ and $$x^2$$ we express the size');
  });

  it('gives [] for a page without a listing', () => {
    const html = '<html><body><h1>No new submissions</h1></body></html>';
    expect(extractArxivList(parseHtml(html), NEW_URL)).toEqual([]);
  });
});
