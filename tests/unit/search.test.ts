/**
 * Library search on real papers: titles, authors, categories, comments and links as the arXiv extractor
 * reads them off the pages in tests/fixtures/arxiv-abs (abstracts cut to their first sentences). Each
 * expected order was checked by reading the papers: which ones hold the words, and where.
 */
import { readFileSync } from 'node:fs';
import MiniSearch from 'minisearch';
import { describe, expect, it } from 'vitest';
import type { Paper, PaperLink, Site } from '../../lib/paper';
import {
  addToIndex,
  categoryCounts,
  createSearchIndex,
  facetCounts,
  hasCode,
  INDEX_OPTIONS,
  matchesFilters,
  paperYear,
  removeFromIndex,
  restoreSearchIndex,
  type SearchablePaper,
  saveSearchIndex,
  searchPapers,
  summarize,
} from '../../lib/search';

function paper(
  arxivId: string,
  fields: Omit<Paper, 'id' | 'source'> & { savedAt?: number; tags?: string[] },
): SearchablePaper {
  const url = `https://arxiv.org/abs/${arxivId}`;
  return { id: `arxiv:${arxivId}`, arxivId, source: { site: 'arxiv', kind: 'arxiv-abs', url }, ...fields };
}

const code = (repo: string): PaperLink => ({
  url: `https://github.com/${repo}`,
  kind: 'code',
  host: 'github.com',
  repo,
  official: true,
});

const ATTENTION = paper('1706.03762', {
  title: 'Attention Is All You Need',
  authors: ['Ashish Vaswani', 'Noam Shazeer', 'Niki Parmar', 'Jakob Uszkoreit', 'Llion Jones'],
  abstract:
    'The dominant sequence transduction models are based on complex recurrent or convolutional neural networks in an encoder-decoder configuration. We propose a new simple network architecture, the Transformer, based solely on attention mechanisms.',
  categories: ['cs.CL', 'cs.LG'],
  primaryCategory: 'cs.CL',
  comments: '15 pages, 5 figures',
  submitted: '2017-06-12',
  savedAt: 1,
});
const SENTENCEPIECE = paper('1808.06226', {
  title:
    'SentencePiece: A simple and language independent subword tokenizer and detokenizer for Neural Text Processing',
  authors: ['Taku Kudo', 'John Richardson'],
  abstract:
    'This paper describes SentencePiece, a language-independent subword tokenizer and detokenizer designed for Neural-based text processing, including Neural Machine Translation. SentencePiece is available under the Apache 2 license at https://github.com/google/sentencepiece.',
  categories: ['cs.CL'],
  primaryCategory: 'cs.CL',
  comments: 'Accepted as a demo paper at EMNLP2018',
  submitted: '2018-08-19',
  links: [code('google/sentencepiece')],
  savedAt: 2,
});
const C4 = paper('2104.08758', {
  title: 'Documenting Large Webtext Corpora: A Case Study on the Colossal Clean Crawled Corpus',
  authors: ['Jesse Dodge', 'Maarten Sap', 'Ana Marasović', 'William Agnew', 'Gabriel Ilharco'],
  abstract:
    'Large language models have led to remarkable progress on many NLP tasks, and researchers are turning to ever-larger text corpora to train them.',
  categories: ['cs.CL', 'cs.AI'],
  primaryCategory: 'cs.CL',
  comments: 'EMNLP 2021 accepted paper camera ready version',
  submitted: '2021-04-18',
  savedAt: 3,
  tags: ['data'],
});
const DEEPSEEK = paper('2401.02954', {
  title: 'DeepSeek LLM: Scaling Open-Source Language Models with Longtermism',
  authors: ['DeepSeek-AI', 'Xiao Bi', 'Deli Chen', 'Guanting Chen'],
  abstract:
    'The rapid development of open-source large language models (LLMs) has been truly remarkable. However, the scaling law described in previous literature presents varying conclusions, which casts a dark cloud over scaling LLMs.',
  categories: ['cs.CL', 'cs.AI', 'cs.LG'],
  primaryCategory: 'cs.CL',
  submitted: '2024-01-05',
  savedAt: 4,
});
const DOLMA = paper('2402.00159', {
  title: 'Dolma: an Open Corpus of Three Trillion Tokens for Language Model Pretraining Research',
  authors: ['Luca Soldaini', 'Rodney Kinney', 'Akshita Bhagia', 'Jesse Dodge', 'Kyle Lo'],
  abstract:
    'Information about pretraining corpora used to train the current best-performing language models is seldom discussed.',
  categories: ['cs.CL'],
  primaryCategory: 'cs.CL',
  comments: 'Accepted at ACL 2024; Dataset: this https URL Code: this https URL',
  submitted: '2024-01-31',
  links: [
    code('allenai/dolma'),
    { url: 'https://hf.co/datasets/allenai/dolma', kind: 'dataset', host: 'hf.co', repo: 'allenai/dolma' },
  ],
  savedAt: 5,
  tags: ['data'],
});
const ETERNAL = paper('2110.09732', {
  title: 'Eternal Domination and Clique Covering',
  authors: ['Gary MacGillivray', 'C. M. Mynhardt', 'Virgélot Virgile'],
  abstract:
    'We study the relationship between the eternal domination number of a graph and its clique covering number using both large-scale computation and analytic methods.',
  categories: ['math.CO', 'cs.DM'],
  primaryCategory: 'math.CO',
  comments: '21 pages, submitted for publication',
  submitted: '2021-10-19',
  savedAt: 6,
});
const TOY_STRINGS = paper('hep-th/9901001', {
  title: 'Boundary Conditions for Toy Strings',
  authors: ['Jane Q. Doe', 'Karl Müller'],
  abstract: 'This paper has been withdrawn by the author.',
  categories: ['hep-th', 'gr-qc', 'math.GT'],
  primaryCategory: 'hep-th',
  submitted: '1999-01-04',
  savedAt: 7,
});

const LIBRARY = [ATTENTION, SENTENCEPIECE, C4, DEEPSEEK, DOLMA, ETERNAL, TOY_STRINGS];
const byId = new Map(LIBRARY.map((p) => [p.id, p]));
const titles = (papers: { id: string }[]) => papers.map((p) => byId.get(p.id)?.title);
const ids = (papers: { id: string }[]) => papers.map((p) => p.id.replace(/^arxiv:/, ''));

/**
 * MiniSearch's state, terms in alphabetical order and short ids renumbered in order (an index restored or
 * rebuilt holds its terms in another order, as MiniSearch's own JSON does). With `shortIds` false, the
 * papers are told apart by id only.
 */
function sortedState(mini: MiniSearch<SearchablePaper>, shortIds = true) {
  const json = mini.toJSON();
  const order = Object.keys(json.documentIds).map(Number);
  const renumber = (doc: string | number) => (shortIds ? order.indexOf(Number(doc)) : json.documentIds[doc]);
  // What a search can see: a discarded paper's terms wait, empty, for the next packing of the postings.
  const index = json.index
    .map(([term, fields]) => {
      const renumbered = Object.entries(fields)
        .map(
          ([field, docs]) =>
            [field, Object.entries(docs).map(([doc, freq]) => [renumber(doc), freq])] as const,
        )
        .filter(([, docs]) => docs.length > 0);
      return [term, renumbered] as const;
    })
    .filter(([, fields]) => fields.length > 0)
    .sort(([a], [b]) => a.localeCompare(b));
  const fieldLength = Object.entries(json.fieldLength).map(([doc, lengths]) => [renumber(doc), lengths]);
  return {
    documentCount: json.documentCount,
    ids: order.map((doc) => json.documentIds[doc]),
    fieldLength,
    averageFieldLength: json.averageFieldLength,
    index,
  };
}

describe('searchPapers', () => {
  const index = createSearchIndex(LIBRARY);

  it('finds a paper by a word of its title, and ranks a title match above an abstract match', () => {
    expect(titles(searchPapers(index, 'attention'))).toEqual(['Attention Is All You Need']);
    // "corpus" is in the titles of C4 and Dolma and nowhere else ("corpora" does not start with it).
    expect(ids(searchPapers(index, 'corpus')).sort()).toEqual(['2104.08758', '2402.00159']);
    // "language models": DeepSeek and Dolma say it in their titles, C4 only in its abstract.
    expect(ids(searchPapers(index, 'language models')).at(-1)).toBe('2104.08758');
  });

  it('needs every word of a query, and reads stop words as nothing', () => {
    expect(ids(searchPapers(index, 'attention is all you need'))).toEqual(['1706.03762']);
    expect(ids(searchPapers(index, 'language tokenizer'))).toEqual(['1808.06226']);
  });

  it('completes the word being typed and forgives a typo', () => {
    expect(ids(searchPapers(index, 'sentencep'))).toEqual(['1808.06226']);
    expect(ids(searchPapers(index, 'tranformer'))).toEqual(['1706.03762']);
    expect(ids(searchPapers(index, 'longtermsim'))).toEqual(['2401.02954']);
  });

  it('falls back to papers with any of the words when none has them all', () => {
    expect(ids(searchPapers(index, 'clique sentencepiece'))).toEqual(
      expect.arrayContaining(['2110.09732', '1808.06226']),
    );
    expect(searchPapers(index, 'clique sentencepiece')).toHaveLength(2);
  });

  it('finds papers by author, also without the accents of a name', () => {
    expect(ids(searchPapers(index, 'Vaswani'))).toEqual(['1706.03762']);
    expect(ids(searchPapers(index, 'Noam Shazeer'))).toEqual(['1706.03762']);
    expect(ids(searchPapers(index, 'marasovic'))).toEqual(['2104.08758']);
    // Jesse Dodge wrote both C4 and Dolma.
    expect(ids(searchPapers(index, 'Jesse Dodge')).sort()).toEqual(['2104.08758', '2402.00159']);
  });

  it('finds a paper by the repository or the host of its code link', () => {
    expect(ids(searchPapers(index, 'google/sentencepiece'))).toEqual(['1808.06226']);
    expect(ids(searchPapers(index, 'allenai'))).toEqual(['2402.00159']);
    expect(ids(searchPapers(index, 'github')).sort()).toEqual(['1808.06226', '2402.00159']);
  });

  it('finds a paper by category and by its comments', () => {
    expect(ids(searchPapers(index, 'math.CO'))).toEqual(['2110.09732']);
    expect(ids(searchPapers(index, 'EMNLP2018'))).toEqual(['1808.06226']);
  });

  it('puts the paper an arXiv id names first, with or without prefix, version or URL', () => {
    for (const query of [
      '2401.02954',
      'arXiv:2401.02954v2',
      ' arxiv:2401.02954 ',
      'https://arxiv.org/abs/2401.02954v1',
    ]) {
      expect(ids(searchPapers(index, query))[0]).toBe('2401.02954');
    }
    expect(ids(searchPapers(index, 'hep-th/9901001'))[0]).toBe('hep-th/9901001');
    // The start of an id, as it is being typed.
    expect(ids(searchPapers(index, '2402.001'))).toEqual(['2402.00159']);
  });

  it('lists every paper for an empty query, the newest clip first', () => {
    expect(ids(searchPapers(index, '  '))).toEqual([
      'hep-th/9901001',
      '2110.09732',
      '2402.00159',
      '2401.02954',
      '2104.08758',
      '1808.06226',
      '1706.03762',
    ]);
  });

  it('filters by code, category, tag and year, with or without a query', () => {
    expect(ids(searchPapers(index, '', { hasCode: true })).sort()).toEqual(['1808.06226', '2402.00159']);
    // "language" is in five papers; two of them have code.
    expect(ids(searchPapers(index, 'language', { hasCode: true })).sort()).toEqual([
      '1808.06226',
      '2402.00159',
    ]);
    expect(ids(searchPapers(index, '', { category: 'cs.LG' })).sort()).toEqual(['1706.03762', '2401.02954']);
    expect(ids(searchPapers(index, '', { tag: 'data' })).sort()).toEqual(['2104.08758', '2402.00159']);
    expect(ids(searchPapers(index, '', { year: 2024 })).sort()).toEqual(['2401.02954', '2402.00159']);
    expect(searchPapers(index, 'attention', { hasCode: true })).toEqual([]);
    // A filtered-out paper is not put first for its id either.
    expect(searchPapers(index, '1706.03762', { category: 'math.CO' })).toEqual([]);
  });
});

describe('index updates', () => {
  it('makes a new paper searchable at once, replaces a changed one and forgets a removed one', () => {
    const index = createSearchIndex([ATTENTION, C4]);
    expect(searchPapers(index, 'sentencepiece')).toEqual([]);

    addToIndex(index, [SENTENCEPIECE]);
    expect(ids(searchPapers(index, 'sentencepiece'))).toEqual(['1808.06226']);

    // The same paper seen again with another title: only the new words find it.
    addToIndex(index, [{ ...ATTENTION, title: 'Attention Revisited' }]);
    expect(ids(searchPapers(index, 'revisited'))).toEqual(['1706.03762']);
    expect(searchPapers(index, 'need')).toEqual([]);
    expect(index.papers.size).toBe(3);

    removeFromIndex(index, ['arxiv:1808.06226', 'arxiv:not-there']);
    expect(searchPapers(index, 'sentencepiece')).toEqual([]);
    expect(ids(searchPapers(index, ''))).toEqual(['2104.08758', '1706.03762']);
  });

  it('finds a paper clipped after a search by the typos that search looked for', () => {
    const index = createSearchIndex([ATTENTION, C4]);
    // "sentencpiece" is a typo of a word no paper has yet: any word finds the attention paper.
    expect(ids(searchPapers(index, 'attention sentencpiece'))).toEqual(['1706.03762']);
    expect(searchPapers(index, 'sentencpiece')).toEqual([]);
    addToIndex(index, [{ ...SENTENCEPIECE, title: `Attention ${SENTENCEPIECE.title}` }]);
    expect(ids(searchPapers(index, 'attention sentencpiece'))).toEqual(['1808.06226']);
    expect(ids(searchPapers(index, 'sentencpiece'))).toEqual(['1808.06226']);
    // …and no longer once it is removed, nor by the typos of a word only it had.
    removeFromIndex(index, ['arxiv:1808.06226']);
    expect(ids(searchPapers(index, 'attention sentencpiece'))).toEqual(['1706.03762']);
    expect(searchPapers(index, 'sentencpiece')).toEqual([]);
  });

  it('reads a saved index back, with no paper, and searches it the same', () => {
    const library = LIBRARY.map((paper) => ({ ...paper, changedAt: 1 }));
    const index = createSearchIndex(library);
    const restored = restoreSearchIndex(structuredClone(saveSearchIndex(index)));
    if (!restored) throw new Error('not restored');
    for (const query of ['tranformer', 'google/sentencepiece', 'Jesse Dodge', '2401.02954', '']) {
      expect(ids(searchPapers(restored, query))).toEqual(ids(searchPapers(index, query)));
    }
    expect(searchPapers(restored, '', { tag: 'data', hasCode: true }).map((p) => p.id)).toEqual([DOLMA.id]);
    expect(categoryCounts(restored.papers.values())).toEqual(categoryCounts(LIBRARY));
  });

  it('is not restored from another version or a damaged copy', () => {
    const saved = saveSearchIndex(createSearchIndex(LIBRARY));
    expect(restoreSearchIndex(saved)).toBeDefined();
    expect(restoreSearchIndex({ ...saved, version: 0 })).toBeUndefined();
    expect(restoreSearchIndex({ ...saved, json: '{"truncated' })).toBeUndefined();
    expect(restoreSearchIndex({ ...saved, docs: saved.docs.slice(1) })).toBeUndefined();
    expect(restoreSearchIndex({ ...saved, ids: saved.ids.slice(1) })).toBeUndefined();
    const scrambled = saved.docs.slice();
    scrambled.reverse();
    expect(restoreSearchIndex({ ...saved, docs: scrambled })).toBeUndefined();
  });
});

describe('index built many papers at once', () => {
  // Words repeated and cased differently, stop words, accents, ids: what field lengths and term counts see.
  const REPEATS = paper('2501.00001', {
    title: 'The the THE Müller müller Muller: attention, Attention and attention',
    authors: ['Ana Marasović', 'ANA MARASOVIC'],
    abstract: 'Attention is attention. 2401.02954 and math.CO, 3D 3d 3-D; Ångström ångström angstrom.',
    categories: ['cs.CL'],
  });
  const PAPERS = [...LIBRARY, REPEATS];
  /** The index MiniSearch builds with add(), one paper after another. */
  const addedOneByOne = (papers: SearchablePaper[]) => {
    const mini = new MiniSearch(INDEX_OPTIONS);
    for (const paper of papers) mini.add(paper);
    return sortedState(mini);
  };

  it('is the index that adding the papers one by one builds', () => {
    expect(sortedState(createSearchIndex(PAPERS).mini)).toEqual(addedOneByOne(PAPERS));
    // In several batches, and onto an index that already holds terms.
    const index = createSearchIndex(PAPERS.slice(0, 3));
    addToIndex(index, PAPERS.slice(3, 5));
    addToIndex(index, PAPERS.slice(5));
    expect(sortedState(index.mini)).toEqual(addedOneByOne(PAPERS));
  });

  it('replaces a paper seen again, the same as adding it anew at the end', () => {
    const changed = { ...C4, title: 'Colossal Clean Crawled Corpus, documented' };
    const index = createSearchIndex([ATTENTION, C4]);
    addToIndex(index, [SENTENCEPIECE, changed, REPEATS, changed]);
    const reference = createSearchIndex([ATTENTION, SENTENCEPIECE, REPEATS, changed]);
    expect(sortedState(index.mini, false)).toEqual(sortedState(reference.mini, false));
    expect(ids(searchPapers(index, 'documented'))).toEqual(['2104.08758']);
  });

  it('takes in papers MiniSearch itself adds, and saves them', () => {
    const index = createSearchIndex(LIBRARY.slice(0, 3));
    index.mini.add(DEEPSEEK);
    index.papers.set(DEEPSEEK.id, summarize(DEEPSEEK));
    expect(ids(searchPapers(index, 'longtermism'))).toEqual(['2401.02954']);
    const restored = restoreSearchIndex(saveSearchIndex(index));
    expect(ids(searchPapers(restored ?? index, 'longtermism'))).toEqual(['2401.02954']);
    expect(sortedState(restored?.mini ?? index.mini)).toEqual(addedOneByOne(LIBRARY.slice(0, 4)));
  });

  it('throws on a paper given twice in one batch, as add() does', () => {
    const index = createSearchIndex([]);
    expect(() => index.mini.addAll([ATTENTION, ATTENTION])).toThrow(/duplicate ID/);
  });
});

describe('filters and facets', () => {
  it('tells papers with code from papers with only other links', () => {
    expect(hasCode(SENTENCEPIECE)).toBe(true);
    expect(hasCode({ ...DOLMA, links: DOLMA.links?.filter((l) => l.kind === 'dataset') })).toBe(false);
    expect(hasCode(ATTENTION)).toBe(false);
  });

  it('dates a paper by its v1, or by its id when the date is missing', () => {
    expect(paperYear(ATTENTION)).toBe(2017);
    expect(paperYear({ ...DEEPSEEK, submitted: undefined })).toBe(2024);
    expect(paperYear({ ...TOY_STRINGS, submitted: undefined })).toBeUndefined();
  });

  it('counts the categories present, cross-lists included, the largest first', () => {
    expect(categoryCounts(LIBRARY).slice(0, 4)).toEqual([
      ['cs.CL', 5],
      ['cs.AI', 2],
      ['cs.LG', 2],
      ['cs.DM', 1],
    ]);
  });

  describe('by site', () => {
    // Clipped on arXiv only; clipped on arXiv then seen on Hugging Face (the record keeps its arXiv source and
    // gains `hf`); clipped on Hugging Face; clipped from a publisher's page.
    const both: SearchablePaper = { ...DEEPSEEK, hf: { upvotes: 12 } };
    const onHf: SearchablePaper = {
      ...DOLMA,
      source: { site: 'huggingface', kind: 'hf-paper', url: 'https://huggingface.co/papers/2402.00159' },
      hf: { upvotes: 40, githubRepo: 'https://github.com/allenai/dolma' },
    };
    const publisher: SearchablePaper = {
      id: 'doi:10.1145/3366423.3380211',
      doi: '10.1145/3366423.3380211',
      title: 'Open Graph Benchmark: Datasets for Machine Learning on Graphs',
      source: {
        site: 'web',
        kind: 'citation-meta',
        url: 'https://dl.acm.org/doi/10.1145/3366423.3380211',
      },
      savedAt: 6,
    };
    const library = [ATTENTION, both, onHf, publisher];
    const found = (index: ReturnType<typeof createSearchIndex>, query: string, site?: Site) =>
      searchPapers(index, query, { site })
        .map((p) => p.id)
        .sort();

    it('counts a paper under each site it was met on, one met on arXiv and Hugging Face under both', () => {
      const index = createSearchIndex(library);
      expect(facetCounts(index.papers.values()).sites).toEqual([
        ['arxiv', 2],
        ['huggingface', 2],
        ['web', 1],
      ]);
    });

    it('filters by site, with or without a query, on summaries and on papers alike', () => {
      const index = createSearchIndex(library);
      expect(found(index, '', 'arxiv')).toEqual([ATTENTION.id, DEEPSEEK.id]);
      expect(found(index, '', 'huggingface')).toEqual([DEEPSEEK.id, DOLMA.id]);
      expect(found(index, '', 'web')).toEqual([publisher.id]);
      expect(found(index, '', undefined)).toHaveLength(4);
      // Both language-model papers hold the words; only DeepSeek was met on arXiv.
      expect(found(index, 'language models', undefined)).toEqual([DEEPSEEK.id, DOLMA.id]);
      expect(found(index, 'language models', 'arxiv')).toEqual([DEEPSEEK.id]);
      expect(found(index, 'language models', 'web')).toEqual([]);
      expect(matchesFilters(both, { site: 'huggingface' })).toBe(true);
      expect(matchesFilters(both, { site: 'arxiv' })).toBe(true);
      expect(matchesFilters(onHf, { site: 'arxiv' })).toBe(false);
      expect(matchesFilters(publisher, { site: 'huggingface' })).toBe(false);
    });

    it('keeps the sites in a saved index read back', () => {
      const restored = restoreSearchIndex(structuredClone(saveSearchIndex(createSearchIndex(library))));
      if (!restored) throw new Error('not restored');
      expect(facetCounts(restored.papers.values()).sites).toEqual([
        ['arxiv', 2],
        ['huggingface', 2],
        ['web', 1],
      ]);
      expect(found(restored, '', 'huggingface')).toEqual([DEEPSEEK.id, DOLMA.id]);
      expect(found(restored, 'language models', 'arxiv')).toEqual([DEEPSEEK.id]);
    });
  });
});

describe('a search that cannot match', () => {
  // 80 real cs papers; queries as a reader types them: every prefix of title words, words with a typo, words
  // no paper holds.
  const lines = readFileSync('tests/fixtures/library/cs-2025-80-with-8-tokenizer-papers.jsonl', 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { id: string; title: string; abstract: string; authors: string[] });
  const index = createSearchIndex(
    lines.map((line) =>
      paper(line.id, { title: line.title, abstract: line.abstract, authors: line.authors }),
    ),
  );
  const queries = lines.flatMap((line, n) => {
    const words = line.title.split(/\s+/).slice(0, 4);
    const typed = words.join(' ');
    const prefixes = Array.from({ length: typed.length }, (_, i) => typed.slice(0, i + 1));
    const typo = words.map((word) => (word.length > 5 ? word.slice(0, 2) + word.slice(3) : word)).join(' ');
    return [...prefixes.filter((_, i) => i % 3 === n % 3), typo, `${words[0]} zqxjvw`, `${typo} quokkaology`];
  });
  const attempts = [
    { combineWith: 'AND', fuzzy: false },
    { combineWith: 'AND' },
    { combineWith: 'OR' },
  ] as const;

  it('is told from the term tree alone, never wrongly: what it rules out finds nothing', () => {
    let ruledOut = 0;
    for (const query of queries) {
      for (const attempt of attempts) {
        if (!index.mini.findsNothing(query, attempt)) continue;
        ruledOut++;
        expect(index.mini.search(query, attempt), `${query} (${JSON.stringify(attempt)})`).toEqual([]);
      }
    }
    // Not vacuous: the words no paper holds, and most typos without typo matching, are ruled out.
    expect(ruledOut).toBeGreaterThan(160);
  });

  it("an all-words search scored among the rarest word's papers finds and scores as plain MiniSearch", () => {
    // The same papers in a plain MiniSearch, with the same options (it scores every paper of every word).
    const plain = new MiniSearch(INDEX_OPTIONS);
    plain.addAll(
      lines.map((line) =>
        paper(line.id, { title: line.title, abstract: line.abstract, authors: line.authors }),
      ),
    );
    const rows = (results: { id: string; score: number }[]) => results.map((r) => [r.id, r.score.toFixed(9)]);
    let narrowed = 0;
    for (const query of queries) {
      for (const attempt of attempts.slice(0, 2)) {
        const { ids, scores } = index.mini.searchEveryWord(query, attempt);
        const found = ids.map((id, i) => ({ id, score: scores[i] as number }));
        expect(rows(found), query).toEqual(rows(plain.search(query, attempt)));
        if (found.length > 0 && found.length < 20) narrowed++;
      }
    }
    expect(narrowed).toBeGreaterThan(50);
  });

  it('still finds what typing finds: a title prefix, a typo with typo matching', () => {
    expect(index.mini.findsNothing(lines[0]?.title.slice(0, 12) ?? '', attempts[0])).toBe(false);
    const [first] = lines;
    const typo = (first?.title.split(/\s+/) ?? []).map((w) =>
      w.length > 5 ? w.slice(0, 2) + w.slice(3) : w,
    );
    expect(searchPapers(index, typo.join(' ')).map((p) => p.id)).toContain(`arxiv:${first?.id}`);
  });
});

describe('the any-word attempt in a large library', () => {
  // Every abstract says "models"; one paper in 50 names each task (tk0 to tk49, too short for typos).
  const library = (size: number) =>
    createSearchIndex(
      Array.from({ length: size }, (_, i) =>
        paper(`2501.${String(10000 + i)}`, {
          title: `Paper number ${i}`,
          abstract: `We train models on tk${i % 50}.`,
        }),
      ),
    );

  it('leaves out the words in more than a tenth of the abstracts, from 5,000 papers on', () => {
    // No paper holds all three words: any of them, but "models" would bring every paper.
    expect(searchPapers(library(6000), 'models tk7 quokkaology')).toHaveLength(120);
    // The word being typed stays, common or not.
    expect(searchPapers(library(6000), 'quokkaology models')).toHaveLength(6000);
  });

  it('keeps every word in a smaller library', () => {
    expect(searchPapers(library(1000), 'models tk7 quokkaology')).toHaveLength(1000);
  });
});
