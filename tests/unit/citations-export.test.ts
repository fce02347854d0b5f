import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  asciiFold,
  citationKeys,
  joinName,
  parseCitations,
  splitName,
  toBibtex,
  toCslJson,
  toRis,
} from '@/lib/citations';
import { plugins } from '@/lib/citations/cite';
import type { StoredPaper } from '@/lib/db';
import type { Paper } from '@/lib/paper';
import { paperFromLine } from '@/lib/reading-list';

const FIXTURES = new URL('../fixtures/citations/', import.meta.url);

const stored = (paper: Paper): StoredPaper => ({
  ...paper,
  savedAt: 1,
  changedAt: 1,
  tags: [],
  readState: 'unread',
  starred: false,
});

/** Real arXiv records (lines of the shared daily-cs dataset), as a reading-list import makes them. */
const realPapers: StoredPaper[] = readFileSync(new URL('arxiv-daily-cs-2025-sample.jsonl', FIXTURES), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((line, i) => stored(paperFromLine(line, i + 1)));

const arxiv = (arxivId: string, fields: Partial<Paper>): StoredPaper =>
  stored({
    id: `arxiv:${arxivId}`,
    arxivId,
    absUrl: `https://arxiv.org/abs/${arxivId}`,
    pdfUrl: `https://arxiv.org/pdf/${arxivId}`,
    source: { site: 'arxiv', kind: 'arxiv-abs', url: `https://arxiv.org/abs/${arxivId}` },
    ...fields,
  });

/** Titles and names that break naive BibTeX: every LaTeX special, math, accents, particles, organisations. */
const hostilePapers: StoredPaper[] = [
  arxiv('1706.03762', {
    title: 'Attention Is All You Need',
    authors: ['Ashish Vaswani', 'Noam Shazeer', 'Niki Parmar'],
    submitted: '2017-06-12',
    primaryCategory: 'cs.CL',
    categories: ['cs.CL', 'cs.LG'],
    abstract:
      'The dominant sequence transduction models are based on complex recurrent or convolutional networks.',
    comments: '15 pages, 5 figures',
  }),
  arxiv('2401.00001', {
    title: 'Sorting in $\\mathcal{O}(n \\log n)$: 100% of R&D_cases #1 {braces} ~ ^ \\ -- the $5 question',
    authors: [
      'Jean-Bernard Zuber',
      'Johannes van der Waals',
      'Charles de la Vallée Poussin',
      'ATLAS Collaboration',
    ],
    submitted: '2024-01-02',
    primaryCategory: 'hep-th',
    abstract: 'We show $x_1 < x_2$ & 50% of {all} cases_with #tags, at a cost of $\\sim 3$ \\%.',
  }),
  arxiv('hep-th/9901001', {
    title: 'Müller, Østergaard and Łukasiewicz: über Ærø and “quotes”',
    authors: ['Thomas Müller', 'Søren Østergaard', 'Aristotle', 'Hal Daumé III'],
    submitted: '1999-01',
    primaryCategory: 'hep-th',
    doi: '10.1103/PhysRevD.60.123456',
    journalRef: 'Phys. Rev. D 60, 123456 (1999)',
  }),
  stored({
    id: 'doi:10.1145/3366423.3380211',
    doi: '10.1145/3366423.3380211',
    title: 'the lowercase title of a published paper',
    authors: ['Ada Lovelace'],
    submitted: '2020',
    source: { site: 'web', kind: 'citation-meta', url: 'https://dl.acm.org/doi/10.1145/3366423.3380211' },
  }),
  // Same first author, year and first word as the first paper: its key gets a suffix.
  arxiv('1706.99999', { title: 'Attention, again', authors: ['A. Vaswani'], submitted: '2017-07-01' }),
];

const papers = [...realPapers, ...hostilePapers];

const pandoc = spawnSync('pandoc', ['--version'], { encoding: 'utf8' });
const hasPandoc = pandoc.status === 0;
if (!hasPandoc) {
  console.warn('pandoc is not installed: the pandoc round trips of citations-export.test.ts are skipped.');
}

interface CslOut {
  id: string;
  title?: string;
  author?: { family?: string; given?: string; literal?: string }[];
  DOI?: string;
  URL?: string;
  abstract?: string;
  issued?: { 'date-parts': number[][] };
}

function pandocCsl(from: 'bibtex' | 'csljson', input: string): CslOut[] {
  const result = spawnSync('pandoc', ['-f', from, '-t', 'csljson'], { input, encoding: 'utf8' });
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  return JSON.parse(result.stdout) as CslOut[];
}

// pandoc reads a straight apostrophe in BibTeX as a typographic one: the same text.
const typographic = (text: string) => text.replace(/'/g, '’');
const familyOf = (name: string) => {
  const split = splitName(name);
  return split?.family ?? split?.literal;
};

describe('names', () => {
  it.each([
    ['Ashish Vaswani', { given: 'Ashish', family: 'Vaswani' }],
    ['Jean-Bernard Zuber', { given: 'Jean-Bernard', family: 'Zuber' }],
    ['Johannes van der Waals', { given: 'Johannes', family: 'Waals', 'non-dropping-particle': 'van der' }],
    [
      'Charles de la Vallée Poussin',
      { given: 'Charles', family: 'Vallée Poussin', 'non-dropping-particle': 'de la' },
    ],
    ['Fernando De la Torre', { given: 'Fernando', family: 'Torre', 'non-dropping-particle': 'De la' }],
    ['Wil M. P. van der Aalst', { given: 'Wil M. P.', family: 'Aalst', 'non-dropping-particle': 'van der' }],
    ['Hal Daumé III', { given: 'Hal', family: 'Daumé', suffix: 'III' }],
    ['Roberto M. Cesar Jr.', { given: 'Roberto M.', family: 'Cesar', suffix: 'Jr.' }],
    ['Vaswani, Ashish', { given: 'Ashish', family: 'Vaswani' }],
    ['Aristotle', { literal: 'Aristotle' }],
    ['ATLAS Collaboration', { literal: 'ATLAS Collaboration' }],
    ['Aether Team', { literal: 'Aether Team' }],
    ['Google DeepMind', { literal: 'Google DeepMind' }],
  ])('%s', (name, csl) => {
    expect(splitName(name)).toEqual(csl);
    if (!name.includes(',')) expect(joinName(csl)).toBe(name);
  });

  it('drops blank names and folds to ASCII for keys', () => {
    expect(splitName('  ')).toBeUndefined();
    expect(asciiFold('Müller')).toBe('muller');
    expect(asciiFold('Østergaard-Łukasiewicz')).toBe('ostergaardlukasiewicz');
    expect(asciiFold('Daumé')).toBe('daume');
  });
});

describe('citation keys', () => {
  it('are family name, year and first significant title word, ASCII, with a, b for clashes', () => {
    const keys = citationKeys(hostilePapers);
    expect(keys).toEqual([
      'vaswani2017attention',
      'zuber2024sorting',
      'muller1999muller',
      'lovelace2020lowercase',
      'vaswani2017attentiona',
    ]);
    const three = citationKeys([hostilePapers[0], hostilePapers[0], hostilePapers[0]] as Paper[]);
    expect(three).toEqual(['vaswani2017attention', 'vaswani2017attentiona', 'vaswani2017attentionb']);
  });

  it('are unique over the whole export', () => {
    const keys = citationKeys(papers);
    expect(new Set(keys).size).toBe(papers.length);
    for (const key of keys) expect(key).toMatch(/^[a-z0-9]+$/);
  });
});

describe('BibTeX', () => {
  const bibtex = toBibtex(papers);

  it('has one entry per paper, @misc for preprints and @article for published papers, with arXiv fields', () => {
    // citation-js's own BibTeX reader: the fields as written, eprint & co. included (pandoc has no CSL for them).
    const entries = plugins.input.chainLink(bibtex) as {
      type: string;
      label: string;
      properties: Record<string, string>;
    }[];
    expect(entries).toHaveLength(papers.length);
    const keys = citationKeys(papers);
    entries.forEach((entry, i) => {
      const paper = papers[i] as Paper;
      expect(entry.label).toBe(keys[i]);
      expect(entry.type).toBe(paper.doi || paper.journalRef ? 'article' : 'misc');
      const fields = Object.fromEntries(
        Object.entries(entry.properties).map(([k, v]) => [k.toLowerCase(), v]),
      );
      expect(fields.eprint).toBe(paper.arxivId);
      expect(fields.archiveprefix).toBe(paper.arxivId ? 'arXiv' : undefined);
      expect(fields.primaryclass).toBe(paper.primaryCategory);
      expect(fields.doi).toBe(paper.doi);
      expect(fields.url).toBe(paper.absUrl ?? paper.source.url);
      expect(fields.journal).toBe(paper.journalRef);
    });
  });

  it.skipIf(!hasPandoc)(
    'reads back in pandoc: titles as the text, authors, DOI, URL, dates, abstracts',
    () => {
      const read = pandocCsl('bibtex', bibtex);
      expect(read).toHaveLength(papers.length);
      const keys = citationKeys(papers);
      read.forEach((item, i) => {
        const paper = papers[i] as Paper;
        expect(item.id).toBe(keys[i]);
        expect(item.title).toBe(typographic(paper.title ?? ''));
        expect(item.author?.map((a) => a.family ?? a.literal)).toEqual(paper.authors?.map(familyOf));
        expect(item.DOI).toBe(paper.doi);
        expect(item.URL).toBe(paper.absUrl ?? paper.source.url);
        expect(item.issued?.['date-parts'][0]?.join('-')).toBe(
          paper.submitted?.split('-').map(Number).join('-'),
        );
        if (paper.abstract) expect(item.abstract).toBe(typographic(paper.abstract));
      });
    },
  );

  it('imports back as the same papers', () => {
    const back = parseCitations(bibtex, 'export.bib');
    expect(back.skipped).toEqual([]);
    expect(back.papers.map((p) => p.id)).toEqual(papers.map((p) => p.id));
    back.papers.forEach((paper, i) => {
      const original = papers[i] as Paper;
      expect(paper.title).toBe(original.title);
      expect(paper.authors).toEqual(original.authors);
      expect(paper.doi).toBe(original.doi);
      expect(paper.primaryCategory).toBe(original.arxivId ? original.primaryCategory : undefined);
      expect(paper.submitted).toBe(original.submitted);
    });
  });

  it('is empty for no papers', () => {
    expect(toBibtex([])).toBe('');
  });
});

describe('CSL-JSON', () => {
  const json = toCslJson(papers);

  it('maps type, arXiv archive, names and date', () => {
    const items = JSON.parse(json) as Record<string, unknown>[];
    expect(items).toHaveLength(papers.length);
    const first = items[realPapers.length] as Record<string, unknown>;
    expect(first).toMatchObject({
      id: 'vaswani2017attention',
      'citation-key': 'vaswani2017attention',
      type: 'article',
      archive: 'arXiv',
      archive_location: '1706.03762',
      number: 'arXiv:1706.03762',
      publisher: 'arXiv',
      issued: { 'date-parts': [[2017, 6, 12]] },
      note: '15 pages, 5 figures',
      URL: 'https://arxiv.org/abs/1706.03762',
    });
    expect(items[realPapers.length + 2]).toMatchObject({
      type: 'article-journal',
      'container-title': 'Phys. Rev. D 60, 123456 (1999)',
      DOI: '10.1103/PhysRevD.60.123456',
      author: [
        { given: 'Thomas', family: 'Müller' },
        { given: 'Søren', family: 'Østergaard' },
        { literal: 'Aristotle' },
        { given: 'Hal', family: 'Daumé', suffix: 'III' },
      ],
    });
  });

  it.skipIf(!hasPandoc)('reads back in pandoc with the same titles, authors, DOI and URL', () => {
    const read = pandocCsl('csljson', json);
    expect(read).toHaveLength(papers.length);
    read.forEach((item, i) => {
      const paper = papers[i] as Paper;
      expect(item.title).toBe(paper.title);
      expect(item.author?.map((a) => a.family ?? a.literal)).toEqual(paper.authors?.map(familyOf));
      expect(item.DOI).toBe(paper.doi);
      expect(item.URL).toBe(paper.absUrl ?? paper.source.url);
    });
  });
});

describe('RIS', () => {
  const ris = toRis(papers);

  it('has one record per paper, one tag a line, long values unbroken', () => {
    expect(ris.match(/^TY {2}- /gm)).toHaveLength(papers.length);
    expect(ris.match(/^ER {2}- $/gm)).toHaveLength(papers.length);
    for (const line of ris.split('\r\n')) expect(line).toMatch(/^([A-Z][A-Z0-9] {2}- .*)?$/);
  });

  it('parses back with citation-js to the same fields', () => {
    const items = plugins.input.chain(ris, { generateGraph: false }) as Record<string, unknown>[];
    expect(items).toHaveLength(papers.length);
    items.forEach((item, i) => {
      const paper = papers[i] as Paper;
      expect(item.type).toBe(paper.doi || paper.journalRef ? 'article-journal' : 'document');
      expect(item.title).toBe(paper.title);
      expect(item.abstract).toBe(paper.abstract);
      expect(item.DOI).toBe(paper.doi);
      expect(item.URL).toBe(paper.absUrl ?? paper.source.url);
      const authors = item.author as { family?: string; literal?: string }[] | undefined;
      // RIS has no particle field: "van der Waals" is the family name there.
      expect(authors?.map((a) => a.family ?? a.literal)).toEqual(
        paper.authors?.map((name) => {
          const split = splitName(name);
          return (
            split?.literal ?? [split?.['non-dropping-particle'], split?.family].filter(Boolean).join(' ')
          );
        }),
      );
      const issued = (item.issued as { 'date-parts': number[][] } | undefined)?.['date-parts'][0];
      expect(issued?.join('-')).toBe(paper.submitted?.split('-').map(Number).join('-'));
    });
  });

  it('imports back as the same papers', () => {
    const back = parseCitations(ris, 'export.ris');
    expect(back.skipped).toEqual([]);
    expect(back.papers.map((p) => p.id)).toEqual(papers.map((p) => p.id));
    back.papers.forEach((paper, i) => {
      expect(paper.title).toBe(papers[i]?.title);
      expect(paper.abstract).toBe(papers[i]?.abstract);
    });
  });
});
