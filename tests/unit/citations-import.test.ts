import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CitationFileError, detectCitationFormat, NO_ID, parseCitations } from '@/lib/citations';
import { mergePaper } from '@/lib/merge';
import type { Paper } from '@/lib/paper';

const FIXTURES = new URL('../fixtures/citations/', import.meta.url);
const read = (name: string) => readFileSync(new URL(name, FIXTURES), 'utf8');
const SOURCES = read('SOURCES.md');

/** SOURCES.md's summary table: file, records, arXiv (only / + DOI), DOI only, neither. */
const table = [
  ...SOURCES.matchAll(
    /^\| (\S+\.(?:bib|ris)) \|[^|]+\| (\d+)[^|]*\| (\d+) \((\d+) \/ (\d+)\) \| (\d+) \| (\d+) \|/gm,
  ),
].map(([, file, records, arxiv, arxivOnly, arxivDoi, doiOnly, neither]) => ({
  file: file as string,
  records: Number(records),
  arxiv: Number(arxiv),
  arxivOnly: Number(arxivOnly),
  arxivDoi: Number(arxivDoi),
  doiOnly: Number(doiOnly),
  neither: Number(neither),
}));

/** A BibTeX field of the entry `key` as the file writes it on one line, or undefined. */
function bibField(text: string, key: string, field: string): string | undefined {
  const start = text.search(new RegExp(`^@\\w+\\{${key},`, 'm'));
  if (start === -1) throw new Error(`no entry ${key}`);
  const end = text.indexOf('\n}', start);
  const entry = text.slice(start, end);
  return new RegExp(`^\\s*${field}\\s*=\\s*\\{(.*)\\},?$`, 'mi').exec(entry)?.[1];
}
const unbraced = (text: string | undefined) => text?.replace(/[{}]/g, '');

function byId(papers: Paper[], id: string): Paper {
  const paper = papers.find((p) => p.id === id);
  if (!paper) throw new Error(`no paper ${id}`);
  return paper;
}

describe('the shared exports', () => {
  it('are the files SOURCES.md describes, byte for byte', () => {
    expect(table.map((row) => row.file).sort()).toEqual([
      'jabref-argument-mining-2020.bib',
      'zotero-betterbibtex-astro-2025.bib',
      'zotero-bibtex-nli-qa-2022.bib',
      'zotero-bibtex-nowcasting-2022.bib',
      'zotero-ris-graph-learning-2025.ris',
    ]);
    for (const { file } of table) {
      const sha = createHash('sha256')
        .update(readFileSync(new URL(file, FIXTURES)))
        .digest('hex');
      expect(SOURCES).toContain(`| SHA-256 | ${sha} |`);
    }
  });

  it.each(table)('$file: as many arXiv, DOI and skipped records as SOURCES.md counts', (row) => {
    const text = read(row.file);
    expect(detectCitationFormat(text)).toBe(row.file.endsWith('.ris') ? 'ris' : 'bibtex');
    const { papers, skipped, duplicates } = parseCitations(text, row.file);
    // A record the file holds twice is one paper: count records, each duplicate under its paper's kind.
    const records = (prefix: string, withDoi?: boolean) =>
      [...papers, ...duplicates.map((dup) => byId(papers, dup.id))].filter(
        (paper) => paper.id.startsWith(prefix) && (withDoi === undefined || Boolean(paper.doi) === withDoi),
      ).length;
    expect(records('arxiv:')).toBe(row.arxiv);
    expect(records('arxiv:', false)).toBe(row.arxivOnly);
    expect(records('arxiv:', true)).toBe(row.arxivDoi);
    expect(records('doi:')).toBe(row.doiOnly);
    expect(skipped).toHaveLength(row.neither);
    for (const skip of skipped) expect(skip.reason).toBe(NO_ID);
    expect(papers.length + duplicates.length + skipped.length).toBe(row.records);
    for (const paper of papers) {
      expect(paper.source.kind).toBe('citation-file');
      expect(paper.title).toBeTruthy();
      if (paper.arxivId) expect(paper.id).toBe(`arxiv:${paper.arxivId}`);
      else expect(paper.id).toBe(`doi:${paper.doi?.toLowerCase()}`);
      expect(paper.doi ?? '').not.toMatch(/^10\.48550\//i);
    }
  });
});

describe('records read field by field', () => {
  it('Zotero BibTeX: a preprint by URL and note, twice in the file, merged into one', () => {
    const file = 'zotero-bibtex-nowcasting-2022.bib';
    const text = read(file);
    const { papers, duplicates } = parseCitations(text, file);
    const paper = byId(papers, 'arxiv:2006.08195');
    expect(duplicates).toContainEqual({ entry: 'ziyin_neural_2020-1', id: 'arxiv:2006.08195' });
    expect(bibField(text, 'ziyin_neural_2020', 'url')).toBe('http://arxiv.org/abs/2006.08195');
    expect(paper.title).toBe(unbraced(bibField(text, 'ziyin_neural_2020', 'title')));
    expect(paper.abstract).toBe(bibField(text, 'ziyin_neural_2020', 'abstract'));
    // author = {Ziyin, Liu and Hartwig, Tilman and Ueda, Masahito}, month = oct, year = {2020}
    expect(bibField(text, 'ziyin_neural_2020', 'author')).toBe(
      'Ziyin, Liu and Hartwig, Tilman and Ueda, Masahito',
    );
    expect(paper.authors).toEqual(['Liu Ziyin', 'Tilman Hartwig', 'Masahito Ueda']);
    expect(paper.submitted).toBe('2020-10');
    expect(paper).toMatchObject({
      arxivId: '2006.08195',
      absUrl: 'https://arxiv.org/abs/2006.08195',
      pdfUrl: 'https://arxiv.org/pdf/2006.08195',
      source: { site: 'arxiv', kind: 'citation-file', url: 'https://arxiv.org/abs/2006.08195' },
    });
    expect(paper.doi).toBeUndefined();
    expect(paper.journalRef).toBeUndefined();
  });

  it("Zotero BibTeX: a report with arXiv's DOI and number", () => {
    const file = 'zotero-bibtex-nli-qa-2022.bib';
    const text = read(file);
    const paper = byId(parseCitations(text, file).papers, 'arxiv:1809.02922');
    expect(bibField(text, 'demszky_transforming_2018', 'doi')).toBe('10.48550/arXiv.1809.02922');
    expect(paper.doi).toBeUndefined();
    expect(paper.title).toBe(unbraced(bibField(text, 'demszky_transforming_2018', 'title')));
    expect(paper.authors).toEqual(['Dorottya Demszky', 'Kelvin Guu', 'Percy Liang']);
    expect(paper.submitted).toBe('2018-09');
  });

  it('JabRef: eprint with a version, eprintclass, publisher DOI; LaTeX accents in names', () => {
    const file = 'jabref-argument-mining-2020.bib';
    const text = read(file);
    const { papers } = parseCitations(text, file);
    const paper = byId(papers, 'arxiv:1804.04083');
    expect(bibField(text, 'schulz2018multi', 'eprint')).toBe('1804.04083v3');
    expect(paper.version).toBe(3);
    expect(paper.primaryCategory).toBe(bibField(text, 'schulz2018multi', 'eprintclass'));
    expect(paper.doi).toBe(bibField(text, 'schulz2018multi', 'doi'));
    expect(paper.title).toBe(bibField(text, 'schulz2018multi', 'title'));
    expect(paper.abstract).toBe(bibField(text, 'schulz2018multi', 'abstract'));
    expect(paper.submitted).toBe(bibField(text, 'schulz2018multi', 'date'));
    expect(paper.authors).toEqual(bibField(text, 'schulz2018multi', 'author')?.split(' and '));

    // Google Scholar style: journal = {arXiv preprint arXiv:1704.06104}, plus a publisher DOI.
    const eger = byId(papers, 'arxiv:1704.06104');
    expect(bibField(text, 'eger2017neural', 'journal')).toBe('arXiv preprint arXiv:1704.06104');
    expect(eger.doi).toBe(bibField(text, 'eger2017neural', 'doi'));
    expect(eger.journalRef).toBeUndefined();

    // author = {Steenbergen, Marco R and B{\"a}chtiger, Andr{\'e} and Sp{\"o}rndli, Markus and Steiner, J{\"u}rg}
    const steenbergen = papers.find((p) => p.authors?.[0] === 'Marco R Steenbergen');
    expect(steenbergen?.authors).toEqual([
      'Marco R Steenbergen',
      'André Bächtiger',
      'Markus Spörndli',
      'Jürg Steiner',
    ]);
    // M{\`a}rquez, Llu{\'\i}s: the dotless i with its accent is one letter.
    expect(papers.some((p) => p.authors?.includes('Lluís Màrquez'))).toBe(true);
  });

  it('Better BibTeX: math and case braces in the title, particles and suffixes in names, old-style eprint', () => {
    const file = 'zotero-betterbibtex-astro-2025.bib';
    const text = read(file);
    const { papers } = parseCitations(text, file);
    const lee = byId(papers, 'doi:10.1088/0004-637x/706/1/599');
    // title = {Comparison of {{H$\alpha$}} and {{UV Star Formation Rates}} in the {{Local Volume}}: ...}
    expect(lee.title).toBe(
      'Comparison of Hα and UV Star Formation Rates in the Local Volume: Systematic Discrepancies for Dwarf Galaxies',
    );
    expect(lee.doi).toBe(bibField(text, 'leeComparisonHaUV2009', 'doi'));
    // author = {Lee, Janice C. and {Gil de Paz}, Armando and ... Kennicutt, Jr., Robert C. ... {van Zee}, Liese ...}
    expect(lee.authors?.slice(0, 4)).toEqual([
      'Janice C. Lee',
      'Armando Gil de Paz',
      'Christy Tremonti',
      'Robert C. Kennicutt Jr.',
    ]);
    expect(lee.authors).toContain('Liese van Zee');
    expect(lee.journalRef).toBe('The Astrophysical Journal 706, 599-613');
    expect(lee.submitted).toBe('2009-11');

    const hogg = byId(papers, 'arxiv:astro-ph/9905116');
    expect(hogg.absUrl).toBe('https://arxiv.org/abs/astro-ph/9905116');
    expect(hogg.doi).toBeUndefined();
  });

  it('Zotero RIS: a preprint with comments, and an article known to arXiv only by its PDF link', () => {
    const file = 'zotero-ris-graph-learning-2025.ris';
    const text = read(file);
    const { papers, duplicates } = parseCitations(text, file);
    const record = (title: string) => {
      const at = text.indexOf(`TI  - ${title}`);
      const start = text.lastIndexOf('TY  - ', at);
      const lines = text.slice(start, text.indexOf('ER  -', at)).split('\r\n');
      return (tag: string) => lines.filter((l) => l.startsWith(`${tag}  - `)).map((l) => l.slice(6));
    };
    const kuramoto = record('Communities in the Kuramoto Model');
    const paper = byId(papers, 'arxiv:2503.17546');
    expect(kuramoto('DO')).toEqual(['10.48550/arXiv.2503.17546']);
    expect(paper.title).toBe(kuramoto('TI')[0]);
    expect(paper.abstract).toBe(kuramoto('AB')[0]);
    expect(paper.authors).toEqual(kuramoto('AU').map((name) => name.split(', ').reverse().join(' ')));
    expect(paper.submitted).toBe(kuramoto('DA')[0]?.replace(/\/$/, '').replace(/\//g, '-'));
    expect(kuramoto('N1')[0]).toMatch(/^Comment: /);
    expect(paper.comments).toBe(kuramoto('N1')[0]?.replace(/^Comment: /, ''));

    const heat = record('Learning Heat Diffusion Graphs');
    expect(heat('L1')).toEqual(['https://arxiv.org/pdf/1611.01456']);
    const thanou = byId(papers, 'arxiv:1611.01456');
    expect(thanou.doi).toBe(heat('DO')[0]);
    expect(thanou.journalRef).toMatch(new RegExp(`^${heat('T2')[0]} ${heat('VL')[0]}`));
    expect(duplicates.map((dup) => dup.id)).toEqual(['arxiv:1611.01456']);
  });
});

describe('files that are not a library', () => {
  it('an empty or blank file is an error that says so', () => {
    expect(() => parseCitations('', 'library.bib')).toThrow(CitationFileError);
    expect(() => parseCitations('', 'library.bib')).toThrow('"library.bib" is empty');
    expect(() => parseCitations(' \n\t\r\n')).toThrow('The file is empty');
  });

  it('garbage is an error naming both formats', () => {
    expect(() => parseCitations('just some notes\nnot a bibliography', 'notes.bib')).toThrow(
      /"notes\.bib" is neither BibTeX .* nor RIS/,
    );
    expect(() => parseCitations('\u0000\u0001\u00ff binary')).toThrow(CitationFileError);
    expect(() => parseCitations('{"id": "2401.12345"}')).toThrow(CitationFileError);
  });

  it('a truncated entry is skipped with the parser words; the others are read', () => {
    const text = [
      '@misc{good, title = {A Good Entry}, eprint = {2401.12345}, archivePrefix = {arXiv}}',
      '@article{broken, title = {Cut in the midd',
      '@misc{also, title = {Also Good}, doi = {10.1000/xyz}}',
      '@misc{cut, title = {The end is missing}, doi = {10.1000/abc',
    ].join('\n');
    const { papers, skipped } = parseCitations(text, 'cut.bib');
    expect(papers.map((p) => p.id)).toEqual(['arxiv:2401.12345', 'doi:10.1000/xyz']);
    expect(skipped.map((s) => s.entry)).toEqual(['broken', 'cut']);
    for (const skip of skipped)
      expect(skip.reason).toMatch(/^not readable as BibTeX \(entry starting at line \d\): \S/);
    expect(skipped[0]?.reason).toContain('line 2');
  });

  it('@string macros still apply when an entry is broken', () => {
    const text =
      '@string{jr = {Journal of Results}}\n@article{a, title = {T}, journal = jr, doi = {10.1000/a}}\n@misc{b,';
    const { papers, skipped } = parseCitations(text);
    expect(papers[0]?.journalRef).toBe('Journal of Results');
    expect(skipped.map((s) => s.entry)).toEqual(['b']);
  });

  it('a file with only comments has no papers and skips nothing', () => {
    expect(parseCitations('% Encoding: UTF-8\n@Comment{jabref-meta: databaseType:bibtex;}\n')).toEqual({
      papers: [],
      skipped: [],
      duplicates: [],
    });
  });

  it('RIS without ER lines, or with a record that has no id', () => {
    const { papers, skipped } = parseCitations(
      'TY  - JOUR\r\nTI  - One\r\nDO  - 10.1000/one\r\nTY  - GEN\r\nTI  - Two\r\nUR  - https://example.org/two\r\n',
    );
    expect(papers.map((p) => p.id)).toEqual(['doi:10.1000/one']);
    expect(skipped).toEqual([{ entry: '"Two" (record 2)', reason: NO_ID }]);
  });

  it('is read by its content, whatever its name says', () => {
    const ris = 'TY  - GEN\nTI  - A preprint\nUR  - https://arxiv.org/abs/2401.00002v2\nER  - \n';
    expect(detectCitationFormat(ris, 'mislabelled.bib')).toBe('ris');
    const { papers } = parseCitations(ris, 'mislabelled.bib');
    expect(papers[0]).toMatchObject({ id: 'arxiv:2401.00002', version: 2, title: 'A preprint' });
    const bib = '\uFEFF@misc{x, title = {B}, url = {https://arxiv.org/pdf/2401.00003}}';
    expect(parseCitations(bib, 'export.ris').papers[0]?.id).toBe('arxiv:2401.00003');
  });

  it('an eprint of another archive is not an arXiv id', () => {
    const { papers, skipped } = parseCitations(
      '@article{p, title = {P}, eprint = {12345678}, eprinttype = {pubmed}}',
    );
    expect(papers).toEqual([]);
    expect(skipped).toEqual([{ entry: 'p', reason: NO_ID }]);
  });
});

describe('trust', () => {
  it('an imported record only fills what a page left empty', () => {
    const page: Paper = {
      id: 'arxiv:2401.12345',
      arxivId: '2401.12345',
      title: 'The Title on arXiv',
      source: { site: 'arxiv', kind: 'arxiv-list', url: 'https://arxiv.org/list/cs.CL/new' },
    };
    const [imported] = parseCitations(
      '@misc{k, title = {A Stale Title}, eprint = {2401.12345}, archivePrefix = {arXiv}, doi = {10.1000/x}}',
    ).papers;
    const merged = mergePaper(page, imported as Paper);
    expect(merged.title).toBe('The Title on arXiv');
    expect(merged.doi).toBe('10.1000/x');
    expect(merged.source.kind).toBe('arxiv-list');
  });
});
