/**
 * Hugging Face paper page. No saved huggingface.co/papers/<id> page exists (see
 * /work/shared/fixtures/pages/SOURCES.md), so both fixtures in tests/fixtures/hf-paper/ are BUILT from
 * docs/page-markup.md section 3.2, NOT saved from huggingface.co: a `PaperContent` island holding the
 * `paper` object of 2609.31473 exactly as the real 2026-09-28 listing carries it (so the values are
 * real), with the documented escaping (HTML-escaped attribute, names escaped twice), plus the visible
 * markup the docs describe. The `-dom-only` variant is the same page without the island.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractPapers } from '../../lib/extract';
import { extractHfPaper } from '../../lib/extract/hf-paper';
import { parseHtml } from '../../lib/node/parse-html';

const URL = 'https://huggingface.co/papers/2609.31473';
const load = (name: string) => parseHtml(readFileSync(`tests/fixtures/hf-paper/${name}`, 'utf8'));
const TITLE = 'Game Arena: Strategic LLM Evaluation in Competitive Environments';
const ABSTRACT_START = 'We introduce Kaggle Game Arena, an open and ever-expanding platform';

describe('extractHfPaper from the PaperContent island', () => {
  const papers = extractHfPaper(load('2609.31473.html'), URL);
  const paper = papers[0];

  it('reads one paper with its arXiv identity', () => {
    expect(papers).toHaveLength(1);
    expect(paper?.id).toBe('arxiv:2609.31473');
    expect(paper?.arxivId).toBe('2609.31473');
    expect(paper?.absUrl).toBe('https://arxiv.org/abs/2609.31473');
    expect(paper?.pdfUrl).toBe('https://arxiv.org/pdf/2609.31473');
    expect(paper?.source).toEqual({ site: 'huggingface', kind: 'hf-paper', url: URL });
  });

  it('reads title, all 62 authors with decoded names, and the abstract', () => {
    expect(paper?.title).toBe(TITLE);
    expect(paper?.authors).toHaveLength(62);
    expect(paper?.authors?.[0]).toBe('Bovard Doerschuk-Tiberi');
    expect(paper?.authors?.[25]).toBe("Christopher D'Mello");
    expect(paper?.authors?.[31]).toBe("Meghan O'Connell");
    expect(paper?.authors?.[61]).toBe('Minmin Chen');
    expect(paper?.abstract?.startsWith(ABSTRACT_START)).toBe(true);
    expect(paper?.abstract?.endsWith('generalizability to new games and variants over time.')).toBe(true);
  });

  it('reads the HF numbers, counting comments[] (empty here) as 0', () => {
    expect(paper?.hf).toEqual({
      upvotes: 4,
      projectPage: 'https://www.kaggle.com/game-arena',
      numComments: 0,
    });
  });

  it('leaves submitted absent: publishedAt may be the latest version date', () => {
    expect(paper?.submitted).toBeUndefined();
    expect(paper?.updated).toBeUndefined();
  });

  it('is what extractPapers gives for the paper URL, with or without www, query or hash', () => {
    const doc = load('2609.31473.html');
    for (const url of [
      URL,
      'https://www.huggingface.co/papers/2609.31473',
      `${URL}#community`,
      `${URL}?s=1`,
    ]) {
      expect(extractPapers(doc, url).map((p) => p.source.kind)).toEqual(['hf-paper']);
    }
  });
});

describe('extractHfPaper from the page markup when the island is missing', () => {
  it('reads id, title and abstract, and nothing it cannot see', () => {
    const [paper, ...rest] = extractHfPaper(load('2609.31473-dom-only.html'), URL);
    expect(rest).toEqual([]);
    expect(paper?.id).toBe('arxiv:2609.31473');
    expect(paper?.title).toBe(TITLE);
    expect(paper?.abstract?.startsWith(ABSTRACT_START)).toBe(true);
    expect(paper?.authors).toBeUndefined();
    expect(paper?.hf).toBeUndefined();
    expect(paper?.source.kind).toBe('hf-paper');
  });

  it('falls back to the markup when the island JSON is malformed', () => {
    const doc = load('2609.31473.html');
    const island = doc.querySelector('[data-target="PaperContent"]');
    island?.setAttribute('data-props', (island.getAttribute('data-props') ?? '').slice(0, 5000));
    const [paper] = extractHfPaper(doc, URL);
    expect(paper?.title).toBe(TITLE);
    expect(paper?.authors).toBeUndefined();
  });
});
