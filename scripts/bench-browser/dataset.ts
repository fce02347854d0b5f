/**
 * The real cs papers the browser bench imports, and the searches it types, all taken from them: what a person
 * with this library would look for.
 */
import { resolve } from 'node:path';
import { DATASETS, readJsonLines } from '../jsonl';

export const DATASET = resolve(DATASETS, 'arxiv-daily-cs-2025', 'papers.jsonl.gz');

/** A line of the dataset: `{id, title, abstract, categories, authors, date}`. */
export type Line = Record<'id' | 'title' | 'abstract' | 'date', string> &
  Record<'categories' | 'authors', string[]>;

/** The first `count` lines of the dataset, as their text (for the reading list) and parsed. */
export async function firstLines(count: number): Promise<{ text: string[]; lines: Line[] }> {
  const text: string[] = [];
  const lines: Line[] = [];
  for await (const { value } of readJsonLines(DATASET)) {
    text.push(JSON.stringify(value));
    lines.push(value as unknown as Line);
    if (lines.length >= count) break;
  }
  return { text, lines };
}

const words = (title: string) => title.toLowerCase().match(/[a-z][a-z0-9-]{3,}/g) ?? [];

/**
 * Three of the rarest title words (in `library`) of `paper`: the words someone remembering an old paper types.
 */
export function distinctiveWords(paper: Line, library: Line[]): string {
  const frequency = new Map<string, number>();
  for (const line of library)
    for (const word of new Set(words(line.title))) frequency.set(word, (frequency.get(word) ?? 0) + 1);
  const own = [...new Set(words(paper.title))].sort(
    (a, b) => (frequency.get(a) ?? 0) - (frequency.get(b) ?? 0),
  );
  return own.slice(0, 3).join(' ');
}

/** A surname, from the first author of the library's papers with a plain one. */
function surname(library: Line[], from: number): string {
  for (let i = from; i < library.length; i++) {
    const last = library[i]?.authors[0]?.split(/\s+/).at(-1) ?? '';
    if (/^[A-Z][a-z]{4,}$/.test(last)) return last;
  }
  return 'Zhang';
}

/** The start of a title, cut at a word, about `length` characters long. */
function titlePrefix(title: string, length: number): string {
  const cut = title.slice(0, length);
  const space = cut.lastIndexOf(' ');
  return space > 8 ? cut.slice(0, space) : cut;
}

export interface Query {
  kind: string;
  text: string;
}

/** About ten searches as people type them: topics, a title prefix, a surname, an arXiv id, typos. */
export function realisticQueries(library: Line[]): Query[] {
  const at = (fraction: number) => library[Math.floor(library.length * fraction)] ?? library[0];
  return [
    { kind: 'topic', text: 'graph neural network' },
    { kind: 'topic', text: 'diffusion models' },
    { kind: 'topic', text: 'retrieval augmented generation' },
    { kind: 'topic', text: 'reinforcement learning from human feedback' },
    { kind: 'topic', text: 'federated learning privacy' },
    { kind: 'title prefix', text: titlePrefix(at(0.5)?.title ?? 'Attention', 28) },
    { kind: 'author surname', text: surname(library, Math.floor(library.length / 3)) },
    { kind: 'arXiv id', text: at(0.25)?.id ?? '2503.11685' },
    { kind: 'typo', text: 'transfomer atention' },
    { kind: 'typo', text: 'speach recogniton' },
  ];
}
