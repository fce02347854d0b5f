/** Plain-text helpers shared by the extractors and the link finder. A leaf: it imports nothing from the project. */
import { decodeHTMLStrict } from 'entities';

/** Collapses every whitespace run (newlines, tabs, nbsp) to one space and trims. */
export function collapseWhitespace(text: string): string {
  // Only runs and non-space whitespace: rewriting every single space is slow on a 20 MB page.
  return text.replace(/\s{2,}|[^\S ]/g, ' ').trim();
}

/**
 * One round of HTML-entity decoding on plain text (`D&#39;Mello` -> `D'Mello`, `M&uuml;ller` -> `Müller`), for
 * values a site escaped twice: every entity HTML names (`entities`, the decoder htmlparser2 uses), each only
 * with its semicolon, so that text such as "R&D" or "&copy2023" stays as written. The result is text: nothing
 * is parsed as markup.
 */
export function decodeHtmlEntities(text: string): string {
  return text.includes('&') ? decodeHTMLStrict(text) : text;
}

// Tags abstracts carry when a site puts its HTML (or JATS XML) in a meta tag: only these make a value markup,
// so that "a <b" in a formula stays as written.
const MARKUP_TAG =
  /<\/?(?:jats:)?(?:p|div|span|h[1-6]|sup|sub|i|b|u|em|strong|br|a|ul|ol|li|sec|section|title|italic|bold|abstract)\b[^<>]*>/i;
const HEADING = String.raw`<(h[1-6]|(?:jats:)?title)\b[^<>]*>\s*(?:abstract|summary)\s*[:.]?\s*</\1\s*>`;
const BLOCK_TAG = /<\/?(?:jats:)?(?:p|div|h[1-6]|br|ul|ol|li|sec|section|title|abstract)\b[^<>]*>/gi;

// `10<sup>6</sup>`, `CO<sub>2</sub>`: numbers in super- and subscript keep their place (`10⁶`, `CO₂`).
const SCRIPT_TAG = /<(sup|sub)\b[^<>]*>([^<]*)<\/\1\s*>/gi;
const SCRIPT_DIGITS: Record<string, string> = { sup: '⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾', sub: '₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎' };
const SCRIPTABLE = '0123456789+-=()';

function scriptText(body: string, digits = ''): string {
  const text = body.trim().replaceAll('−', '-');
  if (!/^[-0-9+=()]+$/.test(text)) return body;
  return [...text].map((char) => digits[SCRIPTABLE.indexOf(char)] ?? char).join('');
}

/**
 * Plain text of a value that may hold HTML (Highwire sites such as bioRxiv put `<h3>ABSTRACT</h3><p>…<sup>1</sup>`
 * in `citation_abstract`): an "Abstract" heading dropped, scripts and styles dropped, numbers in `sup`/`sub`
 * in super/subscript digits, blocks apart by a space, other tags removed, entities decoded once, whitespace
 * collapsed. Text without such tags is only collapsed.
 * Nothing is parsed as markup: the tags are taken out of the text, so nothing in it can run or load.
 */
export function markupToText(text: string): string {
  if (!MARKUP_TAG.test(text)) return collapseWhitespace(text);
  const plain = text
    .replace(new RegExp(HEADING, 'gi'), ' ')
    .replace(SCRIPT_TAG, (_tag, kind: string, body: string) =>
      scriptText(body, SCRIPT_DIGITS[kind.toLowerCase()]),
    )
    .replace(/<(script|style)\b[^<>]*>[^<]*<\/\1\s*>/gi, ' ')
    .replace(BLOCK_TAG, ' ')
    .replace(/<\/?[a-z][\w:-]*\b[^<>]*>/gi, '');
  return collapseWhitespace(decodeHtmlEntities(plain));
}
