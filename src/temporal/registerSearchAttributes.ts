import type { Connection } from '@temporalio/client';
import proto from '@temporalio/proto';
import { peygirSearchAttributes } from '../../workflows/searchAttributes.js';

const { INDEXED_VALUE_TYPE_KEYWORD } = proto.temporal.api.enums.v1.IndexedValueType;
const GRPC_ALREADY_EXISTS = 6;
const GRPC_UNIMPLEMENTED = 12;

/**
 * Registers Peygir's custom search attributes in a namespace (dev server, test server or cluster).
 * Safe to call on every start: it asks first and adds only the missing ones, so a restart does not
 * make the server log an "already exists" warning per attribute. Another process adding them at
 * the same moment is fine too.
 */
export async function registerSearchAttributes(connection: Connection, namespace: string): Promise<void> {
  const present = await registered(connection, namespace);
  const missing = peygirSearchAttributes.filter((key) => !present.has(key.name));
  if (missing.length === 0) return;
  try {
    await connection.operatorService.addSearchAttributes({
      namespace,
      searchAttributes: Object.fromEntries(missing.map((key) => [key.name, INDEXED_VALUE_TYPE_KEYWORD])),
    });
  } catch (error) {
    if ((error as { code?: number }).code !== GRPC_ALREADY_EXISTS) throw error;
  }
}

/** The custom attributes the namespace has; none known where the server cannot list them (the Java test server). */
async function registered(connection: Connection, namespace: string): Promise<Set<string>> {
  try {
    const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace });
    return new Set(Object.keys(customAttributes));
  } catch (error) {
    if ((error as { code?: number }).code !== GRPC_UNIMPLEMENTED) throw error;
    return new Set();
  }
}
