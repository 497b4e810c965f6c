import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

function run(command: string, args: string[]): string {
  const result = spawnSync(command, args, { encoding: 'utf8' });
  return result.status === 0 ? 'ok' : `${result.stdout}${result.stderr}`;
}

/** `npm test` is what CI runs, so the type check and the lint (with the workflow-determinism guard) run here too. */
describe('the codebase', () => {
  it('type-checks', () => {
    expect(run('npx', ['tsc', '--noEmit'])).toBe('ok');
  });
  it('passes lint, including the workflow import guard', () => {
    expect(run('npx', ['eslint', '.'])).toBe('ok');
  });
});
