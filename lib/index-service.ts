/**
 * The library index's side of the message contract: what its worker answers. Free of browser APIs, so that
 * tests drive it as the extension does.
 */
import type { LibraryDb } from './db';
import { type CitationReader, createImporter } from './imports';
import { type IndexPart, type IndexStoreDb, LibraryIndex, type LibraryIndexOptions } from './library-index';
import type { IndexRequestType, Message, Requests } from './messages';
import type { SyncEngine } from './sync/engine';
import { syncHandlers } from './sync/service';

type IndexHandlers = {
  [K in IndexRequestType]: (message: Message<K>) => Promise<Requests[K]['response']>;
};

export interface IndexServiceOptions extends LibraryIndexOptions {
  /** The worker wrote to the library (an import, a backup restored): the background tells the tabs. */
  libraryChanged?(): void;
  /** The citation reader for BibTeX and RIS imports, loaded when one comes. */
  readCitations: CitationReader;
}

/**
 * `sync`: the reader's sync (lib/sync), which runs in the same worker: told of every change the background
 * reports, and answering sync's requests.
 */
export function createIndexService(
  db: LibraryDb,
  store: IndexStoreDb,
  options: IndexServiceOptions,
  sync?: SyncEngine,
) {
  const index = new LibraryIndex(db, store, options);
  const importer = createImporter(db, store, index, options);
  // Opening (reading the saved copy back) is waited for, each part as long as it takes to answer; while the
  // index is rebuilt, pages get its progress at once rather than waiting for it.
  const answers = async (part: IndexPart) => {
    await index.opened(part);
    return index.answers(part);
  };

  const latestSearch = new Map<string, number>();

  const handlers: IndexHandlers = {
    search: async ({ query, filters = {}, offset = 0, limit, withHits, withPapers, sort, client }) => {
      // Typing sends a search a keystroke: one that a newer search of the same page has overtaken while it
      // waited is not run, so answers never queue up behind keystrokes nobody is waiting for.
      const ticket =
        client === undefined ? 0 : latestSearch.set(client, (latestSearch.get(client) ?? 0) + 1).get(client);
      const overtaken = () => client !== undefined && latestSearch.get(client) !== ticket;
      const answer = async (found: { total: number; ids: string[] }) => ({
        ...found,
        size: index.size,
        ...(withHits ? { hits: await index.hits(found.ids) } : {}),
        ...(withPapers ? { papers: await index.papers(found.ids) } : {}),
        status: index.statusOf('search'),
      });
      // After a restart, the words alone answer until the search index is read back; the page asks again then.
      const early = await index.findWhileOpening(query, filters, offset, limit, sort);
      if (early && !overtaken()) return { ...(await answer(early)), provisional: true };
      if (!(await answers('search'))) return { total: 0, ids: [], status: index.status };
      await index.catchUp();
      if (overtaken()) return { total: 0, ids: [], status: index.status, overtaken: true };
      return answer(index.findNow(query, filters, offset, limit, sort));
    },
    // The popup's first question after a browser start: answered once the related index is read back, before
    // the search index is.
    related: async ({ paper, k }) => {
      if (!(await answers('related'))) return { items: [], librarySize: 0, status: index.status };
      const items = await index.relatedTo(paper, k);
      return { items, librarySize: index.size, status: index.statusOf('related') };
    },
    facets: async () => ((await answers('search')) ? index.facets() : undefined),
    // Waits while the index opens, so that a page asks once rather than every few milliseconds; the library's
    // size is known once the related index answers, before the search index is read back.
    'index-status': async () => {
      if (!(await answers('related'))) return index.status;
      await index.catchUp();
      return { ...index.status, size: index.size };
    },
    'index-sync': async () => {
      sync?.poke();
      // The related index takes the change at once; a search index still to be read back, once it is.
      return { changed: (await answers('related')) ? await index.catchUp() : 0 };
    },
    'import-start': async ({ key }) => {
      await index.ready;
      importer.start(key);
      return {};
    },
    'import-cancel': async ({ key }) => {
      importer.cancel(key);
      return {};
    },
    ...syncHandlers(sync),
  };

  return {
    index,
    handle<K extends IndexRequestType>(message: Message<K>): Promise<Requests[K]['response']> {
      const handler = Object.hasOwn(handlers, message?.type) ? handlers[message.type] : undefined;
      if (!handler) return Promise.reject(new Error(`Unknown index request: ${String(message?.type)}`));
      return (handler as (message: Message<K>) => Promise<Requests[K]['response']>)(message);
    },
  };
}
