import type { SequenceDefinition } from '../../dsl/definition.js';
import { formatGregorianDateTime, formatJalaliDateTime } from '../../locale/dates.js';
import type { TimelineEntry } from './simulate.js';

/** The timeline as text: Jalali and Gregorian time in the customer's zone, step, and the rendered messages. */
export function formatTimeline(definition: SequenceDefinition, who: string, timeZone: string, entries: TimelineEntry[]): string {
  const lines = [`${definition.id} (version ${definition.version}) for ${who}, times in ${timeZone}`, ''];
  for (const entry of entries) {
    const when = `${formatJalaliDateTime(entry.at, timeZone)}  ${formatGregorianDateTime(entry.at, timeZone)}`;
    const step = entry.step ? `[${entry.step}]`.padEnd(8) : ''.padEnd(8);
    lines.push(`${when}  ${step} ${entry.text}`);
    const message = entry.message;
    if (!message) continue;
    if (message.error) lines.push(`${' '.repeat(36)}⚠ cannot render: ${message.error}`);
    if (message.subject !== undefined) lines.push(`${' '.repeat(36)}Subject: ${message.subject}`);
    for (const line of message.text?.split('\n') ?? []) lines.push(`${' '.repeat(36)}| ${line}`);
  }
  return lines.join('\n');
}
