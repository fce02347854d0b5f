/**
 * Relatedness on the 101 real papers of a Hugging Face listing page: each expected neighbour below was checked
 * by reading both titles and abstracts.
 */
import { describe, expect, it } from 'vitest';
import {
  addToRelatedIndex,
  authorKey,
  createRelatedIndex,
  type RelatedPaper,
  relatedTo,
  removeFromRelatedIndex,
  termsOf,
} from '../../lib/related';
import { readPapers } from '../../scripts/jsonl';

const seed = await readPapers('tests/fixtures/datasets/hf-listing-seed.jsonl');
const byId = new Map(seed.map((paper) => [paper.id, paper]));
const index = createRelatedIndex(seed);

function paper(id: string): RelatedPaper {
  const found = byId.get(id);
  if (!found) throw new Error(`no ${id} in the seed`);
  return found;
}

describe('relatedTo on the seed listing', () => {
  it('puts the other mobile-app-review feature extraction paper first', () => {
    // T-FREX and "Leveraging LLMs for Mobile App Review Feature Extraction" extract features from app reviews.
    expect(relatedTo(index, paper('seed-044'), 1)).toEqual(['seed-063']);
  });

  it('puts the other prompt-learning-for-vision-language-models paper first', () => {
    // CoOp ("Learning to Prompt for Vision-Language Models") and its training-free, unsupervised follow-up.
    expect(relatedTo(index, paper('seed-101'), 1)).toEqual(['seed-021']);
  });

  it('finds post-training quantization papers for ZeroQuant-FP', () => {
    // NUPES, ZeroQuant-V2, gradient-based PTQ and AWQ: all four quantize trained weights.
    expect(relatedTo(index, paper('seed-047'), 4).sort()).toEqual([
      'seed-025',
      'seed-069',
      'seed-074',
      'seed-081',
    ]);
  });

  it('relates video object detection to object detection and to video segmentation', () => {
    // SAMWISE segments objects in video; MAMBA detects objects in video.
    expect(relatedTo(index, paper('seed-098'), 1)).toEqual(['seed-022']);
    // DEYOLO, open-set and source-free domain-adaptive detection: three object detectors, then SAMWISE.
    expect(relatedTo(index, paper('seed-022'), 4).sort()).toEqual([
      'seed-004',
      'seed-008',
      'seed-017',
      'seed-098',
    ]);
  });

  it('pairs the two style papers, continual style customization and style-preserving text-to-image', () => {
    expect(relatedTo(index, paper('seed-087'), 1)).toEqual(['seed-003']);
  });

  it('never returns the query itself, and returns k distinct ids', () => {
    for (const query of seed) {
      const results = relatedTo(index, query, 5);
      expect(results).not.toContain(query.id);
      expect(results).toHaveLength(5);
      expect(new Set(results).size).toBe(5);
    }
  });

  it('takes a query paper that is not in the corpus', () => {
    const query = {
      id: 'new',
      title: 'Post-training quantization of LLM weights',
      abstract:
        'We quantize the weights of large language models after training, with low-bit integer and floating-point formats.',
    };
    // ZeroQuant-FP, Rethinking channel dimensions for low-bit weight quantization, NUPES, ZeroQuant-V2, AWQ...
    const quantization = [
      'seed-011',
      'seed-025',
      'seed-035',
      'seed-043',
      'seed-047',
      'seed-069',
      'seed-074',
      'seed-081',
    ];
    for (const id of relatedTo(index, query, 5)) expect(quantization).toContain(id);
  });

  it('returns only what accept lets through', () => {
    const results = relatedTo(index, paper('seed-047'), 5, { accept: (id) => id !== 'seed-081' });
    expect(results).not.toContain('seed-081');
    expect(results).toContain('seed-069');
  });

  it('returns nothing, without throwing, for an empty query or an empty corpus', () => {
    expect(relatedTo(index, { id: 'blank', title: '', abstract: '' }, 5)).toEqual([]);
    expect(relatedTo(index, { id: 'stopwords', title: 'We propose a novel approach' }, 5)).toEqual([]);
    expect(relatedTo(createRelatedIndex([]), paper('seed-001'), 5)).toEqual([]);
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
    expect(relatedTo(small, query, 1)).toEqual(['b']);
  });

  it('prefers a paper in the same categories', () => {
    const query = { id: 'q', title: 'Brane dualities', abstract, categories: ['hep-th', 'math.AG'] };
    expect(relatedTo(small, query, 1)).toEqual(['b']);
  });

  it('ignores them when asked for text only', () => {
    const query = { id: 'q', title: 'Brane dualities', abstract, authors: ['Nathan Seiberg'] };
    expect(relatedTo(small, query, 3, { textOnly: true }).sort()).toEqual(['a', 'b', 'c']);
  });
});

describe('adding and removing papers', () => {
  it('finds a paper once added, and no longer once removed', () => {
    const growing = createRelatedIndex(seed.filter((paper) => paper.id !== 'seed-063'));
    expect(relatedTo(growing, paper('seed-044'), 1)).not.toEqual(['seed-063']);
    addToRelatedIndex(growing, paper('seed-063'));
    expect(relatedTo(growing, paper('seed-044'), 1)).toEqual(['seed-063']);
    removeFromRelatedIndex(growing, paper('seed-063'));
    expect(relatedTo(growing, paper('seed-044'), 10)).not.toContain('seed-063');
  });

  it('counts terms back out on removal: the index equals one built without the paper', () => {
    const rebuilt = createRelatedIndex(seed.filter((paper) => paper.id !== 'seed-063'));
    const shrunk = createRelatedIndex(seed);
    removeFromRelatedIndex(shrunk, paper('seed-063'));
    expect(shrunk.documentFrequency).toEqual(rebuilt.documentFrequency);
  });

  it('refuses a paper already indexed', () => {
    expect(() => addToRelatedIndex(createRelatedIndex(seed), paper('seed-001'))).toThrow(/seed-001/);
  });
});

describe('terms', () => {
  it('drops LaTeX commands, stopwords, boilerplate and bare numbers; folds accents and plurals', () => {
    expect(termsOf('We propose $\\mathcal{N}=4$ Théories of strings in 2025, via 3D models')).toEqual([
      'theory',
      'string',
      '3d',
      'model',
    ]);
  });

  it('keys authors by first initial and surname', () => {
    expect(authorKey('J.-B. Zuber')).toBe('j zuber');
    expect(authorKey('Jean-Bernard Zuber')).toBe('j zuber');
    expect(authorKey('Nathan Seiberg')).toBe(authorKey('N. Seiberg'));
  });
});
