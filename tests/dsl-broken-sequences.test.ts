import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkSequenceFiles } from '../src/dsl/load.js';
import { formatProblem } from '../src/dsl/problems.js';
import { validateSequence } from '../src/dsl/validate.js';

const dir = 'tests/fixtures/broken-sequences';
const files = readdirSync(dir).filter((name) => name.endsWith('.yaml')).sort();

/**
 * Each broken file ends with `# expect: line:col  message` lines: exactly those problems, in that order;
 * an expectation that ends with `  (hint)` checks the hint too. Each file is checked as the folder
 * validation checks it (event names against the documented types and its own declarations).
 */
describe('broken sequences point at the line and column of each problem', () => {
  it('has a corpus of at least 30 files', () => {
    expect(files.length).toBeGreaterThanOrEqual(30);
  });

  it.each(files)('%s', async (name) => {
    const source = readFileSync(join(dir, name), 'utf8');
    const expected = [...source.matchAll(/^# expect: (.+)$/gm)].map((match) => match[1] ?? '');
    expect(expected.length).toBeGreaterThan(0);
    const file = join(dir, name);
    const [check] = await checkSequenceFiles([file]);
    expect(check?.definition).toBeUndefined();
    const actual = (check?.problems ?? []).map((problem) => formatProblem(problem).replace(`${file}:`, ''));
    const withHint = (line: string | undefined): boolean => / {2}\(.*\)$/.test(line ?? '');
    expect(actual.map((line, index) => (withHint(expected[index]) ? line : line.replace(/ {2}\(.*\)$/, '')))).toEqual(expected);
  });

  it('gives a hint with "did you mean" for typos', () => {
    const source = readFileSync(join(dir, 'unknown-step-kind.yaml'), 'utf8');
    expect(validateSequence(source, 'x.yaml').problems[0]?.hint).toBe('did you mean send?');
  });
});
