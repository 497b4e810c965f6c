/**
 * Deterministic workflow IDs that say what they are, built injectively: inside each part `%` becomes
 * `%25` and `/` becomes `%2F`, so two different sets of parts never meet in one ID (customer `col` with
 * event `x/y` and customer `col/x` with event `y` once both became `enrollment/welcome/col/x/y`).
 * A part without `/` or `%` reads as it is, so most IDs look as they always did.
 */
export const idPart = (part: string): string => part.replaceAll('%', '%25').replaceAll('/', '%2F');

const joined = (kind: string, parts: string[]): string => [kind, ...parts.map(idPart)].join('/');

/** One part after a fixed prefix is already unambiguous: contacts keep the ID they have always had. */
export const contactWorkflowId = (customerId: string): string => `contact/${customerId}`;

export const enrollmentWorkflowId = (sequenceId: string, customerId: string, triggerEventId: string): string =>
  joined('enrollment', [sequenceId, customerId, triggerEventId]);

/** One call task per enrollment step: `call-task/<customer>/<sequence>/<trigger event>/<step>`. */
export const callTaskWorkflowId = (customerId: string, sequenceId: string, triggerEventId: string, stepId: string): string =>
  joined('call-task', [customerId, sequenceId, triggerEventId, stepId]);

/** The IDs of runs started before the parts were escaped (`patches.workflowIdsEscapeParts`); they keep them. */
export const legacyEnrollmentWorkflowId = (sequenceId: string, customerId: string, triggerEventId: string): string =>
  `enrollment/${sequenceId}/${customerId}/${triggerEventId}`;

export const legacyCallTaskWorkflowId = (customerId: string, enrollmentWorkflowId: string, stepId: string): string =>
  `call-task/${customerId}/${enrollmentWorkflowId.split('/').slice(1).filter((part) => part !== customerId).join('/')}/${stepId}`;

/** Temporal refuses a workflow ID over this many UTF-8 bytes (the server's default `limit.maxIDLength`). */
const MAX_ID_BYTES = 1_000;

/** Too long to start: escaping can triple a part, and a refused start would fail the starting workflow's task over and over. */
export function idTooLong(workflowId: string): boolean {
  let bytes = 0;
  for (const char of workflowId) {
    const code = char.codePointAt(0) ?? 0;
    bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
  }
  return bytes > MAX_ID_BYTES;
}
