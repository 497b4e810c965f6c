import type { CallTask } from '../../workflows/callTask.js';

const PRIORITY_RANK: Record<CallTask['priority'], number> = { urgent: 0, high: 1, normal: 2, low: 3 };

/** Whether a task is past its due time at `now`. */
export function isOverdue(task: Pick<CallTask, 'dueAt'>, now: Date): boolean {
  return task.dueAt !== undefined && Date.parse(task.dueAt) < now.getTime();
}

/** The agents' queue: overdue first (longest overdue on top), then by priority, then the earliest due, then the oldest opened. */
export function queueOrder<T extends Pick<CallTask, 'dueAt' | 'priority' | 'openAt' | 'createdAt'>>(tasks: T[], now: Date): T[] {
  const time = (instant: string | undefined) => (instant === undefined ? Number.POSITIVE_INFINITY : Date.parse(instant));
  return [...tasks].sort(
    (a, b) =>
      Number(isOverdue(b, now)) - Number(isOverdue(a, now)) ||
      (isOverdue(a, now) ? time(a.dueAt) - time(b.dueAt) : 0) ||
      PRIORITY_RANK[a.priority] - PRIORITY_RANK[b.priority] ||
      time(a.dueAt) - time(b.dueAt) ||
      time(a.openAt ?? a.createdAt) - time(b.openAt ?? b.createdAt),
  );
}
