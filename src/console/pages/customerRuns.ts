import type { CustomerRuns } from '../../api/customerRuns.js';
import type { ENROLLMENT_CONTROLS } from '../../api/enrollmentControls.js';
import type { ListedWorkflow } from '../../api/visibility.js';
import { sequenceKey, statusKey, stepKey } from '../../../workflows/searchAttributes.js';
import { csrfField, esc, type PageContext } from '../layout.js';
import { messages, showInstant } from '../messages.js';

const CONTROL_LABELS = { cancel: 'cancelRun', 'skip-wait': 'skipWait', 'retry-step': 'retryStep' } as const satisfies Record<keyof typeof ENROLLMENT_CONTROLS, string>;

/**
 * A customer's enrollments and call tasks (Temporal visibility), each with its link into the Temporal UI; a running
 * enrollment with the ops controls (cancel, skip the wait, retry the step), each a form with the CSRF token.
 */
export function runsSection(context: PageContext, customerId: string, runs: CustomerRuns, temporalUiUrl: (workflowId: string) => string): string {
  const t = messages(context.lang);
  if (!runs.listed) return `<section><h2>${t.runs}</h2><p class="notice">${t.runsUnavailable}: ${esc(runs.reason)}</p></section>`;
  const action = `/console/customers/${encodeURIComponent(customerId)}/runs`;
  const controls = (run: ListedWorkflow) =>
    run.execution === 'running'
      ? `<div class="actions">${Object.entries(CONTROL_LABELS)
          .map(([control, label]) => `<form method="post" action="${action}">${csrfField(context)}<input type="hidden" name="run" value="${esc(run.workflowId)}"><button name="action" value="${control}">${t[label]}</button></form>`)
          .join('')}</div>`
      : '';
  const row = (run: ListedWorkflow, link: string, withControls: boolean) => `<tr><td dir="ltr">${link}<br><a href="${esc(temporalUiUrl(run.workflowId))}">${t.inTemporal}</a></td>
<td dir="ltr">${esc(run.searchAttributes[sequenceKey.name] ?? '')}</td><td>${esc(t.statuses[run.searchAttributes[statusKey.name] ?? ''] ?? run.searchAttributes[statusKey.name] ?? run.execution)}${run.searchAttributes[stepKey.name] ? ` · ${t.step} <span dir="ltr">${esc(run.searchAttributes[stepKey.name])}</span>` : ''}</td>
<td>${run.startedAt ? showInstant(run.startedAt, context.lang) : ''}</td><td>${withControls ? controls(run) : ''}</td></tr>`;
  const head = `<thead><tr><th>ID</th><th>${t.sequences}</th><th>${t.status}</th><th>${t.startedAt}</th><th></th></tr></thead>`;
  const enrollments = runs.enrollments.map((run) => row(run, esc(run.workflowId), true));
  const callTasks = runs.callTasks.map((run) => row(run, `<a href="/console/call-tasks/${encodeURIComponent(run.workflowId)}">${esc(run.workflowId)}</a>`, false));
  const table = (title: string, rows: string[]) => (rows.length ? `<section><h2>${title}</h2><div class="wide"><table>${head}<tbody>${rows.join('')}</tbody></table></div></section>` : '');
  return table(t.enrollments, enrollments) + table(t.callTasks, callTasks);
}
