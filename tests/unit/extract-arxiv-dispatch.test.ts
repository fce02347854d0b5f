/** Which extractor the dispatcher picks for arXiv URLs. */
import { describe, expect, it } from 'vitest';
import { extractArxivAbs } from '../../lib/extract/arxiv-abs';
import { extractArxivHtml } from '../../lib/extract/arxiv-html';
import { extractArxivList } from '../../lib/extract/arxiv-list';
import { extractArxivPdf } from '../../lib/extract/arxiv-pdf';
import { extractArxivSearch } from '../../lib/extract/arxiv-search';
import { extractorFor } from '../../lib/extract/index';

describe('extractorFor on arXiv URLs', () => {
  it.each([
    ['https://arxiv.org/abs/1706.03762', extractArxivAbs],
    ['https://www.arxiv.org/abs/hep-th/9901001v2', extractArxivAbs],
    ['https://arxiv.org/pdf/1706.03762v7', extractArxivPdf],
    ['https://arxiv.org/html/1706.03762v7#S1', extractArxivHtml],
    ['https://arxiv.org/list/cs.CL/new', extractArxivList],
    ['https://arxiv.org/list/cs.CL/recent?skip=0&show=50', extractArxivList],
    ['https://arxiv.org/list/math/2026-09', extractArxivList],
    ['https://arxiv.org/catchup/cs.CL/2026-09-21', extractArxivList],
    ['https://arxiv.org/search/?query=attention&searchtype=all', extractArxivSearch],
    ['https://arxiv.org/search/advanced?terms-0-term=x', extractArxivSearch],
  ])('%s', (url, extractor) => {
    expect(extractorFor(url)).toBe(extractor);
  });

  it.each([
    'https://arxiv.org/',
    'https://arxiv.org/help/api',
    'https://arxiv.org/login',
    'https://arxiv.org.evil.example/abs/1706.03762',
    'https://example.com/abs/1706.03762',
  ])('none for %s', (url) => {
    expect(extractorFor(url)).toBeUndefined();
  });
});
