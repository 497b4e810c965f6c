import type { CalendarDuration } from '../../src/dsl/definition.js';

export interface WakeTimeInput {
  /** ISO instant to count from (workflow time). */
  from: string;
  duration: CalendarDuration;
}

/** When a wait ends: calendar maths lives here, outside the deterministic workflow. */
export async function wakeTime(input: WakeTimeInput): Promise<{ at: string; display: string }> {
  const at = new Date(input.from);
  const { months = 0, weeks = 0, days = 0, hours = 0, minutes = 0 } = input.duration;
  if (months) at.setUTCMonth(at.getUTCMonth() + months);
  at.setTime(at.getTime() + ((weeks * 7 + days) * 24 * 60 + hours * 60 + minutes) * 60_000);
  return { at: at.toISOString(), display: at.toISOString() };
}
