/** Hugging Face paper page `https://huggingface.co/papers/<arxiv-id>`: one paper. */
import { arxivIdentity, parseArxivUrl } from '../ids';
import type { Paper } from '../paper';
import { compact, isJsonObject, metaContent, paperLinks, textAfterHeading, textOf } from './common';
import { hydrationIslands, paperFromHfObject } from './hf-data';

export function extractHfPaper(doc: Document, url: string): Paper[] {
  const paper = paperFromIsland(doc, url) ?? paperFromDom(doc, url);
  return paper ? [paper] : [];
}

function paperFromIsland(doc: Document, url: string): Paper | undefined {
  for (const { target, props } of hydrationIslands(doc)) {
    if (target !== 'PaperContent' || !isJsonObject(props.paper)) continue;
    const numComments = Array.isArray(props.comments) ? props.comments.length : undefined;
    return paperFromHfObject(props.paper, { numComments }, 'hf-paper', url);
  }
  return undefined;
}

/**
 * Server-rendered page without its island. The "View arXiv page" button is what tells a paper page
 * from a login or error page served at the same URL, and it carries the id.
 */
function paperFromDom(doc: Document, url: string): Paper | undefined {
  const arxivLink = doc.querySelector('a[href^="https://arxiv.org/abs/"]')?.getAttribute('href');
  const ref = arxivLink ? parseArxivUrl(arxivLink) : undefined;
  if (!ref) return undefined;
  const title = textOf(doc, 'h1') ?? metaContent(doc, 'og:title')?.replace(/^Paper page - /, '');
  if (!title) return undefined;
  const abstract = textAfterHeading(doc, 'Abstract');
  return compact<Paper>({
    ...arxivIdentity(ref.arxivId),
    title,
    abstract,
    links: paperLinks(abstract),
    source: { site: 'huggingface', kind: 'hf-paper', url },
  });
}
