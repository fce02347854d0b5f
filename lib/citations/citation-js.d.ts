/**
 * The few parts of citation-js (which ships no types) that lib/citations uses. CSL-JSON items are typed loosely:
 * lib/citations/csl.ts builds them and reads them back field by field.
 */
declare module '@citation-js/core' {
  export type CslItem = Record<string, unknown>;

  export class Cite {
    constructor(data: unknown, options?: { generateGraph?: boolean });
    data: CslItem[];
    format(format: string, options?: Record<string, unknown>): unknown;
  }

  export const plugins: {
    config: { get(name: string): unknown };
    input: {
      /** The input format citation-js recognises in `data` (`@bibtex/text`, `@ris/file`, `@else/...`). */
      type(data: unknown): string;
      /** One parsing step: text to entries (BibTeX) or records (RIS). */
      chainLink(data: unknown): unknown;
      /** Every step, to CSL-JSON unless `target` names another format. */
      chain(data: unknown, options?: { target?: string; generateGraph?: boolean }): unknown;
    };
  };
}

declare module '@citation-js/plugin-bibtex' {}
declare module '@citation-js/plugin-ris' {}
