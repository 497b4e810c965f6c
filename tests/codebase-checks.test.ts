import { spawnSync } from 'node:child_process';
import { ESLint } from 'eslint';
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

describe('the workflow import guard', () => {
  /** What lint says about `code` as if it were the file at `filePath` (nothing is written). */
  async function lintAs(filePath: string, code: string): Promise<string[]> {
    const [result] = await new ESLint().lintText(code, { filePath });
    return (result?.messages ?? []).map((message) => `${message.ruleId}: ${message.message}`);
  }

  it.each([
    ['workflows/sample.ts', 'loadConfig', '../src/config.js'],
    ['workflows/enrollment/sample.ts', 'loadConfig', '../../src/config.js'],
    ['workflows/enrollment/sample.ts', 'createActivities', '../../activities/index.js'],
  ])('refuses %s importing %s from %s', async (filePath, name, from) => {
    expect(await lintAs(filePath, `import { ${name} } from '${from}';\nexport const used = ${name};\n`)).toEqual([
      expect.stringMatching(/^no-restricted-imports: .*Workflows may only import types from src\/ and activities\//),
    ]);
  });

  it('lets nested workflow folders import types from src/ and their own helpers', async () => {
    const code = "import type { Config } from '../../src/config.js';\nimport { compute } from '../activities.js';\nexport type Used = Config;\nexport const used = compute;\n";
    expect(await lintAs('workflows/enrollment/sample.ts', code)).toEqual([]);
  });
});
