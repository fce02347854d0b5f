/**
 * Authors of arXiv HTML full texts (LaTeXML author blocks), each alone, in order, without affiliations or e-mails.
 * The 2510.* pages are real (tests/fixtures/arxiv-html/SOURCES.md); the names expected are read off their author
 * blocks. The BUILT-latexml-0.8.7-* pages are LaTeXML's own output for the `\author` styles no real capture has
 * (their TeX is in SOURCES.md): the names expected are the ones their `\author` writes.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractArxivHtml } from '../../lib/extract/arxiv-html';
import { parseHtml } from '../../lib/node/parse-html';

const authorsOf = (file: string, url = 'https://arxiv.org/html/2501.00001v1') =>
  extractArxivHtml(parseHtml(readFileSync(`tests/fixtures/arxiv-html/${file}`, 'utf8')), url)[0]?.authors;

describe('arXiv HTML authors on real pages', () => {
  it('splits four authors joined by "<br>&" in one personname, dropping affiliations, e-mails and the ∗ mark', () => {
    expect(
      authorsOf(
        '2510.14970v1-one-personname-4-authors-ampersand-emails.html',
        'https://arxiv.org/html/2510.14970v1',
      ),
    ).toEqual(['Katiana Kontolati', 'Rini Jasmine Gladstone', 'Ian W. Davis', 'Ethan Pickering']);
  });

  it('splits seven authors joined by "&" after a plain newline, affiliation lines repeated between them', () => {
    expect(
      authorsOf(
        '2510.13726v1-one-personname-7-authors-ampersand-without-br.html',
        'https://arxiv.org/html/2510.13726v1',
      ),
    ).toEqual([
      'Adrian Kummerländer',
      'Shota Ito',
      'Maximilian Schecher',
      'Davide Dapelo',
      'Stephan Simonis',
      'Mathias J. Krause',
      'Fedor Bukreev',
    ]);
  });

  it('keeps an "&" that ends an affiliation line in it, and reads authors over two creators in order', () => {
    expect(
      authorsOf(
        '2510.14961v1-ampersand-in-affiliation-and-split-creators.html',
        'https://arxiv.org/html/2510.14961v1',
      ),
    ).toEqual(['Jonas Geiping', 'Xinyu Yang', 'Guinan Su']);
  });

  it('still reads one creator per author, their notes (affiliations, e-mails) left out', () => {
    expect(
      authorsOf('2510.14797v1-contrast-one-creator-per-author.html', 'https://arxiv.org/html/2510.14797v1'),
    ).toEqual([
      'Teng Man',
      'Yimin Lu',
      'Zhongrong Wang',
      'Herbert Huppert',
      'Alessio Zaccone',
      'Honglei Sun',
    ]);
  });
});

describe('arXiv HTML authors in the other \\author styles (LaTeXML 0.8.7 output)', () => {
  const THREE = ['José García-López', 'Mary-Jane O’Neil', 'Yann LeCun'];

  it.each([
    ["IEEEtran's \\IEEEauthorblockN (affiliation and e-mail in the author's notes)", 'ieeetran-authorblockn'],
    ["acmart's \\author per person, with \\email, \\affiliation and \\authornote", 'acmart-per-person'],
  ])('reads %s', (_style, name) => {
    expect(authorsOf(`BUILT-latexml-0.8.7-${name}.html`)).toEqual(THREE);
  });

  it('reads \\and of the article class, with "A, B and C" in one \\author', () => {
    expect(authorsOf('BUILT-latexml-0.8.7-article-and.html')).toEqual([
      ...THREE,
      'A. B. Smith',
      'Carol White',
    ]);
  });

  it('reads \\And as "&Name" and an empty \\AND as the name after an e-mail, keeping "Lab B & Partners" whole', () => {
    expect(authorsOf('BUILT-latexml-0.8.7-neurips-and-AND.html')).toEqual([...THREE, 'A. B. Smith']);
  });

  it('reads an undefined \\And and \\AND (error spans), and "A \\& B" on one line', () => {
    expect(authorsOf('BUILT-latexml-0.8.7-iclr-undefined-and.html')).toEqual([...THREE, 'A. B. Smith']);
  });

  it('reads names one line holds set apart by \\quad, $\\cdot$, a middle dot or \\hspace, their ORCID iDs left out', () => {
    expect(authorsOf('BUILT-latexml-0.8.7-one-line-quad-cdot-orcid.html')).toEqual([
      ...THREE,
      'A. B. Smith',
      'Carol White',
      'Dan Brown',
      'Eve Black',
    ]);
  });
});

describe('arXiv HTML authors in tabulars (LaTeXML 0.8.7 output)', () => {
  it('reads a name per column of the first row, a tabular per author, and an affiliation tabular after a name', () => {
    expect(authorsOf('BUILT-latexml-0.8.7-tabular-authors.html')).toEqual([
      'José García-López',
      'Mary-Jane O’Neil',
      'Yann LeCun',
      'A. B. Smith',
      'Carol White',
      'Dan Brown',
    ]);
  });
});

describe('arXiv HTML authors: what is not a name', () => {
  const block = (personname: string) =>
    authorsOf2(`<h1 class="ltx_title ltx_title_document">T</h1><div class="ltx_authors">
      <span class="ltx_creator ltx_role_author"><span class="ltx_personname">${personname}</span></span></div>`);
  const authorsOf2 = (body: string) =>
    extractArxivHtml(parseHtml(`<html><body>${body}</body></html>`), 'https://arxiv.org/html/2501.00001v1')[0]
      ?.authors;

  it('takes no e-mail list, label or web address for a name', () => {
    expect(
      block(
        'Ann Lee<br class="ltx_break"><span class="ltx_text ltx_font_typewriter">ann@x.org</span> Email: ann@x.org, http://x.org',
      ),
    ).toEqual(['Ann Lee']);
  });

  it('keeps "R&D" and "A & B" of an affiliation line out of the names', () => {
    expect(
      block('Ann Lee<br class="ltx_break">R&amp;D Lab &amp; Partners<br class="ltx_break">&amp;Bo Chen'),
    ).toEqual(['Ann Lee', 'Bo Chen']);
  });
});
