import { describe, expect, it } from 'vitest';
import { isOverdue, queueOrder } from '../src/console/queueOrder.js';
import { callbackInstant } from '../src/console/callbackTime.js';

const now = new Date('2026-12-02T10:00:00Z');
const task = (id: string, priority: 'low' | 'normal' | 'high' | 'urgent', dueAt?: string) => ({ id, priority, createdAt: '2026-12-01T08:00:00Z', ...(dueAt ? { dueAt } : {}) });

describe('the agents’ queue order', () => {
  it('puts overdue tasks first (longest overdue on top), then by priority, then the earliest due', () => {
    const tasks = [
      task('normal-later', 'normal', '2026-12-05T10:00:00Z'),
      task('low-overdue', 'low', '2026-12-02T09:00:00Z'),
      task('urgent-no-due', 'urgent'),
      task('normal-sooner', 'normal', '2026-12-03T10:00:00Z'),
      task('high-overdue-longest', 'high', '2026-12-01T09:00:00Z'),
    ];
    expect(queueOrder(tasks, now).map((entry) => entry.id)).toEqual(['high-overdue-longest', 'low-overdue', 'urgent-no-due', 'normal-sooner', 'normal-later']);
    expect(isOverdue(task('x', 'low', '2026-12-02T10:00:00Z'), now)).toBe(false);
  });

  it('reads a callback time in the customer’s zone', () => {
    expect(callbackInstant('2026-12-20T10:30', 'Asia/Tehran')?.toISOString()).toBe('2026-12-20T07:00:00.000Z');
    expect(callbackInstant('2026-12-20T10:30', 'Europe/Berlin')?.toISOString()).toBe('2026-12-20T09:30:00.000Z');
    expect(callbackInstant('', 'Asia/Tehran')).toBeUndefined();
    expect(callbackInstant('tomorrow', 'Asia/Tehran')).toBeUndefined();
  });
});
