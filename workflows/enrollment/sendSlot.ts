import { patched } from '@temporalio/workflow';
import type { Instant } from '../../activities/schedule/wakeTime.js';
import type { Channel } from '../../src/dsl/definition.js';
import { compute } from '../activities.js';
import { DEFAULT_SEND_WINDOWS } from '../defaultSendWindows.js';
import { patches } from '../patches.js';
import type { EnrollmentRun } from './run.js';

/**
 * When a send may go out, at or after `notBefore` (the frequency cap's answer); `undefined` is now.
 * With nothing that could hold it (no window on the channel, no best contact time, no cap to wait
 * for) that is decided here from workflow time: no `sendSlot` activity, and no workflow task to take
 * its result. Anything else asks the activity: a window read in the customer's zone, closed on the
 * installation's holidays.
 */
export async function sendSlot(run: EnrollmentRun, channel: Channel, notBefore: number): Promise<Instant | undefined> {
  const window = run.input.sequence.sendWindows[channel];
  const nothingHolds = !(window ?? DEFAULT_SEND_WINDOWS[channel]) && !run.bestContactTime && notBefore <= Date.now();
  if (nothingHolds && patched(patches.sendSlotInWorkflow)) return undefined;
  const after = new Date(Math.max(Date.now(), notBefore)).toISOString();
  // The slot is an activity's result, kept in history: computing it differently changes no replay.
  return run.ledger.carry((ledger) =>
    compute.sendSlot({ channel, window, timeZone: run.timeZone, after, bestContactTime: run.bestContactTime, keepTimeOfDay: true, ...ledger }),
  );
}
