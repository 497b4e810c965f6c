import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { previewCommand } from '../cli/preview.js';
import { CliError } from '../cli/errors.js';

/** What the preview printed, and whether it ran to the end (`failed`: the run would fail, or the preview could not run). */
export interface SamplePreview {
  command: string;
  output: string;
  failed: boolean;
}

let running = false;

/** The preview's inputs: the folder's sample customer and, when the folder has one, the sequence's events script. */
function sampleFiles(dir: string, sequenceId: string): { customer: string; events?: string } {
  const events = join(dir, 'samples', `${sequenceId}.events.yaml`);
  return { customer: join(dir, 'samples', 'sara.json'), ...(existsSync(events) ? { events } : {}) };
}

/** The command a marketer could type for the same preview. */
export function sampleCommand(dir: string, sequenceId: string): string {
  const files = sampleFiles(dir, sequenceId);
  return ['npx peygir preview', sequenceId, '--customer', files.customer, ...(files.events ? ['--events', files.events] : [])].join(' ');
}

/**
 * `peygir preview <sequence>` for the folder's sample customer, run in this process: the workers' own workflows on
 * the Temporal time-skipping test server (started for it, torn down after). One at a time: a second ask while one runs
 * is answered `undefined`. A preview that cannot run (no JDK, a broken sample) says why in its output.
 */
export async function runSamplePreview(dir: string, sequenceId: string): Promise<SamplePreview | undefined> {
  if (running) return undefined;
  running = true;
  const files = sampleFiles(dir, sequenceId);
  const command = sampleCommand(dir, sequenceId);
  try {
    const { output, exitCode } = await previewCommand(sequenceId, { dir, ...files });
    return { command, output, failed: exitCode !== 0 };
  } catch (error) {
    if (error instanceof CliError) return { command, output: error.message, failed: true };
    throw error;
  } finally {
    running = false;
  }
}
