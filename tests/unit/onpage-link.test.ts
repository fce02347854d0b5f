/** "Clip linked paper": the paper a link names (lib/onpage/link.ts). */
import { describe, expect, it } from 'vitest';
import { paperFromLink, paperLinkPatterns } from '../../lib/onpage/link';

describe('paperFromLink', () => {
  it('reads arXiv abstract, PDF and HTML links, with their version, as an incomplete paper', () => {
    for (const url of [
      'https://arxiv.org/abs/1706.03762v7',
      'https://arxiv.org/pdf/1706.03762v7',
      'https://www.arxiv.org/html/1706.03762v7',
      'http://export.arxiv.org/abs/1706.03762v7',
    ]) {
      expect(paperFromLink(url)).toEqual({
        id: 'arxiv:1706.03762',
        arxivId: '1706.03762',
        version: 7,
        absUrl: 'https://arxiv.org/abs/1706.03762',
        pdfUrl: 'https://arxiv.org/pdf/1706.03762',
        source: { site: 'arxiv', kind: 'arxiv-pdf', url: 'https://arxiv.org/pdf/1706.03762v7' },
        incomplete: true,
      });
    }
    expect(paperFromLink('https://arxiv.org/abs/hep-th/9711200')?.id).toBe('arxiv:hep-th/9711200');
  });

  it('reads a Hugging Face paper link', () => {
    const paper = paperFromLink('https://huggingface.co/papers/2609.31473?utm_source=x#community');
    expect(paper).toMatchObject({ id: 'arxiv:2609.31473', incomplete: true });
    expect(paper?.version).toBeUndefined();
  });

  it('reads nothing from other links', () => {
    for (const url of [
      'https://arxiv.org/list/cs.CL/new',
      'https://arxiv.org/format/1706.03762',
      'https://huggingface.co/papers',
      'https://huggingface.co/papers/not-an-id',
      'https://arxiv.org.evil.example/abs/1706.03762',
      'https://evil.example/papers/1706.03762',
      '/papers/1706.03762',
      'javascript:alert(1)',
      'not a url',
    ]) {
      expect(paperFromLink(url), url).toBeUndefined();
    }
  });

  it('gives the menu a pattern for each page it reads, on every host', () => {
    const patterns = paperLinkPatterns();
    expect(patterns).toContain('*://arxiv.org/abs/*');
    expect(patterns).toContain('*://export.arxiv.org/pdf/*');
    expect(patterns).toContain('*://huggingface.co/papers/*');
    expect(patterns.every((pattern) => /^\*:\/\/[a-z.]+\/[a-z]+\/\*$/.test(pattern))).toBe(true);
  });
});
