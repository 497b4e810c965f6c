import { timingSafeEqual } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import { tsToDate } from '@temporalio/common/lib/time.js';
import proto from '@temporalio/proto';
import { hmacHex } from '../security/signing.js';
import { temporalCall } from './temporalCalls.js';
import { ApiError } from './errors.js';

const { WorkflowExecutionStatus } = proto.temporal.api.enums.v1;

/** A workflow as Temporal visibility lists it: no query to the workflow, just its search attributes. */
export interface ListedWorkflow {
  workflowId: string;
  /** Temporal's execution status: running, completed, failed, terminated, … */
  execution: string;
  startedAt?: string;
  closedAt?: string;
  searchAttributes: Record<string, string>;
}

/** Characters a filter value may not contain: it is quoted inside a visibility query. */
export const FILTER_VALUE_PATTERN = "^[^'\"\\\\\\u0000-\\u001f]+$";

/** `WorkflowType = '<type>' AND <key> = '<value>' …` (values are checked against FILTER_VALUE_PATTERN by the route schema). */
export function visibilityQuery(workflowType: string, filters: Record<string, string | undefined>): string {
  const conditions = Object.entries(filters).flatMap(([key, value]) => (value === undefined ? [] : [`${key} = '${value}'`]));
  return [`WorkflowType = '${workflowType}'`, ...conditions].join(' AND ');
}

/**
 * Page tokens are Temporal's, signed with PEYGIR_SECRET over the query: Temporal answers a made-up token
 * with a retryable error (a 5 s wait, then 503), so a token that is not ours, or is from another query, is
 * a 400 at once.
 */
function pageTokens(secret: string, query: string) {
  const mac = (raw: string) => Buffer.from(hmacHex(secret, `${query}\n${raw}`).slice(0, 32), 'hex');
  return {
    sign: (raw: Uint8Array): string => {
      const encoded = Buffer.from(raw).toString('base64url');
      return `${encoded}.${mac(encoded).toString('base64url')}`;
    },
    read(token: string): Buffer {
      const [encoded = '', signature = ''] = token.split('.');
      const given = Buffer.from(signature, 'base64url');
      const expected = mac(encoded);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        throw new ApiError(400, 'invalid_request', 'nextPageToken is not one this list gave out (it belongs to the same filters)');
      }
      return Buffer.from(encoded, 'base64url');
    },
  };
}

/** One page of a visibility query; `nextPageToken` is opaque and absent on the last page. */
export async function listWorkflows(
  client: Client,
  query: string,
  page: { pageSize: number; nextPageToken?: string | undefined; tokenSecret: string },
): Promise<{ workflows: ListedWorkflow[]; nextPageToken?: string }> {
  const tokens = pageTokens(page.tokenSecret, query);
  const nextPageToken = page.nextPageToken ? tokens.read(page.nextPageToken) : undefined;
  const response = await temporalCall(
    client,
    () =>
      client.workflowService.listWorkflowExecutions({
        namespace: client.options.namespace,
        query,
        pageSize: page.pageSize,
        ...(nextPageToken ? { nextPageToken } : {}),
      }),
    () => new ApiError(404, 'not_found', 'nothing to list'),
  );
  const workflows = (response.executions ?? []).map((execution) => ({
    workflowId: execution.execution?.workflowId ?? '',
    execution: (WorkflowExecutionStatus[execution.status ?? 0] ?? 'UNSPECIFIED').replace('WORKFLOW_EXECUTION_STATUS_', '').toLowerCase(),
    ...(execution.startTime ? { startedAt: tsToDate(execution.startTime).toISOString() } : {}),
    ...(execution.closeTime ? { closedAt: tsToDate(execution.closeTime).toISOString() } : {}),
    searchAttributes: Object.fromEntries(
      Object.entries(execution.searchAttributes?.indexedFields ?? {}).map(([key, payload]) => [key, String(defaultPayloadConverter.fromPayload(payload))]),
    ),
  }));
  const token = response.nextPageToken?.length ? tokens.sign(response.nextPageToken) : undefined;
  return { workflows, ...(token ? { nextPageToken: token } : {}) };
}

/** Query-string schema for list routes: page size and token, plus the route's own filters. */
export function listQuerySchema(filters: Record<string, string>): Record<string, unknown> {
  return {
    type: 'object',
    properties: {
      ...Object.fromEntries(
        Object.entries(filters).map(([name, description]) => [name, { type: 'string', minLength: 1, maxLength: 200, pattern: FILTER_VALUE_PATTERN, description }]),
      ),
      pageSize: { type: 'integer', minimum: 1, maximum: 100, default: 20 },
      nextPageToken: { type: 'string', maxLength: 4096, description: 'from the previous page' },
    },
    additionalProperties: false,
  };
}
