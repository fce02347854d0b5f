/**
 * The packed index against plain MiniSearch: on a generated library of a few hundred papers (shared word
 * stems, typos, long words, authors, categories, code links), every query of a varied set finds the same
 * papers with the same scores as `new MiniSearch(INDEX_OPTIONS)` add()ing the same papers in the same order,
 * for an index built, restored from its saved copy, and then changed (papers added, replaced, removed).
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import MiniSearch, { type SearchOptions } from 'minisearch';
import { describe, expect, it } from 'vitest';
import {
  addToIndex,
  createSearchIndex,
  findIds,
  INDEX_OPTIONS,
  removeFromIndex,
  restoreSearchIndex,
  restoreSearchIndexInSteps,
  type SearchablePaper,
  type SearchIndex,
  saveSearchIndex,
  searchPapers,
  summarize,
} from '../../lib/search';
import { forEachCompletion } from '../../lib/search-rank';

/** A small seeded generator (mulberry32), so the library is the same on every run. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = (
  'transformer transformers transform transduction train training trained attention attentive graph graphs ' +
  'graphical neural network networks convolutional convolution diffusion diffuse model models modeling ' +
  'language languages large small retrieval retrieve augmented generation generative robot robotics ' +
  'reinforcement learning learned learner policy policies speech recognition recognizer federated privacy ' +
  'private mixture experts expert sparse dense embedding embeddings vision visual image images video ' +
  'benchmark benchmarks dataset datasets evaluation evaluate scaling law laws optimization optimizer ' +
  'gradient stochastic bayesian inference probabilistic causal causality counterfactual explanation ' +
  'interpretability interpretable representation representations contrastive selfsupervised supervised ' +
  'semisupervised unsupervised clustering cluster kernel kernels quantum quantization pruning distillation ' +
  'compression efficient efficiency latency throughput hardware accelerator compiler program programs ' +
  'synthesis verification formal proof theorem prover reasoning chain thought planning agent agents ' +
  'multiagent cooperative adversarial robustness robust attack attacks defense certified fairness bias'
).split(' ');
const NAMES =
  'Ana Marasović,Noam Shazeer,Jesse Dodge,Kyle Lo,Taku Kudo,Luca Soldaini,Xiao Bi,Deli Chen,Karl Müller,Jane Doe,Wei Zhang,Li Wang'.split(
    ',',
  );
const CATEGORIES = ['cs.CL', 'cs.LG', 'cs.AI', 'cs.CV', 'cs.RO', 'stat.ML', 'math.CO', 'cs.DM'];

function generate(count: number, seed: number, idOffset = 0): SearchablePaper[] {
  const next = random(seed);
  const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)] as T;
  const words = (n: number) => Array.from({ length: n }, () => pick(WORDS)).join(' ');
  return Array.from({ length: count }, (_, i) => {
    const arxivId = `2501.${String(10000 + idOffset + i)}`;
    const repo = `lab${Math.floor(next() * 20)}/${pick(WORDS)}`;
    const hasRepo = next() < 0.3;
    return {
      id: `arxiv:${arxivId}`,
      arxivId,
      title: words(4 + Math.floor(next() * 6)),
      authors: Array.from({ length: 1 + Math.floor(next() * 4) }, () => pick(NAMES)),
      abstract: `${words(30 + Math.floor(next() * 40))}.${hasRepo ? ` Code: https://github.com/${repo}` : ''}`,
      categories: [pick(CATEGORIES), pick(CATEGORIES)].filter((c, j, all) => all.indexOf(c) === j),
      comments:
        next() < 0.3
          ? `${Math.floor(next() * 20)} pages, accepted at ${pick(['ACL', 'NeurIPS'])}`
          : undefined,
      submitted: `2025-0${1 + Math.floor(next() * 9)}-1${Math.floor(next() * 9)}`,
      links: hasRepo
        ? [{ url: `https://github.com/${repo}`, kind: 'code', host: 'github.com', repo }]
        : undefined,
      source: { site: 'arxiv', kind: 'arxiv-abs', url: `https://arxiv.org/abs/${arxivId}` },
      savedAt: i,
      changedAt: 1,
    };
  });
}

const QUERIES = [
  'transformer',
  'trans',
  'tr',
  'tranformer',
  'convolutoinal networks',
  'graph neural network',
  'attention model',
  'reinforcement learning robot policy',
  'retrieval augmented generation',
  'diffu',
  'speech recogniton',
  'quantization pruning distillation',
  'interpretability',
  'interpretabilty',
  'selfsupervised contrastive',
  'Marasovic',
  'Noam Shazeer',
  'müller',
  'math.CO',
  'cs.CL',
  'github',
  'lab3',
  'neurips',
  '12 pages',
  '2501.10007',
  '2501.100',
  'zebra',
  'zebra attention',
  'zyzzyva',
  'a the of',
  'efficient hardware accelerator compiler',
];

/** MiniSearch's options as searchPapers tries them: strict, with typos, any word. */
const ATTEMPTS: SearchOptions[] = [
  { combineWith: 'AND', fuzzy: false },
  { combineWith: 'AND' },
  { combineWith: 'OR' },
];

/** Score of each paper found. */
function results(mini: MiniSearch<SearchablePaper>, query: string, options: SearchOptions) {
  return new Map(mini.search(query, options).map((result) => [result.id as string, result.score]));
}

/** Score of each paper the index ranks (as searchPapers asks it), checked to come best first. */
function ranked(index: SearchIndex, query: string, options: SearchOptions) {
  const { ids, scores } = index.mini.rank(query, options);
  expect(scores.every((score, i) => i === 0 || score <= (scores[i - 1] as number))).toBe(true);
  return new Map(ids.map((id, i) => [id, scores[i] as number]));
}

/**
 * Same papers, same scores. A score is a sum over the terms a query word matches, taken in the order of the
 * radix tree, which a restored index holds in another order: the last bit may differ, and so may the order of
 * two papers whose scores are that close. Results are sorted by score, so the same scores make the same order.
 */
function expectSameResults(actual: Map<string, number>, expected: Map<string, number>, what: string) {
  expect([...actual.keys()].sort(), what).toEqual([...expected.keys()].sort());
  for (const [id, score] of expected) {
    expect(Math.abs((actual.get(id) as number) - score), `${what}: ${id}`).toBeLessThanOrEqual(score * 1e-12);
  }
}

function plainMiniSearch(papers: SearchablePaper[]): MiniSearch<SearchablePaper> {
  const mini = new MiniSearch(INDEX_OPTIONS);
  for (const paper of papers) mini.add(paper);
  return mini;
}

/** The papers in the order the index holds them (a replaced paper moves to the end). */
function heldInOrder(index: SearchIndex, library: Map<string, SearchablePaper>): SearchablePaper[] {
  return Object.values(index.mini.toJSON().documentIds).map((id) => library.get(id) as SearchablePaper);
}

function expectSameAsPlain(index: SearchIndex, library: Map<string, SearchablePaper>) {
  const plain = plainMiniSearch(heldInOrder(index, library));
  expect(index.mini.documentCount).toBe(plain.documentCount);
  let found = 0;
  for (const query of QUERIES) {
    for (const options of ATTEMPTS) {
      const expected = results(plain, query, options);
      // Ranked first: MiniSearch's search() drops a removed paper it meets from the term's Map.
      expectSameResults(
        ranked(index, query, options),
        expected,
        `ranked: ${query} ${JSON.stringify(options)}`,
      );
      expectSameResults(results(index.mini, query, options), expected, `${query} ${JSON.stringify(options)}`);
      found += expected.size;
    }
  }
  // The queries do find papers, most of them.
  expect(found).toBeGreaterThan(QUERIES.length * 10);
}

const summaries = (index: SearchIndex, query: string) => searchPapers(index, query).map((p) => p.id);

/** The term tree (MiniSearch's radix tree of Maps): its edges, each node's in order, and the terms it ends. */
function treeShape(index: SearchIndex): unknown {
  const shape = (node: Map<string, unknown>): unknown =>
    [...node.keys()].sort().map((edge) => (edge === '' ? '' : [edge, shape(node.get(edge) as typeof node)]));
  return shape((index.mini as unknown as { _index: { _tree: Map<string, unknown> } })._index._tree);
}

describe('the packed index against plain MiniSearch', () => {
  const papers = generate(400, 1);
  const library = new Map(papers.map((paper) => [paper.id, paper]));

  it('finds and scores as MiniSearch add()ing the same papers, built and restored', async () => {
    const built = createSearchIndex(papers);
    expectSameAsPlain(built, library);
    const restored = restoreSearchIndex(structuredClone(saveSearchIndex(built)));
    if (!restored) throw new Error('not restored');
    // Read back in one pass, the term tree is the one MiniSearch builds term by term.
    expect(treeShape(restored)).toEqual(treeShape(built));
    // Read back in steps, with other work between them: the same index.
    let breaths = 0;
    const stepped = await restoreSearchIndexInSteps(structuredClone(saveSearchIndex(built)), async () => {
      breaths++;
    });
    if (!stepped) throw new Error('not restored in steps');
    expect(breaths).toBeGreaterThan(1);
    expect(treeShape(stepped)).toEqual(treeShape(built));
    expect([...stepped.papers.values()]).toEqual([...built.papers.values()]);
    for (const query of QUERIES) expect(summaries(stepped, query)).toEqual(summaries(built, query));
    expectSameAsPlain(restored, library);
    for (const query of [...QUERIES, '']) expect(summaries(restored, query)).toEqual(summaries(built, query));
    expect([...restored.papers.values()]).toEqual([...built.papers.values()]);
  });

  it('a page of the best papers is the start of the whole ranking, and the others are counted', () => {
    const index = createSearchIndex(papers);
    const filters = [{}, { categories: ['cs.CL'] }, { hasCode: true }];
    let paged = 0;
    for (const query of [...QUERIES, 'tra', 'learning', 'model']) {
      for (const filter of filters) {
        const all = findIds(index, query, filter);
        expect(all.total).toBe(all.ids.length);
        for (const want of [1, 5, 20]) {
          const page = findIds(index, query, filter, want);
          expect(page, `${query} ${JSON.stringify(filter)} ${want}`).toEqual({
            total: all.total,
            ids: all.ids.slice(0, want),
          });
          if (all.total > want * 8) paged++;
        }
      }
    }
    // Most of them picked from many more papers than wanted.
    expect(paged).toBeGreaterThan(40);
  });

  it("lists a prefix's terms as MiniSearch's atPrefix does, in its order", () => {
    type Tree = Map<string, unknown> & { atPrefix(prefix: string): Map<string, unknown> };
    const tree = (createSearchIndex(papers).mini as unknown as { _index: Tree })._index;
    const root = (tree as unknown as { _tree: Map<string, unknown> })._tree;
    const terms = [...tree.keys()];
    // Every start of every term (ending on a node, inside an edge, or the whole term), and starts no term has.
    const prefixes = new Set(['', 'zzz', 'transformerz', 'qu', 'q', '2501.1', '2501.2']);
    for (const term of terms) for (let n = 1; n <= term.length; n++) prefixes.add(term.slice(0, n));
    let listed = 0;
    for (const prefix of prefixes) {
      const seen: [string, unknown][] = [];
      forEachCompletion(root, prefix, (term, value) => seen.push([term, value]));
      const expected = prefix === '' || tree.has(prefix) || terms.some((t) => t.startsWith(prefix));
      expect(seen, prefix).toEqual(expected ? [...tree.atPrefix(prefix)] : []);
      listed += seen.length;
    }
    expect(prefixes.size).toBeGreaterThan(500);
    expect(listed).toBeGreaterThan(prefixes.size * 2);
  });

  it('stays so after papers are added, replaced and removed on the restored index, and saved again', () => {
    const current = new Map(library);
    const restored = restoreSearchIndex(structuredClone(saveSearchIndex(createSearchIndex(papers))));
    if (!restored) throw new Error('not restored');
    const change = (index: SearchIndex, round: number) => {
      const added = generate(30, 100 + round, 1000 * (round + 1));
      // Replaced: other words, the same ids.
      const replaced = generate(40, 200 + round).map((paper, i) => ({
        ...paper,
        id: papers[(i * 7 + round) % papers.length]?.id as string,
        changedAt: 2 + round,
      }));
      const removed = [...current.keys()].filter((_, i) => i % 9 === round);
      addToIndex(index, [...added, ...replaced]);
      for (const paper of [...added, ...replaced]) current.set(paper.id, paper);
      removeFromIndex(index, removed);
      for (const id of removed) current.delete(id);
    };
    change(restored, 0);
    expectSameAsPlain(restored, current);
    // Rebuilt from the papers it now holds, in its order: the same results in the same order.
    const rebuilt = createSearchIndex(heldInOrder(restored, current));
    for (const query of [...QUERIES, '']) {
      expect(summaries(restored, query).sort()).toEqual(summaries(rebuilt, query).sort());
    }

    // MiniSearch writing to the index itself (its terms thaw into Maps), then saved and restored again.
    const [extra, gone] = generate(2, 300, 9000).map((paper) => ({
      ...paper,
      title: `zyzzyva ${paper.title}`,
    }));
    for (const paper of [gone, extra] as SearchablePaper[]) {
      restored.mini.add(paper);
      restored.papers.set(paper.id, summarize(paper));
    }
    // A term only they have is held in a Map of MiniSearch's, which keeps a removed paper in it.
    removeFromIndex(restored, [gone?.id as string]);
    current.set(extra?.id as string, extra as SearchablePaper);
    expectSameAsPlain(restored, current);
    const again = restoreSearchIndex(structuredClone(saveSearchIndex(restored)));
    if (!again) throw new Error('not restored');
    expectSameAsPlain(again, current);
    change(again, 1);
    change(again, 2);
    expectSameAsPlain(again, current);
    expect(again.papers.size).toBe(current.size);
  });

  it('keeps the average field lengths of an index built anew through clips, batches, replacements and removals', () => {
    const averages = (index: SearchIndex) =>
      (index.mini as unknown as { _avgFieldLength: number[] })._avgFieldLength;
    const index = createSearchIndex(papers);
    const current = new Map(library);
    // Single clips and batches, past the 500 papers that wait beside the packed postings, and removals past
    // the number that packs them anew; each round checked against the index built from what it then holds.
    [1, 1, 250, 3, 40, 300, 1, 600, 2].forEach((count, round) => {
      const added = generate(count, 500 + round, 10_000 + round * 1000);
      const held = [...current.keys()];
      const replaced = held
        .filter((_, i) => i % 23 === round)
        .map((id, i) => ({ ...(generate(1, 900 + round * 50 + i)[0] as SearchablePaper), id }));
      if (count <= 3) for (const paper of [...added, ...replaced]) addToIndex(index, [paper]);
      else addToIndex(index, [...added, ...replaced]);
      for (const paper of [...added, ...replaced]) current.set(paper.id, paper);
      const removed = held.filter((_, i) => i % (round + 3) === 1);
      for (const id of removed.slice(0, 5)) removeFromIndex(index, [id]);
      removeFromIndex(index, removed.slice(5));
      for (const id of removed) current.delete(id);
      expect(averages(index), `round ${round}`).toEqual(
        averages(createSearchIndex(heldInOrder(index, current))),
      );
    });
    expect(index.papers.size).toBe(current.size);
    expectSameAsPlain(index, current);
    const restored = restoreSearchIndex(structuredClone(saveSearchIndex(index)));
    if (!restored) throw new Error('not restored');
    expect(averages(restored)).toEqual(averages(index));
  });
});

describe('what the index keeps of a paper', () => {
  it('lets go of the papers it is given, their text included', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const next = random(7);
    // Each abstract has a long word of its own in 100 kB of common words: a term cut out of the text must
    // not keep the text alive.
    const word = () =>
      Array.from({ length: 16 }, () => String.fromCharCode(97 + Math.floor(next() * 26))).join('');
    const make = (from: number) =>
      generate(200, 50 + from, from).map((paper) => ({
        ...paper,
        abstract: `${word()} ${'transformer attention '.repeat(5000)}${word()}`,
      }));
    const index = createSearchIndex(make(0));
    const refs: WeakRef<object>[] = [];
    gc();
    const before = process.memoryUsage().heapUsed;
    // In a function of its own: a suspended async function would hold the last batch in its frame.
    const clip = () => {
      for (let round = 1; round <= 3; round++) {
        const batch = make(round * 1000);
        for (const paper of batch) refs.push(new WeakRef(paper));
        // One by one, as clips come, and in a batch.
        for (const paper of batch.slice(0, 20)) addToIndex(index, [paper]);
        addToIndex(index, batch.slice(20));
      }
    };
    clip();
    // A WeakRef holds its paper until the current job ends.
    await new Promise((resolve) => setTimeout(resolve, 0));
    gc();
    const grown = process.memoryUsage().heapUsed - before;
    expect(refs.filter((ref) => ref.deref() !== undefined).length).toBe(0);
    expect(index.papers.size).toBe(800);
    // 600 abstracts of 110 kB (66 MB) were indexed; kept are 1,200 terms and 600 summaries.
    expect(grown).toBeLessThan(8 * 2 ** 20);
  });
});
