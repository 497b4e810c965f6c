import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sequenceJsonSchema } from '../src/dsl/jsonSchema.js';

describe('schema/sequence.schema.json', () => {
  it('is what the zod schema generates (run `npm run peygir -- schema --write` after changing it)', () => {
    expect(JSON.parse(readFileSync('schema/sequence.schema.json', 'utf8'))).toEqual(sequenceJsonSchema());
  });

  it('lists the step kinds for editors to complete', () => {
    const text = JSON.stringify(sequenceJsonSchema());
    for (const kind of ['send', 'wait', 'wait_for', 'branch', 'split', 'escalate', 'call_task', 'update', 'webhook', 'exit']) expect(text).toContain(`"${kind}"`);
  });
});
