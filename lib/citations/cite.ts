/**
 * citation-js with the two plugins Papershelf uses (BibTeX and RIS); CSL-JSON is its own data format. The one
 * place that imports it: about 170 kB of script, loaded by the pages that import or export citations on demand.
 */
import '@citation-js/plugin-bibtex';
import '@citation-js/plugin-ris';

export { Cite, plugins } from '@citation-js/core';
