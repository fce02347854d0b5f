/**
 * Citations in and out (BibTeX, RIS, CSL-JSON) through citation-js. It weighs about 170 kB of script: the pages
 * that use it load it on demand, `await import('@/lib/citations')`.
 */
export { type CslItem, citationKeys, paperToCsl } from './csl';
export { cslItems, latexText, toBibtex, toCslJson, toRis } from './export';
export {
  CitationFileError,
  type CitationFormat,
  type CitationImport,
  detectCitationFormat,
  NO_ID,
  parseCitations,
} from './import';
export { asciiFold, type CslName, joinName, splitName } from './names';
