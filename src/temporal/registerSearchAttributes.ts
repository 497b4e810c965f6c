import type { Connection } from '@temporalio/client';
import proto from '@temporalio/proto';
import { peygirSearchAttributes } from '../../workflows/searchAttributes.js';

const { INDEXED_VALUE_TYPE_KEYWORD } = proto.temporal.api.enums.v1.IndexedValueType;
const GRPC_ALREADY_EXISTS = 6;

/**
 * Registers Peygir's custom search attributes in a namespace (dev server, test server or cluster).
 * Safe to call on every start: attributes that already exist are left as they are.
 */
export async function registerSearchAttributes(connection: Connection, namespace: string): Promise<void> {
  try {
    await connection.operatorService.addSearchAttributes({
      namespace,
      searchAttributes: Object.fromEntries(peygirSearchAttributes.map((key) => [key.name, INDEXED_VALUE_TYPE_KEYWORD])),
    });
  } catch (error) {
    if ((error as { code?: number }).code !== GRPC_ALREADY_EXISTS) throw error;
  }
}
