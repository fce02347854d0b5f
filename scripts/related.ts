/**
 * `npm run --silent related -- --corpus FILE.jsonl[.gz] --queries FILE.jsonl [--k K]`: for each query, in
 * input order, prints `{"query": ID, "results": [IDS]}`: the K (default 10) corpus papers most related to it.
 * Corpus lines are `{id, title, abstract, categories, authors, date}`; a query line is a paper object like
 * those, or just `{id}` naming a corpus paper. Bad arguments or input: nothing on stdout, a one-line message
 * naming the problem (file and line) on stderr, exit 1.
 */
import { createRelatedIndex, relatedTo } from '../lib/related';
import { runCli } from './cli';
import { type DatasetPaper, datasetPaperOf, readJsonLines, readPapers } from './jsonl';

const USAGE = 'usage: related --corpus FILE.jsonl[.gz] --queries FILE.jsonl [--k K]';

interface Args {
  corpus: string;
  queries: string;
  k: number;
}

function parseArgs(argv: string[]): Args {
  const values = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const [name = '', inline] = arg.split(/=(.*)/s);
    if (!['--corpus', '--queries', '--k'].includes(name))
      throw new Error(`unknown argument ${arg}; ${USAGE}`);
    const value = inline ?? argv[++i];
    if (value === undefined) throw new Error(`${name} needs a value; ${USAGE}`);
    values.set(name, value);
  }
  const corpus = values.get('--corpus');
  const queries = values.get('--queries');
  if (!corpus) throw new Error(`missing --corpus; ${USAGE}`);
  if (!queries) throw new Error(`missing --queries; ${USAGE}`);
  const k = values.get('--k') ?? '10';
  if (!/^[1-9]\d*$/.test(k)) throw new Error(`--k must be a positive integer, not "${k}"`);
  return { corpus, queries, k: Number(k) };
}

/** Each query line as a paper: its own text, or the corpus paper its bare `{id}` names. */
async function readQueries(file: string, corpusById: Map<string, DatasetPaper>): Promise<DatasetPaper[]> {
  const queries: DatasetPaper[] = [];
  for await (const { line, value } of readJsonLines(file)) {
    const where = `${file} line ${line}`;
    const query = datasetPaperOf(value, where);
    const hasText = query.title !== undefined || query.abstract !== undefined;
    const known = corpusById.get(query.id);
    if (!hasText && !known)
      throw new Error(`${where}: "${query.id}" is not in the corpus and has no title or abstract`);
    queries.push(hasText ? query : (known as DatasetPaper));
  }
  return queries;
}

await runCli('related', async () => {
  const { corpus: corpusFile, queries: queriesFile, k } = parseArgs(process.argv.slice(2));
  const corpus = await readPapers(corpusFile);
  const queries = await readQueries(queriesFile, new Map(corpus.map((paper) => [paper.id, paper])));
  const index = createRelatedIndex(corpus);
  return queries
    .map(
      (query) =>
        `${JSON.stringify({ query: query.id, results: relatedTo(index, query, k).map((match) => match.id) })}\n`,
    )
    .join('');
});
