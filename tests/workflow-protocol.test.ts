import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as protocol from '../workflows/protocol.js';

interface Definition {
  type: 'signal' | 'query' | 'update';
  name: string;
}
const isDefinition = (value: unknown): value is Definition =>
  typeof value === 'object' && value !== null && 'type' in value && 'name' in value && ['signal', 'query', 'update'].includes(String(value.type));

const { legacy, ...current } = protocol;
const definitions = Object.entries(current as Record<string, unknown>).filter((entry): entry is [string, Definition] => isDefinition(entry[1]));

/** The TypeScript sources of these folders, as [path, text]. */
const sourcesIn = (...folders: string[]): [string, string][] =>
  folders.flatMap((folder) =>
    readdirSync(folder, { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.ts') && !file.includes('node_modules'))
      .map((file): [string, string] => [join(folder, file), readFileSync(join(folder, file), 'utf8')]),
  );

describe('the wire protocol (workflows/protocol.ts)', () => {
  it('gives every signal, query and update a wire name used by nothing else', () => {
    expect(definitions.length).toBeGreaterThan(0);
    const names = definitions.map(([, definition]) => definition.name);
    const repeated = names.filter((name, index) => names.indexOf(name) !== index);
    expect(repeated, 'wire names used twice').toEqual([]);
  });

  // A legacy name may still be a current name of another workflow (`customer_event` stays the contact's).
  it('keeps each legacy name beside the definition it was renamed to', () => {
    for (const [key, old] of Object.entries(legacy)) {
      const renamed = definitions.find(([name]) => name === key)?.[1];
      expect(renamed, `legacy.${key} names an export of protocol.ts`).toBeDefined();
      expect(old.type, `legacy.${key} is the same kind as ${key}`).toBe(renamed?.type);
      expect(old.name, `legacy.${key} is an old name`).not.toBe(renamed?.name);
    }
  });

  it('is the only place that defines signals, queries or updates', () => {
    const defining = sourcesIn('workflows', 'src', 'activities', 'tests', 'bench')
      .filter(([path, text]) => path !== join('workflows', 'protocol.ts') && /\bdefine(Signal|Query|Update)\s*[<(]/.test(text))
      .map(([path]) => path);
    expect(defining).toEqual([]);
  });
});
