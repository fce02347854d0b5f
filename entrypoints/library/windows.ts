import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { StoredPaper } from '@/lib/db';

/** Papers asked for at a time, as the list scrolls: one `search` and one `bulkGet` per block. */
export const BLOCK = 100;
/** Rows kept from one read to the next at most (readKept): about 10 MB at 50k. */
const KEPT_ROWS_MAX = 5000;
/** How long the list must rest on a block before it is read. */
const SETTLE_MS = 40;

/** One window of the list: which papers sit at `offset`…, and how many there are in all. */
export interface Found {
  /** Papers in the library. */
  total: number;
  /** Papers matching the search and filters. */
  matches: number;
  ids: string[];
  /** Records of some of `ids`, when they came with the answer. */
  papers?: StoredPaper[];
}

/** A block of rows, read for `version` of the library. */
interface Block {
  version: number;
  ids: string[];
  rows: (StoredPaper | undefined)[];
}

interface Held {
  key: string;
  version: number;
  total: number;
  matches: number;
  blocks: Map<number, Block>;
}

export interface ListWindows {
  /** Set until the first window of the current search has arrived (the rows are the last search's). */
  pending: boolean;
  /** Set once any window has arrived. */
  loaded: boolean;
  /** The key of the rows and counts held (the last search's, while pending). */
  key?: string;
  /** The library's version the rows were last read at; -1 while only `initial` rows are held. */
  version: number;
  total: number;
  matches: number;
  /** The paper at `index`, when its block has been read. */
  row(index: number): StoredPaper | undefined;
  /** The ids at `from`…`to` (both included, in list order), reading the blocks not read yet. */
  idsBetween(from: number, to: number): Promise<string[]>;
}

export interface WindowSource {
  /** The search and filters the list answers: a new key starts again from the top. */
  key: string;
  /** Changes with every write to the library: the blocks in view are read again. */
  version: number;
  /** Undefined while the list cannot be read yet (the index is still opening). */
  find?: (offset: number, limit: number) => Promise<Found>;
  read(ids: string[]): Promise<(StoredPaper | undefined)[]>;
  /** The rows the list shows now (with its overscan). */
  range?: { start: number; end: number };
  onError(error: Error): void;
  /**
   * Rows to show for `key` before anything is read (the first screen as it was last shown): older than any
   * read, so the first read replaces them.
   */
  initial?: { key: string; total: number; rows: StoredPaper[] };
}

/**
 * The rows of a list of any length, read block by block as it scrolls: ids from `find` (the library index, or
 * IndexedDB for the newest clips), records from `read`. Blocks out of view are kept until the library changes;
 * then each is read again when it comes into view, while the old rows stay on screen.
 */
export function useListWindows(source: WindowSource): ListWindows {
  const { key, version, find, range } = source;
  const [held, setHeld] = useState<Held | undefined>(() => {
    const { initial } = source;
    if (!initial || initial.rows.length === 0) return undefined;
    const first: Block = { version: -1, ids: initial.rows.map((row) => row.id), rows: initial.rows };
    const { total } = initial;
    return { key: initial.key, version: -1, total, matches: total, blocks: new Map([[0, first]]) };
  });
  const latest = useRef(source);
  latest.current = source;
  const asked = useRef(new Set<string>());
  const kept = useRef<{ version: number; rows: Map<string, StoredPaper> }>({
    version: Number.NaN,
    rows: new Map(),
  });

  /**
   * `read`, sparing the rows read already at this version of the library: the next keystroke's answer mostly
   * shows the same papers first ("diffusion mod" after "diffusion mo"), and reading them again took most of the
   * time from the answer to its rows drawn.
   */
  const keptFor = (version: number) => {
    if (kept.current.version !== version || kept.current.rows.size > KEPT_ROWS_MAX)
      kept.current = { version, rows: new Map() };
    return kept.current.rows;
  };
  /** Records that came with an answer, kept as if read. */
  const keep = (papers: StoredPaper[], version: number) => {
    const rows = keptFor(version);
    for (const paper of papers) rows.set(paper.id, paper);
  };
  const readKept = async (ids: string[], version: number): Promise<(StoredPaper | undefined)[]> => {
    const rows = keptFor(version);
    const missing = ids.filter((id) => !rows.has(id));
    if (missing.length > 0) {
      const read = await latest.current.read(missing);
      for (const [i, row] of read.entries()) if (row) rows.set(missing[i] as string, row);
    }
    return ids.map((id) => rows.get(id));
  };

  /**
   * A block's ids and rows. With `inView`, the rows on screen are read first and handed to it (the others
   * placeholders): a new search's first block is mostly rows not read yet, and reading 100 of them at 50k took
   * 25-36 ms of the slowest keystrokes, where a screenful takes a fraction of that.
   */
  const load = (block: number, inView?: (first: Block & { found: Found }) => void) => {
    const { find: ask, version: at, range: shown } = latest.current;
    if (!ask) return Promise.reject(new Error('The library is not open yet'));
    return ask(block * BLOCK, BLOCK).then(async (found): Promise<Block & { found: Found }> => {
      if (found.papers) keep(found.papers, at);
      // Before the list has drawn anything (the page opening), which rows are on screen is not known yet.
      const from = shown ? Math.max(shown.start - block * BLOCK, 0) : 0;
      const to = shown ? Math.min(shown.end - block * BLOCK + 1, found.ids.length) : 0;
      if (inView && from < to && to - from < found.ids.length) {
        await readKept(found.ids.slice(from, to), at);
        // Those and the rows kept from earlier reads; placeholders for the others.
        inView({
          found,
          version: at,
          ids: found.ids,
          rows: found.ids.map((id) => kept.current.rows.get(id)),
        });
      }
      return { found, version: at, ids: found.ids, rows: await readKept(found.ids, at) };
    });
  };

  const store = (forKey: string, block: number, loaded: Block & { found: Found }) =>
    setHeld((prev) => {
      if (forKey !== latest.current.key) return prev;
      const base: Held =
        prev?.key === forKey ? prev : { key: forKey, version: -1, total: 0, matches: 0, blocks: new Map() };
      const known = base.blocks.get(block);
      if (known && known.version > loaded.version) return base;
      const blocks = new Map(base.blocks).set(block, loaded);
      const newer = loaded.version >= base.version;
      return {
        ...base,
        blocks,
        version: newer ? loaded.version : base.version,
        total: newer ? loaded.found.total : base.total,
        matches: newer ? loaded.found.matches : base.matches,
      };
    });

  const first = range ? Math.floor(range.start / BLOCK) : 0;
  const last = range ? Math.floor(range.end / BLOCK) : 0;
  // A layout effect: the search leaves as soon as the keystroke is rendered, not a frame later.
  useLayoutEffect(() => {
    if (!find) return;
    const ask = (block: number) => {
      const have = held?.key === key ? held.blocks.get(block) : undefined;
      if (have && have.version >= version) return;
      const tag = `${key}\n${version}\n${block}`;
      if (asked.current.has(tag)) return;
      asked.current.add(tag);
      load(block, (first) => store(key, block, first))
        .then((loaded) => store(key, block, loaded), latest.current.onError)
        .finally(() => asked.current.delete(tag));
    };
    ask(0);
    // The blocks further down are asked for once the list stops moving for a moment: dragging the scroll bar
    // across 75,000 papers does not read every block it passes.
    const timer = setTimeout(() => {
      for (let block = Math.max(first, 1); block <= last; block++) ask(block);
    }, SETTLE_MS);
    return () => clearTimeout(timer);
  }, [key, version, Boolean(find), first, last, held]);

  // Until the new search's first block arrives, the last one's rows stay (marked busy), not an empty list.
  const current = held;
  return {
    pending: held?.key !== key,
    loaded: held !== undefined,
    key: held?.key,
    version: held?.version ?? -1,
    total: current?.total ?? 0,
    matches: current?.matches ?? 0,
    row(index) {
      return current?.blocks.get(Math.floor(index / BLOCK))?.rows[index % BLOCK];
    },
    async idsBetween(from, to) {
      const ids: string[] = [];
      for (let block = Math.floor(from / BLOCK); block <= Math.floor(to / BLOCK); block++) {
        const held = current?.key === key ? current.blocks.get(block) : undefined;
        const known = held ?? (await load(block));
        const start = Math.max(from - block * BLOCK, 0);
        const end = Math.min(to - block * BLOCK, BLOCK - 1);
        ids.push(...known.ids.slice(start, end + 1));
      }
      return ids;
    },
  };
}
