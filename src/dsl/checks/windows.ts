import type { Locator } from '../locate.js';
import type { Problem } from '../problems.js';
import type { SequenceFile } from '../schema.js';

/** A short day that `days:` leaves out: nothing goes out that day at all, so its shorter hours never apply. */
export function checkShortDays(file: SequenceFile, locator: Locator): Problem[] {
  return (['send_window', 'call_hours'] as const).flatMap((key) => {
    const window = file[key];
    const days = window?.days;
    if (!days) return [];
    return Object.keys(window.short_days ?? {})
      .filter((day) => !(days as string[]).includes(day))
      .map((day) => locator.keyProblem([key, 'short_days', day], `${day} is a short day, but days: leaves ${day} out`, `add ${day} to days: [${days.join(', ')}], or remove it from short_days`));
  });
}
