import { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time.js';
import type { Logger } from '../logger.js';
import { registerSearchAttributes } from '../temporal/registerSearchAttributes.js';
import { peygirSearchAttributes } from '../../workflows/searchAttributes.js';

const GRPC_ALREADY_EXISTS = 6;
/** How long a closed run's history stays readable (the Web UI, the API's history views). */
const RETENTION_DAYS = 30;

/**
 * Peygir's namespace on the cluster (the server creates none by itself) with its search attributes.
 * Resolves once the frontend serves both: it learns of a new namespace on its next cache refresh.
 */
export async function prepareNamespace(address: string, namespace: string, log: Logger): Promise<void> {
  const connection = await Connection.connect({ address });
  try {
    try {
      await connection.workflowService.registerNamespace({ namespace, workflowExecutionRetentionPeriod: msToTs(`${RETENTION_DAYS} days`) });
      log.info(`registered namespace ${namespace} (closed runs kept ${RETENTION_DAYS} days)`);
    } catch (error) {
      if ((error as { code?: number }).code !== GRPC_ALREADY_EXISTS) throw error;
    }
    await untilAnswered(`namespace ${namespace}`, () => connection.workflowService.listWorkflowExecutions({ namespace, pageSize: 1 }));
    await registerSearchAttributes(connection, namespace);
    const query = peygirSearchAttributes.map((key) => `${key.name} = ''`).join(' AND ');
    await untilAnswered('Peygir’s search attributes', () => connection.workflowService.listWorkflowExecutions({ namespace, pageSize: 1, query }));
  } finally {
    await connection.close();
  }
}

async function untilAnswered(what: string, call: () => Promise<unknown>): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      await call();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`the cluster did not serve ${what} within 60 s`, { cause: error });
      await new Promise((done) => setTimeout(done, 500));
    }
  }
}
