/**
 * The `related` CLI on a 12-paper corpus from the seed listing (tests/fixtures/datasets/related-corpus.jsonl,
 * the same lines gzipped in related-corpus.jsonl.gz): pairs of papers on one subject, whose titles were read.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const FIXTURES = 'tests/fixtures/datasets';
const CORPUS = `${FIXTURES}/related-corpus.jsonl`;
const QUERIES = `${FIXTURES}/related-queries.jsonl`;

function related(...args: string[]) {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/related.ts', ...args], {
    encoding: 'utf8',
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

function resultsOf(stdout: string): { query: string; results: string[] }[] {
  return stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line));
}

const QUANTIZATION_PAPERS = ['seed-047', 'seed-069', 'seed-074', 'seed-081'];

describe('related CLI', { timeout: 30_000 }, () => {
  it.each([CORPUS, `${CORPUS}.gz`])('answers every query in input order, from %s', (corpus) => {
    const { status, stdout, stderr } = related('--corpus', corpus, '--queries', QUERIES, '--k', '2');
    expect(stderr).toBe('');
    expect(status).toBe(0);
    const lines = resultsOf(stdout);
    // The blank 4th query line is skipped; `{id}` lines name corpus papers, new-1 is a paper of its own.
    expect(lines.map((line) => line.query)).toEqual(['seed-044', 'seed-101', 'new-1', 'seed-087']);
    for (const line of lines) expect(line.results).toHaveLength(2);
    // Mobile-app-review feature extraction; prompt learning for vision-language models; continual style.
    expect(lines[0]?.results[0]).toBe('seed-063');
    expect(lines[1]?.results[0]).toBe('seed-021');
    expect(lines[3]?.results[0]).toBe('seed-003');
    // new-1 is about post-training quantization of LLM weights.
    for (const id of lines[2]?.results ?? []) expect(QUANTIZATION_PAPERS).toContain(id);
  });

  it('prints 10 results by default, never the query itself', () => {
    const [first] = resultsOf(
      related('--corpus', `${FIXTURES}/hf-listing-seed.jsonl`, '--queries', QUERIES).stdout,
    );
    expect(first?.results).toHaveLength(10);
    expect(first?.results).not.toContain('seed-044');
  });

  it.each([
    [['--queries', QUERIES], /^related: missing --corpus/],
    [['--corpus', CORPUS], /^related: missing --queries/],
    [
      ['--corpus', CORPUS, '--queries', QUERIES, '--k', '0'],
      /^related: --k must be a positive integer, not "0"/,
    ],
    [['--corpus', CORPUS, '--queries', QUERIES, '--k', 'ten'], /^related: --k must be a positive integer/],
    [['--corpus', CORPUS, '--queries', QUERIES, '--k'], /^related: --k needs a value/],
    [['--corpus', CORPUS, '--queries', QUERIES, '--top', '3'], /^related: unknown argument --top/],
    [
      ['--corpus', `${FIXTURES}/nowhere.jsonl.gz`, '--queries', QUERIES],
      /cannot read .*nowhere\.jsonl\.gz \(no such file\)/,
    ],
    [['--corpus', FIXTURES, '--queries', QUERIES], /cannot read .*datasets \(EISDIR\)/],
    [
      ['--corpus', `${FIXTURES}/related-corpus-plain-named.gz`, '--queries', QUERIES],
      /plain-named\.gz \(not gzip\)/,
    ],
    [
      ['--corpus', CORPUS, '--queries', `${FIXTURES}/related-queries-bad-json.jsonl`],
      /related-queries-bad-json\.jsonl line 2: not valid JSON/,
    ],
    [
      ['--corpus', CORPUS, '--queries', `${FIXTURES}/related-queries-unknown-id.jsonl`],
      /related-queries-unknown-id\.jsonl line 2: "nowhere" is not in the corpus and has no title or abstract/,
    ],
  ] as [string[], RegExp][])(
    'reports bad input %j on one stderr line, exit 1, nothing on stdout',
    (args, message) => {
      const { status, stdout, stderr } = related(...args);
      expect(status).toBe(1);
      expect(stdout).toBe('');
      expect(stderr).toMatch(message);
      expect(stderr.trim().split('\n')).toHaveLength(1);
      expect(stderr).not.toMatch(/\n\s+at /);
    },
  );
});
