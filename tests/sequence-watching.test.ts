import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { SequenceRegistry } from '../src/dsl/registry.js';
import { watchSequences } from '../src/dsl/watch.js';
import { eventually } from './support/eventually.js';

describe('SEQUENCES_WATCH: a saved sequence file is reloaded (npm run dev)', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'peygir-watch-'));
  await cp('sequences/welcome.yaml', join(dir, 'welcome.yaml'));
  const lines: { level: number; msg: string; changed?: string[] }[] = [];
  const log = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
  const sequences = new SequenceRegistry(dir);
  const [first] = await sequences.reload();
  const stop = watchSequences(dir, sequences, log);
  afterAll(async () => {
    stop();
    await rm(dir, { recursive: true });
  });
  const file = join(dir, 'welcome.yaml');
  const original = await readFile(file, 'utf8');

  it('an edit gives the sequence a new version and logs it', async () => {
    await writeFile(file, original.replace(/^name: .*$/m, (line) => `${line} (edited)`));
    await eventually(() => expect(sequences.get(first!.id)?.version).not.toBe(first!.version));
    const edited = sequences.get(first!.id)!;
    await eventually(() => expect(lines).toContainEqual(expect.objectContaining({ changed: [`${edited.id}@${edited.version}`] })));
  });

  it('a broken save logs where and what is wrong, and the last good version stays', async () => {
    const good = sequences.get(first!.id)!.version;
    await writeFile(file, original.replace(/^steps:/m, 'stepz:'));
    await eventually(() => expect(lines.some((line) => line.level === 40 && /welcome\.yaml:\d+:\d+/.test(line.msg))).toBe(true));
    expect(sequences.get(first!.id)?.version).toBe(good);
  });
});
