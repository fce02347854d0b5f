/**
 * Relatedness on the 101 real papers of a Hugging Face listing page: each expected neighbour below was checked
 * by reading both titles and abstracts. Tests state properties (the named papers rank above the others), not
 * recorded rankings.
 */
import { describe, expect, it } from 'vitest';
import {
  addToRelatedIndex,
  authorKey,
  createRelatedIndex,
  explainRelated,
  papersWithEveryWord,
  type RelatedPaper,
  relatedTo,
  removeFromRelatedIndex,
  restoreRelatedIndex,
  type SavedRelatedIndex,
  saveRelatedIndex,
  termsOf,
} from '../../lib/related';
import { termSpansOf } from '../../lib/related-terms';
import { packSnapshot, unpackSnapshot } from '../../lib/snapshot-file';
import { mulberry32 } from '../../scripts/eval-related';
import { readPapers } from '../../scripts/jsonl';

const seed = await readPapers('tests/fixtures/datasets/hf-listing-seed.jsonl');
const byId = new Map(seed.map((paper) => [paper.id, paper]));
const index = createRelatedIndex(seed);

function paper(id: string): RelatedPaper {
  const found = byId.get(id);
  if (!found) throw new Error(`no ${id} in the seed`);
  return found;
}

function ids(query: RelatedPaper, k: number, options = {}, over = index): string[] {
  return relatedTo(over, query, k, options).map((match) => match.id);
}

/** Every paper of `named` ranks above every paper of `others` in the query's ranking of the whole seed. */
function ranksAbove(query: RelatedPaper, named: string[], others: string[]): void {
  const ranking = ids(query, seed.length);
  const worstNamed = Math.max(...named.map((id) => ranking.indexOf(id)));
  const bestOther = Math.min(...others.map((id) => ranking.indexOf(id)).filter((rank) => rank >= 0));
  expect(named.every((id) => ranking.includes(id))).toBe(true);
  expect(worstNamed).toBeLessThan(bestOther);
}

const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;

const mentions = (word: RegExp) => seed.filter((p) => word.test(`${p.title} ${p.abstract}`)).map((p) => p.id);

describe('relatedTo on the seed listing', () => {
  it('puts the other mobile-app-review feature extraction paper first', () => {
    // T-FREX and "Leveraging LLMs for Mobile App Review Feature Extraction" extract features from app reviews.
    expect(ids(paper('seed-044'), 1)).toEqual(['seed-063']);
  });

  it('puts the other prompt-learning-for-vision-language-models paper first', () => {
    // CoOp ("Learning to Prompt for Vision-Language Models") and its training-free, unsupervised follow-up.
    expect(ids(paper('seed-101'), 1)).toEqual(['seed-021']);
  });

  it('ranks the post-training quantization papers above every paper that never mentions quantization', () => {
    // ZeroQuant-FP: NUPES, ZeroQuant-V2, gradient-based PTQ, AWQ and outlier-isolating channels all quantize
    // trained weights.
    const unrelated = seed.map((p) => p.id).filter((id) => !mentions(/quantiz/i).includes(id));
    ranksAbove(paper('seed-047'), ['seed-025', 'seed-043', 'seed-069', 'seed-074', 'seed-081'], unrelated);
  });

  it('relates video object detection to object detection and to video segmentation', () => {
    // SAMWISE segments objects in video; MAMBA detects objects in video.
    expect(ids(paper('seed-098'), 1)).toEqual(['seed-022']);
    // DEYOLO, open-set and source-free domain-adaptive detection, and SAMWISE: all in the first quarter of the
    // listing, and papers about detection or video rank better on average than papers about neither.
    const ranking = ids(paper('seed-022'), seed.length);
    for (const id of ['seed-004', 'seed-008', 'seed-017', 'seed-098']) {
      expect(ranking.indexOf(id)).toBeLessThan(seed.length / 4);
    }
    const about = mentions(/detect|video/i);
    const meanRank = (inside: boolean) =>
      mean(ranking.flatMap((id, rank) => (about.includes(id) === inside ? [rank] : [])));
    expect(meanRank(true)).toBeLessThan(meanRank(false) - 10);
  });

  it('pairs the two style papers, continual style customization and style-preserving text-to-image', () => {
    expect(ids(paper('seed-087'), 1)).toEqual(['seed-003']);
  });

  it('never returns the query itself, and returns k distinct ids, best first', () => {
    for (const query of seed) {
      const results = relatedTo(index, query, 5);
      expect(results.map((match) => match.id)).not.toContain(query.id);
      expect(new Set(results.map((match) => match.id)).size).toBe(5);
      const scores = results.map((match) => match.score);
      expect(scores).toEqual([...scores].sort((a, b) => b - a));
    }
  });

  it('takes a query paper that is not in the corpus', () => {
    const query = {
      id: 'new',
      title: 'Post-training quantization of LLM weights',
      abstract:
        'We quantize the weights of large language models after training, with low-bit integer and floating-point formats.',
    };
    for (const id of ids(query, 5)) expect(mentions(/quantiz/i)).toContain(id);
  });

  it('matches a paper as given, not as indexed, and still never returns it', () => {
    const changed = { ...paper('seed-044'), abstract: paper('seed-047').abstract };
    const results = ids(changed, 5);
    expect(results).not.toContain('seed-044');
    expect(results).toContain('seed-069');
  });

  it('returns only what accept lets through', () => {
    const results = ids(paper('seed-047'), 5, { accept: (id: string) => id !== 'seed-081' });
    expect(results).not.toContain('seed-081');
    expect(results).toContain('seed-069');
  });

  it('returns nothing, without throwing, for an empty query, an empty corpus or k = 0', () => {
    expect(relatedTo(index, { id: 'blank', title: '', abstract: '' }, 5)).toEqual([]);
    expect(relatedTo(index, { id: 'stopwords', title: 'We propose a novel approach' }, 5)).toEqual([]);
    expect(relatedTo(createRelatedIndex([]), paper('seed-001'), 5)).toEqual([]);
    expect(relatedTo(index, paper('seed-001'), 0)).toEqual([]);
  });
});

describe('papersWithEveryWord: a search answered from the related index', () => {
  it('finds exactly the papers whose title or abstract has every word', () => {
    // Read off the seed: the papers that write both "quantization" and "post-training" (or "post training").
    const both = mentions(/quantization/i).filter((id) => mentions(/post[- ]training/i).includes(id));
    expect(both.length).toBeGreaterThan(2);
    expect(papersWithEveryWord(index, 'Post-training quantization').sort()).toEqual(both.sort());
    // Both mobile-app-review papers (T-FREX and "Leveraging LLMs for Mobile App Review Feature Extraction").
    expect(papersWithEveryWord(index, 'mobile app review').sort()).toEqual(['seed-044', 'seed-063']);
  });

  it('finds nothing when a word is in no paper, or when the query has only stopwords and numbers', () => {
    expect(papersWithEveryWord(index, 'quantization zyxwvut')).toEqual([]);
    expect(papersWithEveryWord(index, 'quantizati')).toEqual([]);
    expect(papersWithEveryWord(index, 'the of 2023')).toEqual([]);
  });

  it('follows the index: a paper removed is no longer found', () => {
    const copy = createRelatedIndex(seed);
    removeFromRelatedIndex(copy, 'seed-044');
    expect(papersWithEveryWord(copy, 'mobile app review')).toEqual(['seed-063']);
  });
});

describe('re-ranking by shared authors and categories', () => {
  // Three papers about the same subject, worded alike: only authors and categories tell them apart.
  const abstract = 'Dualities of supersymmetric gauge theories in four dimensions from branes.';
  const corpus: RelatedPaper[] = [
    { id: 'a', title: 'Brane dualities', abstract, authors: ['E. Witten'], categories: ['hep-th'] },
    {
      id: 'b',
      title: 'Brane dualities',
      abstract,
      authors: ['N. Seiberg'],
      categories: ['hep-th', 'math.AG'],
    },
    { id: 'c', title: 'Brane dualities', abstract, authors: ['J. Polchinski'], categories: ['hep-th'] },
    ...seed,
  ];
  const small = createRelatedIndex(corpus);

  it('prefers a paper by one of the same authors, however the name is written', () => {
    const query = { id: 'q', title: 'Brane dualities', abstract, authors: ['Nathan Seiberg'] };
    expect(ids(query, 1, {}, small)).toEqual(['b']);
  });

  it('prefers a paper in the same categories', () => {
    const query = { id: 'q', title: 'Brane dualities', abstract, categories: ['hep-th', 'math.AG'] };
    expect(ids(query, 1, {}, small)).toEqual(['b']);
  });

  it('without categories of its own, prefers the categories of its best text matches', () => {
    // Two more brane papers in hep-th alone: hep-th is the neighbourhood's category, math.AG is not.
    const more = createRelatedIndex([
      ...corpus,
      { id: 'd', title: 'Brane dualities', abstract, categories: ['hep-th'] },
      { id: 'e', title: 'Brane dualities', abstract, categories: ['hep-th'] },
    ]);
    const query = { id: 'q', title: 'Brane dualities', abstract };
    expect(ids(query, 5, {}, more).at(-1)).toBe('b');
    expect(ids(query, 5, { textOnly: true }, more).sort()).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('ignores them when asked for text only', () => {
    const query = { id: 'q', title: 'Brane dualities', abstract, authors: ['Nathan Seiberg'] };
    // Equal text scores: ties go by id.
    expect(ids(query, 3, { textOnly: true }, small)).toEqual(['a', 'b', 'c']);
  });
});

describe('adding, replacing and removing papers', () => {
  it('finds a paper once added, and no longer once removed by id', () => {
    const growing = createRelatedIndex(seed.filter((p) => p.id !== 'seed-063'));
    expect(ids(paper('seed-044'), 1, {}, growing)).not.toEqual(['seed-063']);
    addToRelatedIndex(growing, paper('seed-063'));
    expect(growing.size).toBe(seed.length);
    expect(ids(paper('seed-044'), 1, {}, growing)).toEqual(['seed-063']);
    removeFromRelatedIndex(growing, 'seed-063');
    expect(growing.size).toBe(seed.length - 1);
    expect(ids(paper('seed-044'), 10, {}, growing)).not.toContain('seed-063');
    removeFromRelatedIndex(growing, 'seed-063');
    removeFromRelatedIndex(growing, 'nowhere');
    expect(growing.size).toBe(seed.length - 1);
  });

  it('replaces a paper added again under the same id: its new text is what matches', () => {
    const replaced = createRelatedIndex(seed);
    addToRelatedIndex(replaced, { ...paper('seed-063'), abstract: paper('seed-047').abstract, title: 'x' });
    expect(replaced.size).toBe(seed.length);
    expect(ids(paper('seed-044'), 1, {}, replaced)).not.toEqual(['seed-063']);
    expect(ids(paper('seed-069'), 2, {}, replaced)).toContain('seed-063');
  });
});

/** Every paper's ranking (scores too) in both indexes, with and without re-ranking, and for outside queries. */
function expectSameRankings(a: ReturnType<typeof createRelatedIndex>, b: typeof a, queries: RelatedPaper[]) {
  expect(a.size).toBe(b.size);
  for (const query of queries) {
    for (const options of [{}, { textOnly: true }, { accept: (id: string) => id.endsWith('1') }]) {
      expect(relatedTo(a, query, 10, options)).toEqual(relatedTo(b, query, 10, options));
    }
  }
}

describe('exactly incremental', () => {
  it('breaks ties by id, whatever order the papers came in', () => {
    const twin = (id: string) => ({ id, title: 'Brane dualities', abstract: 'Dualities of gauge theories.' });
    const tied = createRelatedIndex([twin('z'), twin('y'), ...seed, twin('x')]);
    addToRelatedIndex(tied, twin('y'));
    for (const options of [{}, { textOnly: true }]) {
      expect(ids({ ...twin('q'), title: 'Brane dualities' }, 3, options, tied)).toEqual(['x', 'y', 'z']);
    }
  });

  it('ranks after adds, replacements and removals exactly as an index built from the resulting papers', async () => {
    const papers = await manyPapers();
    const random = mulberry32(42);
    const current = new Map<string, RelatedPaper>();
    const index = createRelatedIndex(papers.slice(0, papers.length / 2));
    for (const p of papers.slice(0, papers.length / 2)) current.set(p.id, p);
    for (let step = 0; step < 400; step++) {
      const roll = random();
      const some = papers[Math.floor(random() * papers.length)] as RelatedPaper;
      if (roll < 0.5) {
        addToRelatedIndex(index, some);
        current.set(some.id, some);
      } else if (roll < 0.7) {
        // The same id with changed text: another paper's title, its own abstract cut short.
        const other = papers[Math.floor(random() * papers.length)] as RelatedPaper;
        const changed = { ...some, title: other.title, abstract: some.abstract?.slice(0, 300) };
        addToRelatedIndex(index, changed);
        current.set(some.id, changed);
      } else {
        removeFromRelatedIndex(index, some.id);
        current.delete(some.id);
      }
    }
    const rebuilt = createRelatedIndex([...current.values()].reverse());
    const queries = [...current.values()].filter((_, i) => i % 7 === 0);
    const outside = papers.filter((p) => !current.has(p.id)).slice(0, 20);
    expect(outside.length).toBeGreaterThan(0);
    expectSameRankings(index, rebuilt, [...queries, ...outside]);
    expectSameRankings(
      restoreRelatedIndex(saveRelatedIndex(index)) ?? rebuilt,
      rebuilt,
      queries.slice(0, 20),
    );
  });
});

describe('saving and restoring', () => {
  it('restores an index that ranks as the saved one, from a structured clone', () => {
    const changed = createRelatedIndex(seed);
    removeFromRelatedIndex(changed, 'seed-010');
    addToRelatedIndex(changed, { ...paper('seed-020'), abstract: 'Pruning large language models.' });
    const restored = restoreRelatedIndex(structuredClone(saveRelatedIndex(changed)));
    if (!restored) throw new Error('not restored');
    expectSameRankings(restored, changed, seed);
  });

  it.each([
    ['with its terms table', (saved: SavedRelatedIndex) => saved, {}],
    [
      'saved before terms tables were (none)',
      (saved: SavedRelatedIndex) => ({ ...saved, table: undefined }),
      {},
    ],
    ['taking the saved arrays as its own', (saved: SavedRelatedIndex) => saved, { adopt: true }],
  ])('keeps working after a restore %s: adds and removes as the original does', (_name, as, options) => {
    const restored = restoreRelatedIndex(as(saveRelatedIndex(createRelatedIndex(seed))), options);
    if (!restored) throw new Error('not restored');
    const original = createRelatedIndex(seed);
    expectSameRankings(restored, original, seed.slice(0, 30));
    for (const target of [restored, original]) {
      removeFromRelatedIndex(target, 'seed-063');
      addToRelatedIndex(target, { id: 'new', title: 'App reviews', abstract: paper('seed-063').abstract });
    }
    expectSameRankings(restored, original, seed.slice(0, 30));
  });

  /** `saved` packed as a file and read into a buffer with as much room again after it, as the index reads one. */
  function readWithRoom(saved: SavedRelatedIndex): { saved: SavedRelatedIndex; room: Uint8Array } {
    const file = new Uint8Array(packSnapshot(saved));
    const buffer = new ArrayBuffer(file.byteLength * 2);
    new Uint8Array(buffer).set(file);
    const read = unpackSnapshot(new Uint8Array(buffer, 0, file.byteLength)) as SavedRelatedIndex;
    return { saved: read, room: new Uint8Array(buffer, file.byteLength) };
  }

  const addSome = (target: ReturnType<typeof createRelatedIndex>) => {
    for (const [i, source] of seed.slice(0, 20).entries())
      addToRelatedIndex(target, { ...source, id: `added-${i}`, title: `${source.title} again` });
  };

  it('adopting a file read with room, grows its postings into that room, and ranks as the original', () => {
    const { saved, room } = readWithRoom(saveRelatedIndex(createRelatedIndex(seed)));
    const restored = restoreRelatedIndex(saved, { adopt: true });
    if (!restored) throw new Error('not restored');
    const original = createRelatedIndex(seed);
    addSome(restored);
    addSome(original);
    expect(room.some((byte) => byte !== 0)).toBe(true);
    expectSameRankings(restored, original, seed.slice(0, 30));
  });

  it('does not grow over what an older file laid out after the postings (its terms table)', () => {
    const { postings, table, ...rest } = saveRelatedIndex(createRelatedIndex(seed));
    const { saved, room } = readWithRoom({ ...rest, postings, table } as SavedRelatedIndex);
    const restored = restoreRelatedIndex(saved, { adopt: true });
    if (!restored) throw new Error('not restored');
    const original = createRelatedIndex(seed);
    addSome(restored);
    addSome(original);
    expect(room.every((byte) => byte === 0)).toBe(true);
    expectSameRankings(restored, original, seed.slice(0, 30));
  });

  it('copies what it restores unless told to take it: the saved copy is left as it was', () => {
    const saved = saveRelatedIndex(createRelatedIndex(seed));
    const before = structuredClone(saved);
    const restored = restoreRelatedIndex(saved);
    if (!restored) throw new Error('not restored');
    removeFromRelatedIndex(restored, 'seed-001');
    addToRelatedIndex(restored, { id: 'later', title: 'Quantization', abstract: 'Weight quantization.' });
    expect(saved).toEqual(before);
  });

  it('is a copy: changing the index afterwards does not change what was saved', () => {
    const changing = createRelatedIndex(seed);
    const saved = saveRelatedIndex(changing);
    const before = structuredClone(saved);
    addToRelatedIndex(changing, { id: 'later', title: 'Quantization', abstract: 'Weight quantization.' });
    removeFromRelatedIndex(changing, 'seed-001');
    expect(saved).toEqual(before);
  });

  it('holds only strings, numbers, plain arrays and typed arrays', () => {
    const saved = saveRelatedIndex(index);
    for (const value of Object.values(saved)) {
      const plain =
        typeof value === 'number' ||
        ArrayBuffer.isView(value) ||
        (Array.isArray(value) && value.every((item) => typeof item === 'string'));
      expect(plain).toBe(true);
    }
  });

  it('refuses another version or damaged data', () => {
    const saved = saveRelatedIndex(index);
    const damaged: SavedRelatedIndex[] = [
      { ...saved, version: saved.version + 1 },
      { ...saved, postings: saved.postings.slice(1) },
      { ...saved, ids: saved.ids.slice(1) },
      { ...saved, termKeysB: saved.termKeysB.slice(1) },
      { ...saved, postings: saved.postings.map((posting) => posting + 200 * 256) },
      { ...saved, lengths: [] as unknown as Uint16Array },
      {} as SavedRelatedIndex,
      // Terms tables of another size (a lookup might never end), with a term twice, with one missing.
      { ...saved, table: new Int32Array(16) },
      { ...saved, table: saved.table?.map((entry) => (entry === 2 ? 1 : entry)) },
      { ...saved, table: saved.table?.map((entry) => (entry === 1 ? 0 : entry)) },
    ];
    for (const data of damaged) expect(restoreRelatedIndex(data)).toBeUndefined();
  });
});

describe('explainRelated', () => {
  it('names subject terms both papers contain, as the query paper writes them', () => {
    // T-FREX and the LLM-based app review paper: both extract features from mobile app reviews.
    const { terms } = explainRelated(index, paper('seed-044'), paper('seed-063'));
    expect(terms.length).toBeGreaterThan(0);
    expect(terms.length).toBeLessThanOrEqual(3);
    expect(terms).toContain('app reviews');
    expect(terms).toContain('feature extraction');
    const text = `${paper('seed-044').title} ${paper('seed-044').abstract}`.toLowerCase();
    const other = `${paper('seed-063').title} ${paper('seed-063').abstract}`.toLowerCase();
    for (const term of terms) {
      expect(text).toContain(term.toLowerCase());
      expect(other.replace(/-/g, ' ')).toContain(term.toLowerCase().replace(/-/g, ' ').replace(/s$/, ''));
    }
  });

  it('shows a shared phrase instead of its words, and no word twice', () => {
    // ZeroQuant-FP and AWQ both write "weight quantization".
    const { terms } = explainRelated(index, paper('seed-047'), paper('seed-074'));
    expect(terms).toContain('weight quantization');
    expect(terms).not.toContain('quantization');
    const words = terms.flatMap((term) => term.toLowerCase().split(/[\s-]+/));
    expect(new Set(words).size).toBe(words.length);
  });

  it('leaves out words most papers of a large library share', () => {
    const query = { id: 'q', title: 'Learning sparse models', abstract: 'Sparse models learn.' };
    const other = { id: 'o', title: 'Learning sparse models', abstract: 'Sparse models learn.' };
    const common = createRelatedIndex(
      Array.from({ length: 2000 }, (_, i) => ({ id: `p${i}`, title: 'models', abstract: `topic${i}` })),
    );
    expect(explainRelated(common, query, other).terms).not.toContain('models');
    expect(explainRelated(common, query, other).terms).toContain('sparse models');
  });

  it('lists the authors both papers list, as the query paper writes them', () => {
    const query = {
      id: 'q',
      title: 'Brane dualities',
      authors: ['Nathan Seiberg', 'Edward Witten', 'Ann Other'],
    };
    const other = { id: 'o', title: 'Branes', authors: ['E. Witten', 'N. Seiberg', 'J. Polchinski'] };
    expect(explainRelated(index, query, other).authors).toEqual(['Nathan Seiberg', 'Edward Witten']);
    expect(explainRelated(index, query, { id: 'x', title: 'Branes' }).authors).toEqual([]);
  });
});

describe('terms', () => {
  it('drops LaTeX commands, stopwords, boilerplate and bare numbers; folds accents and plurals', () => {
    expect(termsOf('We propose $\\mathcal{M}$ Théories of strings in 2025, via 3D models')).toEqual([
      'theory',
      'string',
      '3d',
      'model',
    ]);
  });

  it('keeps an equation such as N=2 as one term, however it is typeset', () => {
    expect(termsOf('$N=2$ and $' + '{\\cal N} = 4$ and D=11 supergravity')).toEqual([
      'n=2',
      'n=4',
      'd=11',
      'supergravity',
    ]);
  });

  it('reads phrases of adjacent words, across hyphens, never across punctuation or dropped words', () => {
    const phrases = termSpansOf('Mixture-of-experts load balancing, routing. Token routing (sparse) experts')
      .filter((span) => span.phrase)
      .map((span) => `${span.term}|${span.surface}`);
    expect(phrases).toEqual([
      'mixture expert|Mixture-of-experts',
      'expert load|experts load',
      'load balancing|load balancing',
      'token routing|Token routing',
    ]);
  });

  it('keys authors by first initial and surname', () => {
    expect(authorKey('J.-B. Zuber')).toBe('j zuber');
    expect(authorKey('Jean-Bernard Zuber')).toBe('j zuber');
    expect(authorKey('Nathan Seiberg')).toBe(authorKey('N. Seiberg'));
  });
});

/** A few hundred real papers: the seed listing, and the first cs 2025 papers when the datasets are there. */
async function manyPapers(): Promise<RelatedPaper[]> {
  const { existsSync } = await import('node:fs');
  const { DATASETS, readJsonLines, datasetPaperOf } = await import('../../scripts/jsonl');
  const file = `${DATASETS}/arxiv-daily-cs-2025/papers.jsonl.gz`;
  const papers: RelatedPaper[] = [...seed];
  if (existsSync(file)) {
    for await (const { line, value } of readJsonLines(file)) {
      papers.push(datasetPaperOf(value, `line ${line}`));
      if (papers.length >= 400) break;
    }
  }
  return papers;
}
