import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

function links(input: string, ...args: string[]) {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/links.ts', ...args], {
    input,
    encoding: 'utf8',
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('links CLI', { timeout: 30_000 }, () => {
  it('prints the links of the text on stdin as a JSON array', () => {
    const run = links(
      'Code is available at https://github.com/agnJason/XHand. See also https://pytorch.org.',
    );
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual([
      {
        url: 'https://github.com/agnJason/XHand',
        kind: 'code',
        host: 'github.com',
        repo: 'agnJason/XHand',
        official: true,
      },
      { url: 'https://pytorch.org', kind: 'other', host: 'pytorch.org' },
    ]);
  });

  it('prints [] for empty input', () => {
    const run = links('');
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual([]);
  });

  it('with --jsonl reads {id, text} lines and prints {id, links} lines, skipping blank ones', () => {
    const input = [
      JSON.stringify({
        id: 'seed-034',
        text: 'Code for experiments can be found at github.com/jacobdunefsky/ObservablePropagation.',
      }),
      '',
      JSON.stringify({ id: 7, text: 'No links here.' }),
      JSON.stringify({ id: 'hf', text: [], githubRepo: 'https://github.com/a/b' }),
    ].join('\n');
    const run = links(input, '--jsonl');
    expect(run.status).toBe(0);
    expect(
      run.stdout
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line)),
    ).toEqual([
      {
        id: 'seed-034',
        links: [
          {
            url: 'https://github.com/jacobdunefsky/ObservablePropagation',
            kind: 'code',
            host: 'github.com',
            repo: 'jacobdunefsky/ObservablePropagation',
            official: true,
          },
        ],
      },
      { id: 7, links: [] },
      {
        id: 'hf',
        links: [
          { url: 'https://github.com/a/b', kind: 'code', host: 'github.com', repo: 'a/b', official: true },
        ],
      },
    ]);
  });

  it('names a bad JSON line on stderr in one line and exits non-zero, without a stack trace', () => {
    const run = links(`${JSON.stringify({ id: 1, text: 'x' })}\n{"id": 2, "text": \n`, '--jsonl');
    expect(run.status).not.toBe(0);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe('links: line 2: not valid JSON\n');
  });

  it('names a line without text', () => {
    const run = links('{"id": 1}\n', '--jsonl');
    expect(run.status).not.toBe(0);
    expect(run.stderr).toMatch(/^links: line 1: expected \{"id": \.\.\., "text": "\.\.\."\}\n$/);
  });

  it('refuses an unknown option', () => {
    const run = links('', '--json');
    expect(run.status).not.toBe(0);
    expect(run.stderr).toMatch(/^links: unknown argument --json; usage: /);
  });
});
