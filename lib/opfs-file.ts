/**
 * A file of the extension's origin private file system (OPFS), for a saved index (lib/snapshot-file.ts). Its
 * writes go to a copy the browser puts in place when the writer closes, so a crash mid-write leaves the old
 * file whole. Undefined where the context has no such file system (Node, an older browser); a browser that
 * refuses it at use (Firefox's private windows) makes `read` find nothing and `write` throw.
 */
import type { SnapshotFile } from './snapshot-file';

/** What Chromium and Firefox give a dedicated worker to read a file of the origin private file system. */
interface SyncAccess {
  getSize(): number;
  read(into: Uint8Array, options: { at: number }): number;
  close(): void;
}

export function opfsFile(name: string): SnapshotFile | undefined {
  const storage = globalThis.navigator?.storage;
  if (typeof storage?.getDirectory !== 'function') return undefined;
  const handle = async (create: boolean) => (await storage.getDirectory()).getFileHandle(name, { create });
  return {
    async read(room) {
      const file = await handle(false).catch((error: unknown) => {
        if ((error as Error)?.name === 'NotFoundError') return undefined;
        throw error;
      });
      if (!file) return undefined;
      // In a dedicated worker, straight from the file into one buffer: through a Blob (getFile) Chromium reads
      // it in pieces over IPC, several times slower for 20-30 MB.
      const sync = file as FileSystemFileHandle & { createSyncAccessHandle?(): Promise<SyncAccess> };
      if (typeof sync.createSyncAccessHandle !== 'function')
        return new Uint8Array(await (await file.getFile()).arrayBuffer());
      const access = await sync.createSyncAccessHandle();
      try {
        const size = access.getSize();
        const bytes = new Uint8Array(new ArrayBuffer(size + Math.max(0, room?.(size) ?? 0)), 0, size);
        if (access.read(bytes, { at: 0 }) !== size) throw new Error('the file was cut short while read');
        return bytes;
      } finally {
        access.close();
      }
    },
    async write(data) {
      const writer = await (await handle(true)).createWritable();
      try {
        await writer.write(data);
        await writer.close();
      } catch (error) {
        await writer.abort().catch(() => {});
        throw error;
      }
    },
    async remove() {
      await (await storage.getDirectory()).removeEntry(name).catch((error: unknown) => {
        if ((error as Error)?.name !== 'NotFoundError') throw error;
      });
    },
  };
}
