/**
 * Every record an import puts in the library can leave it again: a backup of it restores, and sync takes it.
 * Found by `npm run bench:sync` on real data: arXiv's metadata for 2506.02197 runs its authors together into one
 * "name" of 512 characters ("Xiangyu Kongand Xiaoxia Xingand …"); the reading-list import took it, and the other
 * device refused it, so one library never held all 50,000 papers.
 */
import { describe, expect, it } from 'vitest';
import { createBackup, parseBackup } from '../../lib/backup';
import { parseCitations } from '../../lib/citations/import';
import { newRecord } from '../../lib/library';
import { paperFromLine } from '../../lib/reading-list';
import { plainCodec } from '../../lib/sync/codec';

/** As 2506.02197's metadata has it: the authors run together, "and" glued to each name. */
const gluedAuthors = Array.from({ length: 40 }, (_, i) => `Author${i} Name${i}and`).join(' ');

/** A reading-list line at the edges of what an import takes. */
const edgeLine = JSON.stringify({
  id: '2506.02197',
  title: 'T'.repeat(1000),
  abstract: 'word '.repeat(9_999),
  categories: ['cs.CV'],
  authors: ['First Author', 'Second Author', 'Third Author', gluedAuthors, 'L'.repeat(1000)],
  date: '2025-06-02',
});
const manyAuthorsLine = JSON.stringify({
  id: '2506.02198',
  title: 'A paper of a large collaboration',
  authors: Array.from({ length: 20_000 }, (_, i) => `Member ${i}`),
});

describe('what an import takes, a backup and sync take', () => {
  for (const [what, line] of [
    ['an author of 1,000 characters (a list run together)', edgeLine],
    ['20,000 authors', manyAuthorsLine],
  ] as const) {
    it(`${what}: backed up and restored, and synced`, async () => {
      const paper = paperFromLine(line, 1);
      expect(gluedAuthors.length).toBeGreaterThan(500);
      const record = newRecord(paper, 1000, true);
      const restored = parseBackup(JSON.stringify(createBackup([record], [], {})));
      expect(restored.papers).toEqual([record]);
      const codec = plainCodec();
      expect(await codec.decode(await codec.encode(record))).toEqual(record);
    });
  }
});

describe('a citation entry outside what the library holds', () => {
  it('is skipped with the reason, and the others are imported', () => {
    const bib = `@article{long,
  title = {A paper whose author field is one long run},
  author = {${'Verylongname '.repeat(120)}},
  eprint = {2501.00001},
  archivePrefix = {arXiv},
}
@article{fine,
  title = {A paper with one author},
  author = {Ada Lovelace},
  eprint = {2501.00002},
  archivePrefix = {arXiv},
}
`;
    const { papers, skipped } = parseCitations(bib, 'library.bib');
    expect(papers.map((paper) => paper.id)).toEqual(['arxiv:2501.00002']);
    expect(skipped).toEqual([
      {
        entry: expect.stringContaining('long'),
        reason: expect.stringMatching(/^too large: authors\.0 .*1000/),
      },
    ]);
  });
});
