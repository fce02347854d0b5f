/**
 * Code, model, dataset and project links of a paper. STUB: the full finder, cleaner and classifier
 * lands with the code-links issue; extractors already call it with their sources.
 */
import type { PaperLink } from './paper';

export interface LinkSources {
  /** Free text (abstract, comments) in which URLs and scheme-less `github.com/o/r` are found. */
  text?: string[];
  /** Hrefs of anchors found in the abstract or comments ("this https URL" anchors). */
  hrefs?: string[];
  /** Hugging Face's `githubRepo` (official) and `projectPage`. */
  githubRepo?: string;
  projectPage?: string;
}

export function findLinks(_sources: LinkSources): PaperLink[] {
  return [];
}
