export type ExportFormat = 'bibtex' | 'ris' | 'csl';

export interface LibraryExportProps {
  /** What an export holds: "the 3 selected papers", "the 12 papers found", "the whole library". */
  scope: string;
  /** Set while an export is being written. */
  busy: boolean;
  onExport(format: ExportFormat): void;
}

const FORMATS: [ExportFormat, string, string][] = [
  ['bibtex', 'BibTeX', 'export-bibtex'],
  ['ris', 'RIS', 'export-ris'],
  ['csl', 'CSL-JSON', 'export-csl'],
];

/** Export buttons: the selection, else what the search and filters show, else the whole library. */
export function LibraryExport({ scope, busy, onExport }: LibraryExportProps) {
  return (
    <fieldset class="export">
      <legend class="export-label">Export {scope} as</legend>
      {FORMATS.map(([format, label, testId]) => (
        <button
          key={format}
          type="button"
          data-testid={testId}
          disabled={busy}
          aria-label={`Export ${scope} as ${label}`}
          onClick={() => onExport(format)}
        >
          {label}
        </button>
      ))}
    </fieldset>
  );
}
