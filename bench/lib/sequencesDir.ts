import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';

/**
 * A temp sequences folder holding only what a bench needs: copies of shipped files (e.g.
 * sequences/welcome.yaml) and/or generated YAML, so no other sequence reacts to the bench's events.
 */
export function benchSequencesDir(files: { copy?: string[]; write?: Record<string, string> }): string {
  const dir = mkdtempSync(join(tmpdir(), 'peygir-bench-sequences-'));
  for (const file of files.copy ?? []) copyFileSync(file, join(dir, basename(file)));
  for (const [name, yaml] of Object.entries(files.write ?? {})) writeFileSync(join(dir, name), yaml);
  return dir;
}
