import type { ImportJob } from '@/lib/library-index';

export interface ImportPanelProps {
  job?: ImportJob;
  error?: string;
  onFile(file: File): void;
  onCancel(): void;
  onBackup(): void;
}

const count = (n: number) => n.toLocaleString('en');

/** What the import is doing, in words. */
function describe(job: ImportJob): string {
  switch (job.state) {
    case 'queued':
      return `Starting the import of ${job.name}…`;
    case 'checking':
      return `Checking ${job.name}: ${count(job.done)} lines…`;
    case 'importing':
      return `Importing ${job.name}: ${count(job.done)} of ${count(job.total)} papers…`;
    case 'done': {
      const skipped = job.skipped?.length ? `, ${count(job.skipped.length)} skipped` : '';
      const what = job.kind === 'backup' ? 'Restored the backup' : 'Imported';
      return `${what} ${job.name}: ${count(job.added ?? 0)} papers added, ${count(job.merged ?? 0)} already in your library merged${skipped}.`;
    }
    default:
      return job.message ?? `The import of ${job.name} stopped.`;
  }
}

/** Import a reading list (JSON Lines, plain or gzipped), with its progress and a way to cancel it. */
export function ImportPanel({ job, error, onFile, onCancel, onBackup }: ImportPanelProps) {
  const running = job && ['queued', 'checking', 'importing'].includes(job.state);
  return (
    <div class="import">
      <button type="button" data-testid="export-json" onClick={onBackup}>
        Back up library
      </button>
      <label class="import-button">
        Import (reading list, BibTeX, RIS or backup)
        <input
          type="file"
          data-testid="import-input"
          accept=".jsonl,.json,.gz,.ndjson,.bib,.bibtex,.ris,.txt,application/gzip,application/json"
          disabled={running}
          onChange={(event) => {
            const file = event.currentTarget.files?.[0];
            if (file) onFile(file);
            event.currentTarget.value = '';
          }}
        />
      </label>
      {job && (
        <div class="import-status" role="status">
          <p
            data-testid="import-message"
            data-state={job.state}
            class={job.state === 'failed' ? 'error' : undefined}
          >
            {describe(job)}
          </p>
          {job.state === 'done' && job.skipped && job.skipped.length > 0 && (
            <details data-testid="import-skipped">
              <summary>Why {count(job.skipped.length)} entries were skipped</summary>
              <ul>
                {job.skipped.slice(0, 200).map((entry) => (
                  <li key={entry.entry}>
                    {entry.entry}: {entry.reason}
                  </li>
                ))}
              </ul>
            </details>
          )}
          {running && (
            <>
              <progress
                data-testid="import-progress"
                max={job.state === 'importing' ? job.total : undefined}
                value={job.state === 'importing' ? job.done : undefined}
              />
              <button type="button" data-testid="import-cancel" onClick={onCancel}>
                Cancel
              </button>
            </>
          )}
        </div>
      )}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
