import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { describesUrl, extractPapers } from '../../lib/extract/index';
import { parseHtml } from '../../lib/node/parse-html';

// The page-markup-built Hugging Face paper page of 2609.31473 ("Game Arena").
const gameArena = parseHtml(readFileSync('tests/fixtures/hf-paper/2609.31473.html', 'utf8'));

describe('describesUrl: is the page already showing the paper of its URL?', () => {
  it('yes for the paper page at its own URL', () => {
    const url = 'https://huggingface.co/papers/2609.31473';
    expect(describesUrl(extractPapers(gameArena, url), url)).toBe(true);
  });

  it('no right after an in-page move to another paper, while the document still shows the previous one', () => {
    const url = 'https://huggingface.co/papers/2609.31620';
    const papers = extractPapers(gameArena, url);
    expect(papers.map((p) => p.id)).toEqual(['arxiv:2609.31473']);
    expect(describesUrl(papers, url)).toBe(false);
  });

  it('yes for a listing, whatever its URL', () => {
    const listing = parseHtml(
      readFileSync('tests/fixtures/hf-list/daily-papers-2026-09-28-28papers-browser-dom.html', 'utf8'),
    );
    const url = 'https://huggingface.co/papers/date/2026-09-28';
    expect(describesUrl(extractPapers(listing, url), url)).toBe(true);
  });
});
