import type { Client } from '@temporalio/client';
import proto from '@temporalio/proto';

/** A run's history as Temporal stores it: how many events, and their size encoded (bytes). */
export async function historySize(client: Client, workflowId: string): Promise<{ events: number; bytes: number }> {
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  return { events: history.events?.length ?? 0, bytes: proto.temporal.api.history.v1.History.encode(history).finish().length };
}
