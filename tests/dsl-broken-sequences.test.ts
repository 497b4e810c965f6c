import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatProblem } from '../src/dsl/problems.js';
import { validateSequence } from '../src/dsl/validate.js';

const dir = 'tests/fixtures/broken-sequences';
const files = readdirSync(dir).filter((name) => name.endsWith('.yaml')).sort();

/** Each broken file ends with `# expect: line:col  message` lines: exactly those problems, in that order. */
describe('broken sequences point at the line and column of each problem', () => {
  it('has a corpus of at least 30 files', () => {
    expect(files.length).toBeGreaterThanOrEqual(30);
  });

  it.each(files)('%s', (name) => {
    const source = readFileSync(join(dir, name), 'utf8');
    const expected = [...source.matchAll(/^# expect: (.+)$/gm)].map((match) => match[1]);
    expect(expected.length).toBeGreaterThan(0);
    const file = join(dir, name);
    const { definition, problems } = validateSequence(source, file);
    expect(definition).toBeUndefined();
    const actual = problems.map((problem) => formatProblem(problem).replace(`${file}:`, ''));
    expect(actual.map((line) => line.replace(/ {2}\(.*\)$/, ''))).toEqual(expected);
  });

  it('gives a hint with "did you mean" for typos', () => {
    const source = readFileSync(join(dir, 'unknown-step-kind.yaml'), 'utf8');
    expect(validateSequence(source, 'x.yaml').problems[0]?.hint).toBe('did you mean send?');
  });
});
