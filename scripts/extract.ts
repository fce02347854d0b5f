/**
 * `npm run --silent extract -- FILE.html --url URL`: prints the papers of a saved page as one JSON array.
 * The user asks for this page, as with "Clip this page": a site without its own extractor (OpenReview, ACL
 * Anthology...) is read through its citation tags. Exit 0 (`[]` for a page without papers); exit 1 with a
 * one-line message on stderr for bad arguments or an unreadable file.
 */
import { readFileSync } from 'node:fs';
import { extractOnRequest } from '../lib/extract/on-request';
import { parseHtml } from '../lib/node/parse-html';
import { runCli } from './cli';

const USAGE = 'usage: extract FILE.html --url URL';

interface Args {
  file: string;
  url: string;
}

function parseArgs(argv: string[]): Args {
  let file: string | undefined;
  let url: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--url') url = argv[++i];
    else if (arg.startsWith('--url=')) url = arg.slice('--url='.length);
    else if (arg.startsWith('-')) throw new Error(`unknown option ${arg}; ${USAGE}`);
    else if (file === undefined) file = arg;
    else throw new Error(`unexpected argument ${arg}; ${USAGE}`);
  }
  if (!file) throw new Error(`missing FILE; ${USAGE}`);
  if (!url) throw new Error(`missing --url; ${USAGE}`);
  if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) throw new Error(`invalid --url ${url}`);
  return { file, url };
}

function readPage(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new Error(`cannot read ${file} (${reason})`);
  }
}

await runCli('extract', () => {
  const { file, url } = parseArgs(process.argv.slice(2));
  const papers = extractOnRequest(parseHtml(readPage(file)), url);
  return `${JSON.stringify(papers, null, 2)}\n`;
});
