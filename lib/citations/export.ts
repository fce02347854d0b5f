/**
 * Citations out: BibTeX, RIS and CSL-JSON of a set of papers, formatted by citation-js from the CSL-JSON that
 * lib/citations/csl.ts maps. What citation-js does not do, and what is done here instead:
 * - BibTeX: citation-js knows no arXiv fields (its `eprint` is PubMed's) and drops `abstract` from BibTeX, so
 *   its entries are taken as objects (`format: 'object'`: type, key, formatted fields) and `eprint`,
 *   `archivePrefix`, `primaryClass`, `abstract` and the full `date` are added before the entry is written out.
 *   Its ASCII-only escaping spells characters as textcomp and math commands (`\textdollar{}`, `\textbraceleft{}`,
 *   `$\alpha$`) that pandoc and other readers lose, so the file is UTF-8 (citation-js's `asciiOnly: false`, as
 *   biber, pandoc and JabRef read it) and the ten LaTeX special characters are escaped before citation-js sees
 *   the text. The title is wrapped in braces (CSL's `nocase`), so that readers keep its case as written.
 * - RIS: citation-js's writer breaks every value after 70 characters, inside words, and its own reader joins the
 *   pieces back with a space; its records are taken as objects and written one tag a line (CRLF, as Zotero).
 */
import type { StoredPaper } from '../db';
import type { Paper } from '../paper';
import { Cite, plugins } from './cite';
import { arxivFields, type CslItem, citationKeys, paperToCsl } from './csl';
import type { CslName } from './names';

/** The CSL-JSON items of `papers`, under the keys of one export. */
export function cslItems(papers: Paper[]): CslItem[] {
  const keys = citationKeys(papers);
  return papers.map((paper, i) => paperToCsl(paper, keys[i] ?? paper.id));
}

/** CSL-JSON (an array of items, pretty-printed), as pandoc, Zotero and citeproc read it. */
export function toCslJson(papers: StoredPaper[] | Paper[]): string {
  return String(new Cite(cslItems(papers)).format('data'));
}

interface BibtexEntry {
  type: string;
  label: string;
  properties: Record<string, string>;
}

/** One BibTeX entry per paper: `@misc` for a preprint, `@article` for a published paper, with arXiv's fields. */
export function toBibtex(papers: StoredPaper[] | Paper[]): string {
  const items = cslItems(papers);
  const config = plugins.config.get('@bibtex') as { format: { asciiOnly: boolean } };
  const asciiOnly = config.format.asciiOnly;
  config.format.asciiOnly = false;
  let entries: BibtexEntry[];
  try {
    entries = new Cite(items.map(bibtexItem)).format('bibtex', { format: 'object' }) as BibtexEntry[];
  } finally {
    config.format.asciiOnly = asciiOnly;
  }
  return entries
    .map((entry, i) => {
      const paper = papers[i];
      const item = items[i];
      if (!paper || !item) return '';
      // citation-js repeats the URL as `howpublished` for styles without `url`; readers take it for a publisher.
      const fields = Object.entries(entry.properties).filter(
        ([name, value]) => !(name === 'howpublished' && value === entry.properties.url),
      );
      const arxiv = arxivFields(paper);
      if (arxiv) {
        fields.push(['eprint', arxiv.eprint], ['archivePrefix', 'arXiv']);
        if (arxiv.primaryClass) fields.push(['primaryClass', arxiv.primaryClass]);
      }
      if (item.abstract) fields.push(['abstract', latexText(item.abstract)]);
      const date = item.issued?.['date-parts'][0];
      if (date?.length === 3) fields.push(['date', paper.submitted ?? '']);
      const body = fields.map(([name, value]) => `  ${name} = {${value}},`).join('\n');
      return `@${entry.type}{${entry.label},\n${body}\n}\n`;
    })
    .join('\n');
}

/** One RIS record per paper: `GEN` for a preprint (as Zotero writes arXiv preprints), `JOUR` for a published one. */
export function toRis(papers: StoredPaper[] | Paper[]): string {
  const records = new Cite(cslItems(papers).map(risItem)).format('ris', { format: 'object' }) as Record<
    string,
    unknown
  >[];
  return records
    .map((record) => {
      const lines = [`TY  - ${String(record.TY)}`];
      for (const [tag, value] of Object.entries(record)) {
        if (tag === 'TY') continue;
        for (const one of [value].flat()) lines.push(`${tag}  - ${String(one).replace(/\s+/g, ' ').trim()}`);
      }
      lines.push('ER  - ');
      return `${lines.join('\r\n')}\r\n`;
    })
    .join('\r\n');
}

// The characters LaTeX reads as commands; `--` would be read as a dash.
const LATEX_SPECIALS: Record<string, string> = {
  '\\': '\\textbackslash{}',
  '{': '\\{',
  '}': '\\}',
  $: '\\$',
  '&': '\\&',
  '%': '\\%',
  '#': '\\#',
  _: '\\_',
  '~': '\\textasciitilde{}',
  '^': '\\textasciicircum{}',
};

/** Text as LaTeX text: the ten specials escaped, `--` kept as two hyphens; everything else as written (UTF-8). */
export function latexText(text: string): string {
  return text.replace(/[\\{}$&%#_~^]/g, (char) => LATEX_SPECIALS[char] ?? char).replace(/-(?=-)/g, '-{}');
}

/** The CSL item citation-js turns into the BibTeX entry (the arXiv fields and abstract are added after). */
function bibtexItem(item: CslItem): Record<string, unknown> {
  const {
    abstract: _abstract,
    archive: _archive,
    archive_location: _location,
    number: _number,
    ...rest
  } = item;
  const out: Record<string, unknown> = { ...rest };
  // citation-js writes CSL's `document` as @misc, `article` (a preprint in CSL) as @article.
  if (item.type === 'article') out.type = 'document';
  if (item.title) out.title = `<span class="nocase">${latexText(item.title)}</span>`;
  if (item.author) out.author = item.author.map(latexName);
  for (const field of ['container-title', 'note', 'publisher'] as const) {
    const value = item[field];
    if (value) out[field] = latexText(value);
  }
  // BibTeX's month is a month: citation-js writes a day into it ("jun 12") where readers lose the month too.
  const date = item.issued?.['date-parts'][0];
  if (date) out.issued = { 'date-parts': [date.slice(0, 2)] };
  return out;
}

function latexName(name: CslName): CslName {
  return Object.fromEntries(
    Object.entries(name).map(([part, value]) => [part, latexText(String(value))]),
  ) as CslName;
}

/** The CSL item citation-js turns into the RIS record: RIS names have no particle, so it leads the family name. */
function risItem(item: CslItem): Record<string, unknown> {
  const out: Record<string, unknown> = { ...item };
  if (item.type === 'article') out.type = 'document';
  if (item.author) {
    out.author = item.author.map(({ 'non-dropping-particle': particle, ...name }) =>
      particle && name.family ? { ...name, family: `${particle} ${name.family}` } : name,
    );
  }
  return out;
}
