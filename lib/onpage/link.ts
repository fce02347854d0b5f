/**
 * "Clip linked paper" (the link menu): the paper an arXiv or Hugging Face paper link names, read from the link
 * alone and kept incomplete, like a PDF's (lib/extract/arxiv-pdf.ts), until its page is visited.
 */

import { papersFromUrl } from '../extract/arxiv-pdf';
import { arxivIdFromHfPaperHref } from '../extract/hf-data';
import { arxivPdfUrl, parseArxivUrl } from '../ids';
import type { Paper } from '../paper';
import { SITE_HOSTS } from '../sites';

/** The paper a link to an arXiv abstract, PDF or HTML page, or to a Hugging Face paper page, names. */
export function paperFromLink(url: string): Paper | undefined {
  const arxiv = parseArxivUrl(url);
  const ref =
    arxiv && ['abs', 'pdf', 'html'].includes(arxiv.page)
      ? arxiv
      : { arxivId: arxivIdFromHfPaperHref(url), version: undefined };
  if (!ref.arxivId || (!arxiv && !/^https?:\/\//i.test(url))) return undefined;
  // Known by its PDF URL: what a link gives is what a PDF tab gives, the id and nothing more.
  return papersFromUrl(`${arxivPdfUrl(ref.arxivId)}${ref.version ? `v${ref.version}` : ''}`)[0];
}

/** The link menu's `targetUrlPatterns`: the links `paperFromLink` reads. */
export function paperLinkPatterns(): string[] {
  return [
    ...SITE_HOSTS.arxiv.flatMap((host) => ['abs', 'pdf', 'html'].map((page) => `*://${host}/${page}/*`)),
    ...SITE_HOSTS.huggingface.map((host) => `*://${host}/papers/*`),
  ];
}
