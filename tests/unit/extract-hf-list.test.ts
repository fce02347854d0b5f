/**
 * Hugging Face listing, on the real 2026-09-28 daily page (browser-DOM capture, see
 * /work/shared/fixtures/pages/SOURCES.md). Expected values were read off the page's DailyPapers JSON
 * and cards by hand.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractPapers } from '../../lib/extract';
import { extractHfList } from '../../lib/extract/hf-list';
import { parseHtml } from '../../lib/node/parse-html';
import type { Paper } from '../../lib/paper';

const URL = 'https://huggingface.co/papers';
const html = readFileSync('tests/fixtures/hf-list/daily-papers-2026-09-28-28papers-browser-dom.html', 'utf8');
const papers = extractHfList(parseHtml(html), URL);
const byId = (id: string): Paper => {
  const paper = papers.find((p) => p.arxivId === id);
  if (!paper) throw new Error(`no paper ${id}`);
  return paper;
};

describe('extractHfList on the 2026-09-28 daily list', () => {
  it('reads the 28 entries in page order', () => {
    expect(papers).toHaveLength(28);
    expect(papers[0]?.arxivId).toBe('2609.31620');
    expect(papers[1]?.arxivId).toBe('2609.18703');
    expect(papers[27]?.arxivId).toBe('2604.02103');
    expect(papers[27]?.title).toBe('BoundInk: Boundary-Aware Online Handwriting Generation');
  });

  it('reads the first paper in full', () => {
    const first = papers[0];
    expect(first?.id).toBe('arxiv:2609.31620');
    expect(first?.title).toBe(
      'FuseReg: Regularizing Layer Fusion Mitigates the Reconstruction-Generation Gap in Representation Autoencoders',
    );
    expect(first?.authors).toHaveLength(16);
    expect(first?.authors?.[0]).toBe('Hongyang Du');
    expect(first?.authors?.[15]).toBe('Yue Wang');
    expect(first?.abstract?.startsWith('Representation autoencoders (RAEs) reuse features')).toBe(true);
    expect(first?.absUrl).toBe('https://arxiv.org/abs/2609.31620');
    expect(first?.pdfUrl).toBe('https://arxiv.org/pdf/2609.31620');
    expect(first?.source).toEqual({ site: 'huggingface', kind: 'hf-list', url: URL });
    expect(first?.hf).toEqual({
      upvotes: 110,
      githubRepo: 'https://github.com/Hongyang-Du/FuseReg',
      githubStars: 12,
      projectPage: 'https://hongyang-du.github.io/FuseReg/',
      numComments: 2,
    });
    expect(first?.links?.some((link) => link.repo === 'Hongyang-Du/FuseReg' && link.official)).toBe(true);
  });

  it('counts repos and project pages as the JSON has them', () => {
    expect(papers.filter((p) => p.hf?.githubRepo)).toHaveLength(18);
    expect(papers.filter((p) => p.hf?.projectPage)).toHaveLength(8);
    // Repo without a star count: no stars invented.
    expect(byId('2609.30192').hf?.githubRepo).toBe('https://github.com/Susan571/SAGE-NeurIPS2026');
    expect(byId('2609.30192').hf?.githubStars).toBeUndefined();
    // 0 stars is a count, not a missing value.
    expect(byId('2609.30216').hf?.githubStars).toBe(0);
  });

  it('keeps zero upvotes and zero comments as 0', () => {
    expect(byId('2609.31291').hf?.upvotes).toBe(0);
    expect(byId('2604.02103').hf?.upvotes).toBe(0);
    expect(byId('2609.31394').hf?.numComments).toBe(0);
  });

  it('reads all 62 authors of Game Arena, with double-escaped names decoded', () => {
    const gameArena = byId('2609.31473');
    expect(gameArena.title).toBe('Game Arena: Strategic LLM Evaluation in Competitive Environments');
    expect(gameArena.authors).toHaveLength(62);
    expect(gameArena.authors?.[0]).toBe('Bovard Doerschuk-Tiberi');
    expect(gameArena.authors?.[61]).toBe('Minmin Chen');
    expect(gameArena.authors).toContain("Christopher D'Mello");
    expect(gameArena.authors).toContain("Meghan O'Connell");
    expect(gameArena.authors?.join()).not.toContain('&#39;');
    expect(gameArena.hf?.projectPage).toBe('https://www.kaggle.com/game-arena');
  });

  it('keeps LaTeX remnants as written and collapses line breaks', () => {
    const vla = byId('2609.04355');
    expect(vla.abstract).toContain('achieves 98.3\\% mean success rate');
    expect(papers.every((p) => !/\s{2,}|\n/.test(p.abstract ?? ''))).toBe(true);
    expect(byId('2609.31394').title).toContain('InternW0-Δ');
  });

  it('never sets a submitted date from HF publishedAt', () => {
    expect(papers.every((p) => p.submitted === undefined)).toBe(true);
  });

  it('is what extractPapers gives for HF listing URLs', () => {
    const doc = parseHtml(html);
    for (const url of [
      URL,
      'https://huggingface.co/papers/date/2026-09-28',
      'https://www.huggingface.co/papers/week/2026-W40',
      'https://huggingface.co/papers/trending',
      'https://huggingface.co/papers?q=attention',
    ]) {
      expect(extractPapers(doc, url)).toHaveLength(28);
    }
  });
});

describe('extractHfList from the cards when the JSON is missing', () => {
  const doc = parseHtml(html);
  doc.querySelector('[data-target="DailyPapers"]')?.removeAttribute('data-props');
  const fromCards = extractHfList(doc, URL);

  it('reads id, title, upvotes and comment count off every card', () => {
    expect(fromCards).toHaveLength(28);
    expect(fromCards.map((p) => p.arxivId)).toEqual(papers.map((p) => p.arxivId));
    expect(fromCards[0]).toEqual({
      id: 'arxiv:2609.31620',
      arxivId: '2609.31620',
      title:
        'FuseReg: Regularizing Layer Fusion Mitigates the Reconstruction-Generation Gap in Representation Autoencoders',
      absUrl: 'https://arxiv.org/abs/2609.31620',
      pdfUrl: 'https://arxiv.org/pdf/2609.31620',
      source: { site: 'huggingface', kind: 'hf-list', url: URL },
      hf: { upvotes: 110, numComments: 2 },
    });
  });

  it('reads the "-" upvote counter as 0 and leaves absent comment links absent', () => {
    const softmax = fromCards.find((p) => p.arxivId === '2609.31291');
    expect(softmax?.hf?.upvotes).toBe(0);
    expect(softmax?.hf?.numComments).toBe(1);
    // No "#community" link on a card with 0 comments: the card does not say, so neither do we.
    expect(fromCards.find((p) => p.arxivId === '2609.31394')?.hf?.numComments).toBeUndefined();
  });
});

describe('extractHfList on other islands', () => {
  const entry = (id: string, title: string) => ({
    paper: { id, title, summary: `About ${title}.`, authors: [{ name: 'A. Author' }], upvotes: 3 },
    numComments: 1,
  });
  const island = (target: string, props: unknown) =>
    `<div class="SVELTE_HYDRATER contents" data-target="${target}" data-props="${JSON.stringify(props)
      .replaceAll('&', '&amp;')
      .replaceAll('"', '&quot;')}"></div>`;

  it('takes any island holding a list of {paper} entries (trending, search)', () => {
    const doc = parseHtml(
      `<html><body>${island('MainHeader', { user: null })}${island('TrendingPapers', {
        isTrending: true,
        papers: [entry('2401.02954', 'DeepSeek LLM'), entry('1706.03762', 'Attention Is All You Need')],
      })}</body></html>`,
    );
    const found = extractHfList(doc, 'https://huggingface.co/papers/trending');
    expect(found.map((p) => p.id)).toEqual(['arxiv:2401.02954', 'arxiv:1706.03762']);
    expect(found[1]?.hf).toEqual({ upvotes: 3, numComments: 1 });
  });

  it('skips entries whose id is not an arXiv id', () => {
    const doc = parseHtml(
      island('DailyPapers', { dailyPapers: [entry('not-an-id', 'X'), entry('2401.02954', 'DeepSeek LLM')] }),
    );
    expect(extractHfList(doc, URL).map((p) => p.arxivId)).toEqual(['2401.02954']);
  });
});
