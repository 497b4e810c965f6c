import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { enrollmentWorkflowId } from '../../workflows/ids.js';
import { ApiError } from './errors.js';
import { temporalCall } from './temporalCalls.js';

/**
 * The escaped IDs an enrollment ID written the old way (`enrollment/<sequence>/<customer>/<event>`,
 * parts joined as they are) may stand for: one per place the customer part could end.
 */
export function escapedEnrollmentIds(id: string): string[] {
  const [kind, sequenceId, ...rest] = id.split('/');
  if (kind !== 'enrollment' || !sequenceId || rest.length < 3 || id.includes('%')) return [];
  return rest.slice(1).map((_, end) => enrollmentWorkflowId(sequenceId, rest.slice(0, end + 1).join('/'), rest.slice(end + 1).join('/')));
}

/**
 * The run an enrollment ID names: the ID itself when such a run exists (runs started before IDs were
 * escaped keep theirs), else the one escaped run it may stand for. Two such runs: 409, name one.
 */
export async function resolveEnrollmentId(client: Client, id: string): Promise<string> {
  const candidates = escapedEnrollmentIds(id);
  if (candidates.length === 0) return id;
  const exists = (workflowId: string): Promise<boolean> =>
    temporalCall(
      client,
      () =>
        client.workflow
          .getHandle(workflowId)
          .describe()
          .then(
            () => true,
            (error: unknown) => (error instanceof WorkflowNotFoundError ? false : Promise.reject(error)),
          ),
      () => new ApiError(404, 'enrollment_not_found', `no enrollment "${workflowId}"`),
    );
  if (await exists(id)) return id;
  const found = (await Promise.all(candidates.map(async (candidate) => ((await exists(candidate)) ? [candidate] : [])))).flat();
  if (found.length > 1) {
    throw new ApiError(409, 'ambiguous_enrollment_id', `"${id}" may name several enrollments; use one of their IDs (parts escaped)`, { enrollments: found });
  }
  return found[0] ?? id;
}
