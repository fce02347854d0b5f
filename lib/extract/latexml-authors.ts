/**
 * The authors of a LaTeXML author block (`div.ltx_authors` of arXiv's HTML full text), one name each, in order,
 * without affiliations or e-mails, whichever way the paper wrote its `\author`:
 * - one `.ltx_creator` per author (`\and` of the article class, IEEEtran's `\IEEEauthorblockN`, acmart's and revtex's
 *   `\author` per person, authblk): the name is the first line of its `.ltx_personname`; affiliations and e-mails
 *   follow on later lines or sit beside it in `.ltx_author_notes` (`.ltx_contact`, `ltx_role_affiliation`/`_email`);
 * - several authors in one `.ltx_personname`, as the NeurIPS and ICLR styles' `\And` and `\AND` come out: amsmath's
 *   `\And` is a literal `&` glued to the next name (`&Name`: the control word eats the space after it), an undefined
 *   one an `ltx_ERROR` span (`\AND`), an empty one leaves the next name after the previous author's e-mail;
 * - several names on one line: `A, B and C`, `A \& B`, `A$^1$ \quad B$^2$`, `A $\cdot$ B`;
 * - names in a tabular: one column per author (`A & B & C \\ affiliations…`), or a tabular per author.
 * An `&` with a space after it is the text's own (`\&`, a control symbol, keeps the space): "Biostatistics &
 * Bioinformatics", or "ELLIS Institute Tübingen &" ending an affiliation line.
 */
import { collapseWhitespace } from '../text';

// What a name line holds besides the name: footnote and affiliation marks, footnotes (`\thanks`), ORCID links. The
// author's notes and contacts sit beside the `.ltx_personname`, not in it.
const NOT_A_NAME = 'sup, .ltx_note, a[href*="orcid.org"]';
// Between two names on one line: a comma, `&` or "and" (`A, B and C`, `A \& B`), a semicolon, a dot or a bar
// (`A · B`, `A $\cdot$ B`), an en or em space (`\enspace`, `\quad`, `\qquad`) or a run of no-break spaces
// (`\hspace{1cm}`, `\ \ `). One no-break space is a tie inside a name (`A.~B.~Smith`).
const NAME_SEPARATOR = /[,;&·•⋅|\u2002\u2003]|\u00a0{2,}|\band\b/;
// A formula that only stands between names; any other (`$^{1,*}$`) is a mark.
const SEPARATOR_MATH = /^(?:\\cdot|\\bullet|\\mid|\||;|,)$/;
// An ORCID iD whose link macro LaTeXML did not know, left as text: `\orcid{0000-0002-1825-0097}`.
const ORCID_ID = /\b\d{4}-\d{4}-\d{4}-\d{3}[\dX]\b/g;
// Private-use characters: they cannot be in the page's text where these stand.
const LINE_BREAK = '\uE000';
const NEXT_AUTHOR = '\uE001';
// Where a tabular stands while the text before it is read.
const TABLE = '\uE002';
// What an author's part holds before a tabular that opens it: nothing, or what separates it from the previous one.
const NO_NAME_YET = new RegExp(`^[\\s,;&·•⋅|${LINE_BREAK}]*$`);
// `\And` and `\AND` as LaTeXML renders them: `&` glued to the next name, at a line's start or after a space.
const AND_AMPERSAND = new RegExp(`(^|[\\s${LINE_BREAK}])&(?=[^\\s&${LINE_BREAK}])`, 'g');
// An e-mail with more text on its line: that text is the next author's name (an empty `\AND`).
const NAME_AFTER_EMAIL = new RegExp(`(\\S+@\\S+)[^\\S${LINE_BREAK}]+(?=\\p{L})`, 'gu');
const AND_MACRO = /^\\(?:and|And|AND)$/;

/** The names in `block` (`div.ltx_authors`), in order; [] without one. */
export function latexmlAuthors(block: Element | null | undefined): string[] {
  return block ? [...block.querySelectorAll('.ltx_personname')].flatMap(personNames) : [];
}

function personNames(personname: Element): string[] {
  const copy = personname.cloneNode(true) as Element;
  for (const extra of copy.querySelectorAll(NOT_A_NAME)) extra.remove();
  for (const math of copy.querySelectorAll('math'))
    math.replaceWith(SEPARATOR_MATH.test((math.getAttribute('alttext') ?? '').trim()) ? ',' : ' ');
  for (const error of copy.querySelectorAll('.ltx_ERROR'))
    error.replaceWith(AND_MACRO.test(collapseWhitespace(error.textContent ?? '')) ? NEXT_AUTHOR : ' ');
  for (const br of copy.querySelectorAll('br')) br.replaceWith(LINE_BREAK);
  for (const table of copy.querySelectorAll('.ltx_tabular'))
    if (copy.contains(table)) flattenTable(copy, table);
  const text = (copy.textContent ?? '')
    .replace(AND_AMPERSAND, `$1${NEXT_AUTHOR}`)
    .replace(NAME_AFTER_EMAIL, `$1${NEXT_AUTHOR}`);
  return text.split(NEXT_AUTHOR).flatMap(namesOnFirstLine);
}

/**
 * A tabular as text: where it opens an author's part, its first row holds the names, one a cell, and its other rows
 * their affiliations and e-mails; after a name, it holds that author's affiliations, a line a row.
 */
function flattenTable(copy: Element, table: Element): void {
  const rows = [...table.querySelectorAll('.ltx_tr')]
    .filter((row) => row.closest('.ltx_tabular') === table && row.textContent?.trim())
    .map((row) =>
      [...row.querySelectorAll('.ltx_td')]
        .filter((cell) => cell.closest('.ltx_tr') === row)
        .map((cell) => cell.textContent ?? ''),
    );
  table.before(TABLE);
  const text = copy.textContent ?? '';
  const part = text.slice(0, text.indexOf(TABLE)).split(NEXT_AUTHOR).at(-1)?.split('&').at(-1) ?? '';
  const [first = [], ...rest] = rows;
  const lines = (cells: string[][]) => cells.map((row) => row.join(' ')).join(LINE_BREAK);
  const flat = NO_NAME_YET.test(part)
    ? `${NEXT_AUTHOR}${first.join(NEXT_AUTHOR)}${LINE_BREAK}${lines(rest)}${NEXT_AUTHOR}`
    : `${LINE_BREAK}${lines(rows)}`;
  table.previousSibling?.remove();
  table.replaceWith(flat);
}

/** The names on the first line of one author's part: its later lines are affiliations and e-mails. */
function namesOnFirstLine(part: string): string[] {
  const firstLine = part.split(LINE_BREAK).find((line) => line.trim()) ?? '';
  return firstLine
    .replace(ORCID_ID, ' ')
    .split(NAME_SEPARATOR)
    .map((name) => collapseWhitespace(name.replace(/[*∗⋆†‡§¶\d]+/g, ' ')))
    .filter(isName);
}

/** Not an e-mail, a web address, a label ("Email: …") or a suffix ("Jr."): something with letters. */
const isName = (text: string): boolean =>
  /\p{L}/u.test(text) && !/[@:/]/.test(text) && !/^(?:Jr|Sr)\.?$/.test(text);
