/**
 * The reading-list import's pure core. Expected values are read off the fixture lines (real lines copied from
 * the shared datasets), not from the code's output.
 */

import { randomBytes } from 'node:crypto';
import { existsSync, openAsBlob, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { mergePaper } from '../../lib/merge';
import type { Paper } from '../../lib/paper';
import {
  checkReadingList,
  MAX_LINE_CHARS,
  paperFromLine,
  ReadingListError,
  readingListBatches,
  readLines,
} from '../../lib/reading-list';

const fixture = (name: string): Buffer =>
  readFileSync(new URL(`../fixtures/reading-list/${name}`, import.meta.url));
const fixtureBlob = (name: string): Blob => new Blob([new Uint8Array(fixture(name))]);
const fixtureLines = (name: string): string[] => fixture(name).toString('utf8').split('\n').filter(Boolean);

/** A Blob whose stream hands out `chunkSize` bytes at a time: splits lines and characters where we want. */
function chunkedBlob(bytes: Uint8Array, chunkSize: number): Blob {
  return {
    size: bytes.byteLength,
    slice: (start?: number, end?: number) => new Blob([bytes.slice(start, end)]),
    stream: () => {
      let offset = 0;
      return new ReadableStream<Uint8Array>({
        pull(controller) {
          if (offset >= bytes.byteLength) return controller.close();
          controller.enqueue(bytes.slice(offset, offset + chunkSize));
          offset += chunkSize;
        },
      });
    },
  } as unknown as Blob;
}

/** A Blob that never ends: `chunk` again and again. Counts the bytes handed out. */
function endlessBlob(chunk: Uint8Array): { blob: Blob; handedOut: () => number } {
  let handed = 0;
  const blob = {
    size: Number.MAX_SAFE_INTEGER,
    slice: () => new Blob([chunk.slice(0, 2)]),
    stream: () =>
      new ReadableStream<Uint8Array>({
        pull(controller) {
          handed += chunk.byteLength;
          controller.enqueue(chunk);
        },
      }),
  } as unknown as Blob;
  return { blob, handedOut: () => handed };
}

async function allLines(file: Blob): Promise<{ line: string; number: number }[]> {
  const lines: { line: string; number: number }[] = [];
  for await (const line of readLines(file)) lines.push(line);
  return lines;
}

async function allPapers(file: Blob, batchSize = 1000): Promise<Paper[]> {
  const papers: Paper[] = [];
  for await (const batch of readingListBatches(file, batchSize)) papers.push(...batch);
  return papers;
}

async function errorOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}

const line = (record: Record<string, unknown>): string =>
  JSON.stringify({ id: '2501.01234', title: 'T', ...record });

describe('paperFromLine: real lines of each shared dataset', () => {
  const [cs1, csCode, astroNew4, astroOld, hepth1, hepthMonth] = fixtureLines('papers.jsonl') as [
    string,
    string,
    string,
    string,
    string,
    string,
  ];

  it('arxiv-daily-cs: a new-style id, its categories, authors and date', () => {
    const paper = paperFromLine(cs1, 1);
    expect(paper).toMatchObject({
      id: 'arxiv:2503.11677',
      arxivId: '2503.11677',
      absUrl: 'https://arxiv.org/abs/2503.11677',
      pdfUrl: 'https://arxiv.org/pdf/2503.11677',
      title: 'Simulation of prosthetic vision with PRIMA system and enhancement of face representation',
      authors: [
        'Jungyeon Park',
        'Anna Kochnev Goldstein',
        'Yueming Zhou',
        'Nathan Jensen',
        'Daniel Palanker',
      ],
      primaryCategory: 'cs.HC',
      categories: ['cs.HC', 'cs.CV'],
      submitted: '2025-03-18',
      source: { site: 'arxiv', kind: 'reading-list', url: 'https://arxiv.org/abs/2503.11677' },
    });
    expect(paper.abstract).toMatch(/^Objective\. Patients implanted with the PRIMA photovoltaic subretinal/);
    expect(paper.abstract).toMatch(/contrast enhancement still remains essential for face recognition\.$/);
    expect(paper.version).toBeUndefined();
    expect(paper.links).toBeUndefined();
  });

  it('arxiv-daily-cs: the code link the abstract gives, as a listing page shows it', () => {
    const paper = paperFromLine(csCode, 2);
    expect(paper.id).toBe('arxiv:2503.13045');
    expect(paper.links).toEqual([
      {
        url: 'https://github.com/gmberton/image-retrieval',
        kind: 'code',
        host: 'github.com',
        repo: 'gmberton/image-retrieval',
        official: true,
      },
    ]);
  });

  it('arxiv-daily-astro: a 2007 four-digit id and an old-style astro-ph id with no authors', () => {
    expect(paperFromLine(astroNew4, 3)).toMatchObject({
      id: 'arxiv:0705.1862',
      title: 'Detection of CFIRB with AKARI/FIS Deep Observations',
      primaryCategory: 'astro-ph',
      categories: ['astro-ph', 'astro-ph.GA'],
      submitted: '2025-08-26',
    });
    expect(paperFromLine(astroNew4, 3).authors).toHaveLength(11);
    expect(paperFromLine(astroNew4, 3).authors?.[10]).toBe('Hideo Matsuhara');

    const old = paperFromLine(astroOld, 4);
    expect(old).toMatchObject({
      id: 'arxiv:astro-ph/9605151',
      arxivId: 'astro-ph/9605151',
      absUrl: 'https://arxiv.org/abs/astro-ph/9605151',
      pdfUrl: 'https://arxiv.org/pdf/astro-ph/9605151',
      categories: ['astro-ph', 'astro-ph.CO'],
      submitted: '2026-06-19',
    });
    // `"authors": []` is no authors known, not an author list to show empty.
    expect(old.authors).toBeUndefined();
  });

  it('kddcup2003-hepth: hep-th ids, names kept as written, a month-only date kept as a month', () => {
    expect(paperFromLine(hepth1, 5)).toMatchObject({
      id: 'arxiv:hep-th/9201001',
      title: 'Combinatorics of the Modular Group II: the Kontsevich integrals',
      authors: ['C. Itzykson', 'J.-B. Zuber'],
      primaryCategory: 'hep-th',
      categories: ['hep-th', 'math.QA'],
      submitted: '1991-12-31',
    });
    const monthOnly = paperFromLine(hepthMonth, 6);
    expect(monthOnly).toMatchObject({
      id: 'arxiv:hep-th/9201002',
      authors: ['F.Bonechi', 'E.Celeghini', 'R.Giachetti', 'E.Sorace', 'M.Tarlini'],
    });
    // "1992-01": true but partial; no day is made up.
    expect(monthOnly.submitted).toBe('1992-01');
  });

  it("hf-listing-seed: its ids are the listing's own, not arXiv ids or DOIs: refused with the line", () => {
    const [seed] = fixtureLines('hf-seed-line.jsonl') as [string];
    expect(() => paperFromLine(seed, 1)).toThrow(
      'Line 1: id "seed-001" is not an arXiv id (such as 2501.01234 or hep-th/9901001) or a DOI',
    );
  });
});

describe('paperFromLine: ids', () => {
  it.each([
    ['arXiv:2501.01234v2', 'arxiv:2501.01234', 2],
    ['2501.01234v12', 'arxiv:2501.01234', 12],
    ['hep-th/9901001v3', 'arxiv:hep-th/9901001', 3],
    ['https://arxiv.org/abs/2501.01234v2', 'arxiv:2501.01234', 2],
    ['https://arxiv.org/pdf/hep-th/9901001', 'arxiv:hep-th/9901001', undefined],
    ['10.48550/arXiv.2501.01234', 'arxiv:2501.01234', undefined],
    [' 2501.01234 ', 'arxiv:2501.01234', undefined],
  ])('%s is the arXiv paper %s, version %s', (id, canonical, version) => {
    const paper = paperFromLine(line({ id }), 1);
    expect(paper.id).toBe(canonical);
    expect(paper.version).toBe(version);
    expect(paper.absUrl).toBe(`https://arxiv.org/abs/${canonical.slice('arxiv:'.length)}`);
    expect(paper.source).toEqual({ site: 'arxiv', kind: 'reading-list', url: paper.absUrl });
  });

  it.each(['10.1145/3366423.ABC', 'doi:10.1145/3366423.ABC', 'https://doi.org/10.1145/3366423.ABC'])(
    'the DOI %s becomes a doi: id, lowercased as lib/ids does',
    (id) => {
      expect(paperFromLine(line({ id }), 1)).toEqual({
        id: 'doi:10.1145/3366423.abc',
        doi: '10.1145/3366423.ABC',
        title: 'T',
        source: { site: 'web', kind: 'reading-list', url: 'https://doi.org/10.1145/3366423.ABC' },
      });
    },
  );
});

describe('paperFromLine: fields', () => {
  it('collapses whitespace, trims names, drops empty ones and repeated categories, ignores other fields', () => {
    const paper = paperFromLine(
      line({
        title: '  A   title\n on two lines ',
        abstract: 'First\tline.\n\n  Second   line. ',
        authors: ['  Ada  Lovelace ', '', '   ', 'Alan Turing'],
        categories: [' cs.LG', 'stat.ML', 'cs.LG', ''],
        date: '2025-01-02',
        stars: 12,
        notes: { mine: true },
      }),
      1,
    );
    expect(paper).toEqual({
      id: 'arxiv:2501.01234',
      arxivId: '2501.01234',
      absUrl: 'https://arxiv.org/abs/2501.01234',
      pdfUrl: 'https://arxiv.org/pdf/2501.01234',
      title: 'A title on two lines',
      abstract: 'First line. Second line.',
      authors: ['Ada Lovelace', 'Alan Turing'],
      primaryCategory: 'cs.LG',
      categories: ['cs.LG', 'stat.ML'],
      submitted: '2025-01-02',
      source: { site: 'arxiv', kind: 'reading-list', url: 'https://arxiv.org/abs/2501.01234' },
    });
  });

  it('needs only id and title: absent and null fields stay absent', () => {
    const expected = {
      id: 'arxiv:2501.01234',
      arxivId: '2501.01234',
      absUrl: 'https://arxiv.org/abs/2501.01234',
      pdfUrl: 'https://arxiv.org/pdf/2501.01234',
      title: 'T',
      source: { site: 'arxiv', kind: 'reading-list', url: 'https://arxiv.org/abs/2501.01234' },
    };
    expect(paperFromLine(line({}), 1)).toEqual(expected);
    expect(paperFromLine(line({ abstract: null, authors: null, categories: null, date: null }), 1)).toEqual(
      expected,
    );
    expect(paperFromLine(line({ abstract: ' ', authors: [], categories: [], date: '' }), 1)).toEqual(
      expected,
    );
  });

  it('keeps markup as text', () => {
    const title = '<img src=x onerror="alert(1)"> &amp; <b>bold</b>';
    const paper = paperFromLine(line({ title, authors: ['<script>x</script>'] }), 1);
    expect(paper.title).toBe(title);
    expect(paper.authors).toEqual(['<script>x</script>']);
  });

  it.each([
    ['2025-03-18', '2025-03-18'],
    ['2024-02-29', '2024-02-29'],
    ['2025/03/18', '2025-03-18'],
    ['2025-3-8', '2025-03-08'],
    ['18 Mar 2025', '2025-03-18'],
    ['2025-03-18T23:59:59Z', '2025-03-18'],
    ['1992-01', '1992-01'],
    ['1992', '1992'],
  ])('date %s is submitted %s', (date, submitted) => {
    expect(paperFromLine(line({ date }), 1).submitted).toBe(submitted);
  });
});

describe('paperFromLine: a bad line says what is wrong, with its number', () => {
  it.each([
    ['{"id": "2501.01234", "title": "T"', 'Line 7: not valid JSON'],
    ['["2501.01234", "T"]', 'Line 7: not a paper: each line must be a JSON object'],
    ['"2501.01234"', 'Line 7: not a paper'],
    [JSON.stringify({ title: 'T' }), 'Line 7: no id'],
    [line({ id: '' }), 'Line 7: no id'],
    [line({ id: 2501.01234 }), 'Line 7: id is not text: it is a number (2501.01234)'],
    [line({ id: 'my-paper' }), 'Line 7: id "my-paper" is not an arXiv id'],
    [line({ id: '2501.1234567' }), 'Line 7: id "2501.1234567" is not an arXiv id'],
    [JSON.stringify({ id: '2501.01234' }), 'Line 7: no title'],
    [line({ title: '   ' }), 'Line 7: no title'],
    [line({ title: ['T'] }), 'Line 7: title is not text: it is a list'],
    [line({ title: 'x'.repeat(1001) }), 'Line 7: title is too long (1,001 characters; at most 1,000)'],
    [line({ abstract: 42 }), 'Line 7: abstract is not text'],
    [line({ authors: 'Ada Lovelace, Alan Turing' }), 'Line 7: authors is not a list of names: it is text'],
    [line({ authors: ['Ada Lovelace', { name: 'Alan Turing' }] }), 'Line 7: author 2 is not a name'],
    [line({ categories: 'cs.LG' }), 'Line 7: categories is not a list of category codes'],
    [
      line({ categories: ['cs.LG', 'Machine Learning'] }),
      'Line 7: category "Machine Learning" is not an arXiv',
    ],
    [line({ categories: [7] }), 'Line 7: category 1 is not text'],
    [line({ date: 20250318 }), 'Line 7: date is not text'],
    [line({ date: '2025-02-30' }), 'Line 7: date "2025-02-30" is not a real day'],
    [line({ date: '2025-13-01' }), 'Line 7: date "2025-13-01" is not a real day'],
    [line({ date: 'last week' }), 'Line 7: date "last week" is not a date'],
    [line({ date: '1992-13' }), 'Line 7: date "1992-13" is not a date'],
  ])('%s', (bad, message) => {
    const error = (() => {
      try {
        paperFromLine(bad, 7);
      } catch (thrown) {
        return thrown;
      }
    })();
    expect(error).toBeInstanceOf(ReadingListError);
    expect((error as ReadingListError).message.startsWith(message)).toBe(true);
    expect((error as ReadingListError).line).toBe(7);
  });

  it('shortens a long value in the message', () => {
    expect(() => paperFromLine(line({ id: 'x'.repeat(5000) }), 1)).toThrow(`id "${'x'.repeat(60)}…" is not`);
  });
});

describe('readLines', () => {
  const encode = (text: string) => new TextEncoder().encode(text);

  it('handles \\r\\n, a BOM, blank lines (skipped, still counted) and a last line without newline', async () => {
    const file = new Blob([encode('\uFEFFfirst\r\n\r\n  \nsecond\r\nthird\n\nlast')]);
    expect(await allLines(file)).toEqual([
      { line: 'first', number: 1 },
      { line: 'second', number: 4 },
      { line: 'third', number: 5 },
      { line: 'last', number: 7 },
    ]);
  });

  it('keeps multi-byte characters whole when a chunk ends inside them, also across \\r\\n', async () => {
    const text = '\uFEFF{"t": "é日本語 🙂 Ωmega"}\r\n{"t": "Σ 🚀"}\r\n';
    for (const chunkSize of [1, 2, 3, 5]) {
      expect(await allLines(chunkedBlob(encode(text), chunkSize))).toEqual([
        { line: '{"t": "é日本語 🙂 Ωmega"}', number: 1 },
        { line: '{"t": "Σ 🚀"}', number: 2 },
      ]);
    }
  });

  it('gunzips a gzipped file, known by its magic bytes whatever its chunks', async () => {
    const plain = await allLines(fixtureBlob('papers.jsonl'));
    expect(plain).toHaveLength(6);
    expect(await allLines(fixtureBlob('papers.jsonl.gz'))).toEqual(plain);
    expect(await allLines(chunkedBlob(fixture('papers.jsonl.gz'), 7))).toEqual(plain);
  });

  it('refuses a line over the bound as soon as it is that long, without reading on', async () => {
    const { blob, handedOut } = endlessBlob(encode('a'.repeat(64 * 1024)));
    const error = await errorOf(allLines(blob));
    expect(error).toBeInstanceOf(ReadingListError);
    expect(error.message).toMatch(
      /^Line 1: too long: a line holds one paper, and this one is over 1,000,000/,
    );
    expect(handedOut()).toBeLessThan(MAX_LINE_CHARS + 4 * 64 * 1024);
  });

  it('names the long line', async () => {
    const file = new Blob([`${line({})}\n${line({})}\n${'x'.repeat(MAX_LINE_CHARS + 1)}\n${line({})}`]);
    const error = (await errorOf(checkReadingList(file))) as ReadingListError;
    expect(error.line).toBe(3);
  });
});

describe('checkReadingList and readingListBatches', () => {
  it('counts the papers of a plain and a gzipped file; both give the same papers', async () => {
    expect(await checkReadingList(fixtureBlob('papers.jsonl'))).toEqual({ papers: 6 });
    expect(await checkReadingList(fixtureBlob('papers.jsonl.gz'))).toEqual({ papers: 6 });
    const plain = await allPapers(fixtureBlob('papers.jsonl'));
    expect(plain.map((paper) => paper.id)).toEqual([
      'arxiv:2503.11677',
      'arxiv:2503.13045',
      'arxiv:0705.1862',
      'arxiv:astro-ph/9605151',
      'arxiv:hep-th/9201001',
      'arxiv:hep-th/9201002',
    ]);
    expect(await allPapers(fixtureBlob('papers.jsonl.gz'))).toEqual(plain);
  });

  it('hands the papers out in batches of the size asked, the last one smaller', async () => {
    const sizes: number[] = [];
    for await (const batch of readingListBatches(fixtureBlob('papers.jsonl.gz'), 4)) sizes.push(batch.length);
    expect(sizes).toEqual([4, 2]);
    await expect(readingListBatches(fixtureBlob('papers.jsonl'), 0).next()).rejects.toThrow(RangeError);
  });

  it('names the first bad line: line 3 of 5', async () => {
    const error = (await errorOf(checkReadingList(fixtureBlob('bad-line-3.jsonl')))) as ReadingListError;
    expect(error).toBeInstanceOf(ReadingListError);
    expect(error.line).toBe(3);
    expect(error.message).toMatch(/^Line 3: not valid JSON/);
    const gzipped = new Blob([gzipSync(fixture('bad-line-3.jsonl'))]);
    expect(((await errorOf(checkReadingList(gzipped))) as ReadingListError).line).toBe(3);
    expect(((await errorOf(allPapers(gzipped))) as ReadingListError).line).toBe(3);
  });

  it('refuses an empty file and one of blank lines', async () => {
    for (const file of [new Blob([]), new Blob(['\n\r\n  \n']), new Blob([gzipSync('')])]) {
      await expect(checkReadingList(file)).rejects.toThrow('The file is empty: it holds no papers.');
      await expect(allPapers(file)).rejects.toThrow('The file is empty');
    }
  });

  it('reports progress every 1,000 lines and at the end, with the bytes read', async () => {
    const text = Array.from({ length: 2500 }, () => line({})).join('\n');
    const calls: [number, number][] = [];
    const file = chunkedBlob(new TextEncoder().encode(text), 4096);
    await checkReadingList(file, { onProgress: (lines, bytes) => calls.push([lines, bytes]) });
    expect(calls.map(([lines]) => lines)).toEqual([1000, 2000, 2500]);
    expect(calls.at(-1)?.[1]).toBe(file.size);
    expect(calls[0]?.[1]).toBeGreaterThan(0);
    expect(calls[0]?.[1]).toBeLessThan(calls[1]?.[1] ?? 0);
  });

  it('stops when aborted, with an AbortError', async () => {
    const text = Array.from({ length: 5000 }, () => line({})).join('\n');
    const file = new Blob([text]);

    const before = new AbortController();
    before.abort();
    expect((await errorOf(checkReadingList(file, { signal: before.signal }))).name).toBe('AbortError');

    const during = new AbortController();
    const seen: number[] = [];
    const error = await errorOf(
      checkReadingList(file, {
        signal: during.signal,
        onProgress: (lines) => {
          seen.push(lines);
          during.abort(new Error('a reason that is not an AbortError'));
        },
      }),
    );
    expect(error.name).toBe('AbortError');
    expect(seen).toEqual([1000]);

    const batches = new AbortController();
    let handed = 0;
    const batchError = await errorOf(
      (async () => {
        for await (const batch of readingListBatches(file, 100, { signal: batches.signal })) {
          handed += batch.length;
          batches.abort();
        }
      })(),
    );
    expect(batchError.name).toBe('AbortError');
    expect(handed).toBe(100);
  });

  it('refuses 50 MB of binary garbage at once', async () => {
    const garbage = new Blob([randomBytes(50 * 1024 * 1024)]);
    const start = performance.now();
    await expect(checkReadingList(garbage)).rejects.toThrow(
      'The file is not text. A reading list is a JSON Lines file (.jsonl), plain or gzipped, in UTF-8.',
    );
    expect(performance.now() - start).toBeLessThan(1000);
  });

  it('refuses a 50 MB line quickly, and a file with NUL bytes as not text', async () => {
    const longLine = new Blob(['x'.repeat(50 * 1024 * 1024)]);
    const start = performance.now();
    await expect(checkReadingList(longLine)).rejects.toThrow(/^Line 1: too long/);
    expect(performance.now() - start).toBeLessThan(1000);
    await expect(checkReadingList(new Blob([new Uint8Array(1000)]))).rejects.toThrow('The file is not text');
    await expect(checkReadingList(new Blob([`${line({})}\n\0\0\0`]))).rejects.toThrow(
      'Line 2: not UTF-8 text: the file is damaged or not a reading list.',
    );
    const latin1 = new Uint8Array([
      ...new TextEncoder().encode(`${line({})}\n${line({})}\n`),
      0x7b,
      0xe9,
      0x7d,
    ]);
    await expect(checkReadingList(new Blob([latin1]))).rejects.toThrow(/^Line 3: not UTF-8 text/);
  });

  it('refuses a truncated gzip and a damaged one', async () => {
    const message =
      /^The gzipped file is damaged or cut short after line \d\. Download or compress it again\.$/;
    await expect(checkReadingList(fixtureBlob('truncated.jsonl.gz'))).rejects.toThrow(message);
    await expect(allPapers(fixtureBlob('truncated.jsonl.gz'))).rejects.toThrow(message);
    const damaged = new Blob([new Uint8Array([0x1f, 0x8b, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12])]);
    await expect(checkReadingList(damaged)).rejects.toThrow(/^The gzipped file is damaged or cut short\./);
  });
});

describe('an imported paper in the library', () => {
  const imported = paperFromLine(
    line({
      title: 'Imported title',
      abstract: 'Imported abstract.',
      authors: ['A. Author'],
      date: '2025-01-05',
    }),
    1,
  );
  const listed: Paper = {
    id: 'arxiv:2501.01234',
    arxivId: '2501.01234',
    title: 'Title on arXiv',
    authors: ['Ada Author'],
    source: { site: 'arxiv', kind: 'arxiv-list', url: 'https://arxiv.org/list/cs.LG/new' },
  };

  it('only fills the gaps of a record read from a page, whichever came first', () => {
    for (const merged of [mergePaper(imported, listed), mergePaper(listed, imported)]) {
      expect(merged).toMatchObject({
        title: 'Title on arXiv',
        authors: ['Ada Author'],
        abstract: 'Imported abstract.',
        submitted: '2025-01-05',
        source: listed.source,
      });
    }
  });
});

// The whole shared datasets: ../shared beside the project root.
const datasets = new URL('../../../shared/datasets/', import.meta.url);
const hasDatasets = existsSync(datasets);
const WHOLE = [
  ['arxiv-daily-cs-2025/papers.jsonl.gz', 74_728],
  ['arxiv-daily-astro-2025/papers.jsonl.gz', 14_152],
  ['kddcup2003-hepth/papers.jsonl.gz', 29_553],
] as const;

describe.skipIf(!hasDatasets)('whole shared datasets pass checkReadingList', () => {
  it.each(WHOLE)('%s: %i papers', { timeout: 120_000 }, async (name, count) => {
    const file = await openAsBlob(new URL(name, datasets));
    const start = performance.now();
    let calls = 0;
    expect(await checkReadingList(file, { onProgress: () => calls++ })).toEqual({ papers: count });
    const seconds = (performance.now() - start) / 1000;
    console.info(`checkReadingList ${name}: ${count} lines, ${file.size} bytes, in ${seconds.toFixed(1)} s`);
    expect(calls).toBe(Math.floor(count / 1000) + 1);
  });
});

if (!hasDatasets) {
  it.skip(`whole shared datasets: skipped, ${datasets.pathname} is absent`, () => {});
  console.warn(`reading-list: ${datasets.pathname} is absent, the whole-dataset checks are skipped`);
}
