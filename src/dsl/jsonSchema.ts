import { z } from 'zod';
import { sequenceFileSchema } from './schema.js';

/** The JSON Schema editors use (schema/sequence.schema.json), generated from the zod schema. */
export function sequenceJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(sequenceFileSchema, { io: 'input', unrepresentable: 'any' }),
    $id: 'https://github.com/peygir/peygir/schema/sequence.schema.json',
    title: 'Peygir sequence',
    description: 'A follow-up sequence: trigger, steps and templates (see README "Writing a sequence").',
  };
}
