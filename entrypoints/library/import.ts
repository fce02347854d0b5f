import { liveQuery } from 'dexie';
import { useEffect, useState } from 'preact/hooks';
import { createBackup } from '@/lib/backup';
import type { LibraryDb } from '@/lib/db';
import { type ImportJob, IndexStoreDb } from '@/lib/library-index';
import type { send as sendMessage } from '@/lib/send';
import { downloadFile } from './download';

const store = new IndexStoreDb();

export interface ImportControls {
  job?: ImportJob;
  error?: string;
  onFile(file: File): void;
  onCancel(): void;
  /** Downloads a backup of the whole library. */
  onBackup(): void;
}

/**
 * Hands a reading list to the library index's worker, which imports it where closing this page cannot stop
 * it, and follows its progress in the job's row.
 */
export function useImport(send: typeof sendMessage, db: LibraryDb): ImportControls {
  const [key, setKey] = useState<string>();
  const [job, setJob] = useState<ImportJob>();
  const [error, setError] = useState<string>();

  useEffect(() => {
    if (!key) return;
    const subscription = liveQuery(() => store.imports.get(key)).subscribe({
      next: setJob,
      error: (e: Error) => setError(e.message),
    });
    return () => subscription.unsubscribe();
  }, [key]);

  // A restored backup brings its settings, which only the background may write.
  const settings = job?.state === 'done' ? job.settings : undefined;
  useEffect(() => {
    if (settings) void send({ type: 'set-settings', ...settings }).catch(() => {});
  }, [settings, send]);

  return {
    job,
    error,
    onFile(file) {
      const next = `import-${Date.now()}`;
      setError(undefined);
      store.imports
        .put({ key: next, name: file.name, file, state: 'queued', done: 0, total: 0 })
        .then(() => {
          setKey(next);
          return send({ type: 'import-start', key: next });
        })
        .catch((e: Error) => setError(`The file could not be imported: ${e.message}`));
    },
    onCancel() {
      if (key) void send({ type: 'import-cancel', key }).catch(() => {});
    },
    onBackup() {
      setError(undefined);
      Promise.all([db.papers.toArray(), db.removed.toArray(), send({ type: 'get-settings' })])
        .then(([papers, removed, current]) => {
          const backup = JSON.stringify(createBackup(papers, removed, current));
          const day = new Date().toISOString().slice(0, 10);
          downloadFile(new Blob([backup], { type: 'application/json' }), `papershelf-backup-${day}.json`);
        })
        .catch((e: Error) => setError(`The backup could not be made: ${e.message}`));
    },
  };
}
