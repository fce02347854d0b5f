/**
 * `npm run --silent links`: reads text on stdin, prints the links found in it as one JSON array
 * (`[]` for empty input). `npm run --silent links -- --jsonl`: reads lines `{id, text}` (text: a string or
 * strings; optional `hrefs`, `githubRepo`, `projectPage` as in LinkSources), prints lines `{id, links}`;
 * blank lines are skipped. A bad line: nothing on stdout, a one-line message naming it on stderr, exit 1.
 */
import { readFileSync } from 'node:fs';
import { findLinks, type LinkSources } from '../lib/links';
import { runCli } from './cli';

const USAGE = 'usage: links [--jsonl] < input';

function linksOfLines(input: string): string {
  return input
    .split('\n')
    .map((line, index) => ({ line, number: index + 1 }))
    .filter(({ line }) => line.trim() !== '')
    .map(({ line, number }) => {
      const { id, sources } = recordOf(line, number);
      return `${JSON.stringify({ id, links: findLinks(sources) })}\n`;
    })
    .join('');
}

function recordOf(line: string, number: number): { id: unknown; sources: LinkSources } {
  let record: unknown;
  try {
    record = JSON.parse(line);
  } catch {
    throw new Error(`line ${number}: not valid JSON`);
  }
  const fields = (typeof record === 'object' && record !== null ? record : {}) as Record<string, unknown>;
  const text = typeof fields.text === 'string' ? [fields.text] : fields.text;
  const valid =
    'id' in fields &&
    isStrings(text) &&
    (fields.hrefs === undefined || isStrings(fields.hrefs)) &&
    ['githubRepo', 'projectPage'].every(
      (key) => fields[key] === undefined || typeof fields[key] === 'string',
    );
  if (!valid) throw new Error(`line ${number}: expected {"id": ..., "text": "..."}`);
  const { githubRepo, projectPage, hrefs } = fields as LinkSources;
  return { id: fields.id, sources: { text, hrefs, githubRepo, projectPage } };
}

function isStrings(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

await runCli('links', () => {
  const args = process.argv.slice(2);
  const unknown = args.find((arg) => arg !== '--jsonl');
  if (unknown) throw new Error(`unknown argument ${unknown}; ${USAGE}`);
  const input = readFileSync(0, 'utf8');
  return args.includes('--jsonl')
    ? linksOfLines(input)
    : `${JSON.stringify(findLinks({ text: [input] }), null, 2)}\n`;
});
