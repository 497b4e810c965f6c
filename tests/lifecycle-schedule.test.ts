import { describe, expect, it } from 'vitest';
import { ensureLifecycleSchedule, LIFECYCLE_SCHEDULE_ID } from '../src/temporal/lifecycleSchedule.js';
import { useStack } from './support/useStack.js';

describe('the lifecycle clock schedule (the dev server: the test server has no schedules)', () => {
  const t = useStack({ server: 'dev', definitions: [] });

  it('is created at the first start and found at the next, hourly, running the lifecycle clock', async () => {
    expect(await ensureLifecycleSchedule(t.stack.env.client, t.stack.taskQueue)).toBe('created');
    expect(await ensureLifecycleSchedule(t.stack.env.client, t.stack.taskQueue)).toBe('exists');
    const schedule = await t.stack.env.client.schedule.getHandle(LIFECYCLE_SCHEDULE_ID).describe();
    expect(schedule.spec.intervals?.map((interval) => Number(interval.every))).toEqual([3_600_000]);
    expect(schedule.action).toMatchObject({ type: 'startWorkflow', workflowType: 'lifecycleClockWorkflow', workflowId: LIFECYCLE_SCHEDULE_ID, taskQueue: t.stack.taskQueue });
  });
});
