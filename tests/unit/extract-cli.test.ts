/** The `extract` CLI, run as a child process the way `npm run --silent extract -- FILE --url URL` runs it. */
import { execFile } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { Paper } from '../../lib/paper';

interface Run {
  status: number;
  stdout: string;
  stderr: string;
}

// Each run starts node + tsx (about a second): the tests run concurrently to keep the file fast.
function extract(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'scripts/extract.ts', ...args],
      (error, stdout, stderr) => {
        resolve({ status: typeof error?.code === 'number' ? error.code : error ? -1 : 0, stdout, stderr });
      },
    );
  });
}

const ABS = 'tests/fixtures/arxiv-abs/1706.03762v7-2026-08-newheader.html';
// Real saved page; the help page is hand-made (see its comment).
const S2 = 'tests/fixtures/other/semanticscholar-crosswalk-2024.html';
const HELP = 'tests/fixtures/other/arxiv-help-hand-made.html';

/** The paper a run printed, after checking that it printed exactly one and exited cleanly. */
function onlyPaper(run: Run): Paper | undefined {
  expect(run.status).toBe(0);
  expect(run.stderr).toBe('');
  const papers = JSON.parse(run.stdout) as Paper[];
  expect(papers).toHaveLength(1);
  return papers[0];
}

describe.concurrent('extract CLI', { timeout: 20_000 }, () => {
  it('prints the papers of a saved page as one JSON array', async () => {
    const run = await extract(ABS, '--url', 'https://arxiv.org/abs/1706.03762');
    expect(onlyPaper(run)).toMatchObject({
      id: 'arxiv:1706.03762',
      version: 7,
      title: 'Attention Is All You Need',
      source: { site: 'arxiv', kind: 'arxiv-abs', url: 'https://arxiv.org/abs/1706.03762' },
    });
  });

  it('reads a scholarly site without its own extractor through its citation tags, as "Clip this page" does', async () => {
    const url =
      'https://www.semanticscholar.org/paper/Where-the-Crosswalk-Ends%3A-Mapping-Crosswalk-via-in-Moran/704dde842312c5eabb8c76ecf86b48e9fe68e4fe';
    const run = await extract(S2, '--url', url);
    expect(onlyPaper(run)).toMatchObject({
      id: 'doi:10.1177/23998083221081530',
      title: 'Where the Crosswalk Ends: Mapping Crosswalk Coverage via Satellite Imagery in San Francisco',
      source: { site: 'web', kind: 'citation-meta', url },
    });
  });

  it('prints [] and exits 0 for a page holding no paper', async () => {
    const run = await extract(HELP, '--url', 'https://arxiv.org/help');
    expect(run.status).toBe(0);
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual([]);
  });

  it.each([
    ['a missing file', ['tests/fixtures/does-not-exist.html', '--url', 'https://arxiv.org/abs/1706.03762']],
    ['no --url', [ABS]],
    ['an invalid --url', [ABS, '--url', 'arxiv.org/abs/1706.03762']],
  ])('fails with one line on stderr for %s', async (_name, args) => {
    const run = await extract(...args);
    expect(run.status).not.toBe(0);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^extract: [^\n]+\n$/);
  });
});
