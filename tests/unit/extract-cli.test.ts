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

describe.concurrent('extract CLI', { timeout: 20_000 }, () => {
  it('prints the papers of a saved page as one JSON array', async () => {
    const run = await extract(ABS, '--url', 'https://arxiv.org/abs/1706.03762');
    expect(run.status).toBe(0);
    expect(run.stderr).toBe('');
    const papers = JSON.parse(run.stdout) as Paper[];
    expect(papers).toHaveLength(1);
    expect(papers[0]).toMatchObject({
      id: 'arxiv:1706.03762',
      version: 7,
      title: 'Attention Is All You Need',
      source: { site: 'arxiv', kind: 'arxiv-abs', url: 'https://arxiv.org/abs/1706.03762' },
    });
  });

  it('prints [] and exits 0 for a page holding no paper', async () => {
    const run = await extract(ABS, '--url', 'https://arxiv.org/help/api');
    expect(run.status).toBe(0);
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
