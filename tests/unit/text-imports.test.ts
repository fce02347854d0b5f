/**
 * lib/text.ts is a leaf (the plain-text helpers every reader needs), so lib/links.ts and the extractors can
 * share them without importing each other in a circle.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve('lib');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Project files `file` imports at run time (type-only imports erased, as the compiler does). */
function imports(file: string): string[] {
  const source = readFileSync(file, 'utf8');
  const found: string[] = [];
  for (const match of source.matchAll(/^(?:import|export)\s+(type\s+)?[^'";]*?from\s+'([^']+)'/gms)) {
    const [, typeOnly, spec = ''] = match;
    if (typeOnly) continue;
    const base = spec.startsWith('@/')
      ? resolve(spec.slice(2))
      : spec.startsWith('.')
        ? resolve(dirname(file), spec)
        : undefined;
    if (!base) continue;
    const target = [`${base}.ts`, `${base}.tsx`, join(base, 'index.ts')].find((path) => {
      try {
        readFileSync(path);
        return true;
      } catch {
        return false;
      }
    });
    if (target) found.push(target);
  }
  return found;
}

/** The first import cycle through `start`, as a list of files, or undefined. */
function cycleThrough(start: string): string[] | undefined {
  const seen = new Set<string>();
  const walk = (file: string, path: string[]): string[] | undefined => {
    for (const next of imports(file)) {
      if (next === start) return [...path, next];
      if (seen.has(next)) continue;
      seen.add(next);
      const cycle = walk(next, [...path, next]);
      if (cycle) return cycle;
    }
    return undefined;
  };
  return walk(start, [start]);
}

const name = (file: string) => relative(resolve('.'), file);

describe('lib/text.ts and the import graph', () => {
  it.each(['text.ts', 'sites.ts'])('lib/%s imports nothing from the project', (file) => {
    expect(imports(join(ROOT, file)).map(name)).toEqual([]);
  });

  it.each([
    'links.ts',
    'ids.ts',
    'text.ts',
    'sites.ts',
    ...sourceFiles(join(ROOT, 'extract')).map((f) => relative(ROOT, f)),
  ])('lib/%s is in no import cycle', (file) => {
    expect(cycleThrough(join(ROOT, file))?.map(name)).toBeUndefined();
  });
});
