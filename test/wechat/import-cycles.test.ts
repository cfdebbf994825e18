import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../../src/wechat');

/** Every `#src/wechat/…` module a file imports (type-only imports included). */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:from|import)\s+'#src\/wechat\/([^']+)'/g)].map((m) => path.join(ROOT, m[1]!));
}

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
}

/** The import cycles among the files, each as a path of files. */
function cycles(all: string[]): string[][] {
  const graph = new Map(all.map((f) => [f, importsOf(f)]));
  const found: string[][] = [];
  const done = new Set<string>();
  const visit = (file: string, stack: string[]) => {
    const at = stack.indexOf(file);
    if (at >= 0) return void found.push([...stack.slice(at), file].map((f) => path.relative(ROOT, f)));
    if (done.has(file)) return;
    for (const next of graph.get(file) ?? []) visit(next, [...stack, file]);
    done.add(file);
  };
  for (const file of all) visit(file, []);
  return found;
}

describe('src/wechat module graph', () => {
  it('has no import cycles (call ↔ token-store ↔ token-fetch was one)', () => {
    expect(cycles(files(ROOT))).toEqual([]);
  });
});
