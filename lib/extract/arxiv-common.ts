/** Readers shared by the arXiv extractors: the paper record, subjects cells, author lists, text and links. */
import { arxivIdentity, fallbackId, parseArxivId } from '../ids';
import { findLinks } from '../links';
import type { PageKind, Paper } from '../paper';
import { collapseWhitespace } from '../text';
import { compact } from './common';

type ArxivFields = Omit<Paper, 'id' | 'source' | 'absUrl' | 'pdfUrl'>;

/**
 * The record for one paper read from an arXiv page: canonical id and abs/pdf URLs follow from the arXiv id
 * (unversioned, so every page kind of the same paper agrees); absent fields are dropped.
 */
export function arxivPaper(kind: PageKind, url: string, fields: ArxivFields): Paper {
  const { arxivId } = fields;
  return compact({
    ...(arxivId ? arxivIdentity(arxivId) : { id: fallbackId(fields.doi, url) }),
    ...fields,
    source: { site: 'arxiv', kind, url },
  });
}

/** One paper per element matching `selector` (a listing entry, a search hit); unreadable or untitled ones are skipped. */
export function papersIn(
  root: ParentNode,
  selector: string,
  read: (el: Element) => Paper | undefined,
): Paper[] {
  return [...root.querySelectorAll(selector)]
    .map(read)
    .filter((paper): paper is Paper => paper?.title !== undefined);
}

/** The arXiv id in `text` ("arXiv:2401.12345v2", "hep-th/9901001"), without its version. */
export function arxivIdIn(text: string | null | undefined): string | undefined {
  return text ? parseArxivId(collapseWhitespace(text))?.arxivId : undefined;
}

// Page furniture inside the data elements: "Title:"/"Comments:"/"Abstract" labels, LaTeXML footnotes, MathJax 2's
// rendered copies of the math (its `script[type="math/tex"]` keeps the TeX as written), scripts and styles, and
// search's "▽ More"/"△ Less" toggles.
const NOT_CONTENT = [
  '.descriptor',
  '.ltx_title_abstract',
  '.ltx_note',
  '.MathJax_Preview',
  '.MathJax',
  '.MathJax_Display',
  '.MathJax_SVG',
  'script:not([type^="math/tex"])',
  'style',
  'a.is-size-7[onclick]',
].join(', ');

/**
 * The text a reader sees in `el`, as plain text with whitespace collapsed and LaTeX kept as written: labels and
 * rendered-math copies dropped, MathJax 2 TeX restored as `$…$`, LaTeXML `<math alttext>` as `$alttext$`.
 * Markup inside the page's text (an escaped `<script>`) stays inert text.
 */
export function readableText(el: Element | null | undefined): string | undefined {
  if (!el) return undefined;
  const copy = el.cloneNode(true) as Element;
  for (const furniture of copy.querySelectorAll(NOT_CONTENT)) furniture.remove();
  for (const tex of copy.querySelectorAll('script[type^="math/tex"]')) {
    const delimiter = tex.getAttribute('type')?.includes('mode=display') ? '$$' : '$';
    tex.replaceWith(`${delimiter}${tex.textContent ?? ''}${delimiter}`);
  }
  for (const math of copy.querySelectorAll('math[alttext]')) {
    math.replaceWith(`$${math.getAttribute('alttext') ?? ''}$`);
  }
  return collapseWhitespace(copy.textContent ?? '') || undefined;
}

/** Names in an authors element: one per author link, "et al." toggles and labels left out. */
export function authorNames(el: Element | null | undefined): string[] {
  if (!el) return [];
  return [...el.querySelectorAll('a')]
    .filter((a) => a.id !== 'toggle')
    .map((a) => collapseWhitespace(a.textContent ?? ''))
    .filter(Boolean);
}

// A subject as the pages write it: "Discrete Mathematics (cs.DM)", "High Energy Physics - Theory (hep-th)".
const SUBJECT_CODE = /\(([a-z-]+(?:\.[A-Za-z-]+)?)\)\s*$/;

/** Category codes of a Subjects cell, primary first (the `.primary-subject` span, else the first listed). */
export function subjectCategories(
  cell: Element | null | undefined,
): Pick<Paper, 'primaryCategory' | 'categories'> {
  const codes = (readableText(cell) ?? '')
    .split(';')
    .map((subject) => SUBJECT_CODE.exec(subject.trim())?.[1])
    .filter((code): code is string => Boolean(code));
  const primary =
    SUBJECT_CODE.exec(readableText(cell?.querySelector('.primary-subject')) ?? '')?.[1] ?? codes[0];
  const categories = primary ? [primary, ...codes.filter((code) => code !== primary)] : codes;
  return { primaryCategory: primary, categories: [...new Set(categories)] };
}

/** Code/project links of a paper, from its free text and the real targets of its "this https URL" anchors. */
export function linksOf(
  texts: (string | undefined)[],
  elements: (Element | null | undefined)[],
): Paper['links'] {
  const hrefs = elements.flatMap((el) =>
    el ? [...el.querySelectorAll('a[href]')].map((a) => a.getAttribute('href') ?? '') : [],
  );
  return findLinks({
    text: texts.filter((text): text is string => Boolean(text)),
    hrefs: hrefs.filter(Boolean),
  });
}
