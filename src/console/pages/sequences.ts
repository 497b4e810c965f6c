import type { SequenceRegistry } from '../../dsl/registry.js';
import type { OpenRuns } from '../../store/openRuns.js';
import { showNumber } from '../charts.js';
import { csrfField, esc, layout, type PageContext } from '../layout.js';
import { messages } from '../messages.js';

export type ReloadNotice = 'reloaded' | 'reloadFailed';

/** Problems as the validator words them: `file:line:col message`. */
export function problemList(problems: string[]): string {
  return `<ul class="problems">${problems.map((problem) => `<li dir="ltr">${esc(problem)}</li>`).join('')}</ul>`;
}

/** Each version with open runs, and how many each holds, the current one marked. */
export function liveVersions(context: PageContext, current: string | undefined, open: OpenRuns[]): string {
  const t = messages(context.lang);
  const runs = new Map<string, number>();
  for (const row of open) runs.set(row.version, (runs.get(row.version) ?? 0) + row.runs);
  if (runs.size === 0) return t.noOpenRuns;
  return [...runs]
    .sort(([a], [b]) => (a === current ? -1 : b === current ? 1 : a.localeCompare(b)))
    .map(([version, count]) => `<span dir="ltr">${esc(version)}</span>${version === current ? ` (${t.current})` : ''}: ${showNumber(count, context.lang)} ${t.runsCount}`)
    .join('<br>');
}

/** The marketers' list: each file with its sequence, version, validation state and problems, the live versions, and reload. */
export function sequencesPage(context: PageContext, sequences: SequenceRegistry, open: OpenRuns[], notice?: ReloadNotice): string {
  const t = messages(context.lang);
  const rows = sequences.validation().map((file) => {
    const name = file.id && sequences.get(file.id) ? `<a href="/console/sequences/${encodeURIComponent(file.id)}" dir="ltr">${esc(file.id)}</a>` : `<span dir="ltr">${esc(file.id ?? '')}</span>`;
    const ofSequence = open.filter((row) => row.sequenceId === file.id);
    return `<tr><td>${name}<br><small dir="ltr">${esc(file.file)}</small></td><td dir="ltr">${esc(file.version ?? '')}</td>
<td>${file.problems.length ? problemList(file.problems) : t.valid}</td><td>${liveVersions(context, file.version, ofSequence)}</td></tr>`;
  });
  const shown = notice ? `<p class="notice" role="status">${t[notice]}</p>` : '';
  const reload = `<form method="post" action="/console/sequences/reload">${csrfField(context)}<button>${t.reload}</button></form>`;
  return layout(
    context,
    t.sequences,
    `${shown}<section><table><thead><tr><th>${t.sequences}</th><th>${t.version}</th><th>${t.problems}</th><th>${t.liveVersions}</th></tr></thead><tbody>${rows.join('')}</tbody></table>
${reload}<p><a href="/console/reports">${t.reports}</a></p></section>`,
  );
}
