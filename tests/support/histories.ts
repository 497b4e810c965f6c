import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { WorkflowHandle } from '@temporalio/client';
import proto from '@temporalio/proto';

export const HISTORIES_DIR = resolve('tests/fixtures/histories');
const { History } = proto.temporal.api.history.v1;
type History = proto.temporal.api.history.v1.History;

/**
 * With RECORD_HISTORIES=1, saves a finished run's history as a replay fixture
 * (tests/replay-histories.test.ts replays every fixture against the current workflow code).
 * Re-record only on purpose: a fixture is the promise that runs in flight keep working.
 */
export async function keepHistory(handle: WorkflowHandle, name: string): Promise<void> {
  if (process.env.RECORD_HISTORIES !== '1') return;
  const history = History.toObject((await handle.fetchHistory()) as History, { longs: String, enums: String, bytes: String });
  await writeFile(resolve(HISTORIES_DIR, `${name}.json`), `${JSON.stringify({ workflowId: handle.workflowId, history }, null, 1)}\n`);
}

/** A fixture back into what the replayer takes: the history and the workflow ID it ran under. */
export function readHistoryFixture(file: string): { workflowId: string; history: History } {
  const { workflowId, history } = JSON.parse(readFileSync(resolve(HISTORIES_DIR, file), 'utf8')) as { workflowId: string; history: Record<string, unknown> };
  return { workflowId, history: History.fromObject(history) };
}
