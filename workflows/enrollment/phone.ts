import { patched } from '@temporalio/workflow';
import { patches } from '../patches.js';
import type { EnrollmentRun } from './run.js';

/**
 * Intake (src/events/profile.ts) stores a phone it could not read as an Iranian mobile as sent, with the
 * reason in `<field>_invalid`; a valid number is stored in E.164 with `<field>_invalid: null`.
 */
export const invalidPhoneField = (field: string): string => `${field}_invalid`;

/** The customer field the sequence declares as phone (default `phone`). */
const phoneField = (run: EnrollmentRun): string => run.input.sequence.phoneField ?? 'phone';

/** The mobile number from the sequence's phone field. */
export function phoneOf(run: EnrollmentRun): string {
  const value = run.customer[phoneField(run)];
  return typeof value === 'string' ? value : '';
}

/** Why nobody may text or call this customer's number (intake found it invalid), for the timeline. */
export function invalidPhone(run: EnrollmentRun): string | undefined {
  const field = phoneField(run);
  const reason = run.customer[invalidPhoneField(field)];
  if (typeof reason !== 'string' || !patched(patches.skipInvalidPhones)) return undefined;
  return `invalid phone number (customer.${field}): ${reason}`;
}
