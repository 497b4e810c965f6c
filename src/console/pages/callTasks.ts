import type { PresentedCallTask } from '../../api/callTaskActions.js';
import type { StoredCustomer } from '../../store/store.js';
import type { TimelineItem } from '../../store/timeline.js';
import { CALL_OUTCOMES } from '../../../workflows/callTask.js';
import { csrfField, esc, layout, type PageContext } from '../layout.js';
import { messages, showInstant } from '../messages.js';
import { isOverdue } from '../queueOrder.js';

const taskPath = (id: string) => `/console/call-tasks/${encodeURIComponent(id)}`;

/** The agents' queue, already in order (queueOrder); `unavailable` says why it could not be listed. */
export function queuePage(context: PageContext, tasks: PresentedCallTask[], now: Date, unavailable?: string): string {
  const t = messages(context.lang);
  const rows = tasks.map((task) => {
    const overdue = isOverdue(task, now);
    return `<tr${overdue ? ' class="overdue"' : ''}>
<td><a href="${taskPath(task.id)}">${esc(task.customerName ?? task.customerId)}</a></td>
<td>${esc(t.priorities[task.priority] ?? task.priority)}</td>
<td>${task.dueAt ? `${overdue ? `${t.overdue} · ` : ''}${showInstant(task.dueAt, context.lang)}` : ''}</td>
<td>${esc(t.statuses[task.status] ?? task.status)}${task.claimedBy ? ` (${esc(task.claimedBy)})` : ''}</td>
<td>${esc(task.sequenceId)}</td></tr>`;
  });
  const table = rows.length
    ? `<table><thead><tr><th>${t.customer}</th><th>${t.priority}</th><th>${t.due}</th><th>${t.status}</th><th>${t.sequences}</th></tr></thead><tbody>${rows.join('')}</tbody></table>`
    : `<p>${t.queueEmpty}</p>`;
  const notice = unavailable ? `<p class="notice">${t.listUnavailable}: ${esc(unavailable)}</p>` : '';
  return layout(context, t.callTasks, `${notice}<section>${table}</section>`);
}

/** One task with the customer's context on one screen: the task, the script, profile and consent, the timeline; claim and the outcomes. */
export function taskPage(context: PageContext, task: PresentedCallTask, customer: StoredCustomer | undefined, timeline: TimelineItem[]): string {
  const t = messages(context.lang);
  const open = task.status === 'open' || task.status === 'claimed' || task.status === 'scheduled';
  const claim =
    task.status === 'open' && task.claimedBy !== context.session?.user.name
      ? `<form method="post" action="${taskPath(task.id)}/claim">${csrfField(context)}<button>${t.claim}</button></form>`
      : '';
  const complete = open
    ? `<form method="post" action="${taskPath(task.id)}/complete">${csrfField(context)}
<label>${t.notes}<textarea name="notes" rows="3" maxlength="4000"></textarea></label>
<label>${t.callbackAt}<input type="datetime-local" name="callbackAt"></label>
<div class="outcomes">${CALL_OUTCOMES.map((outcome) => `<button name="outcome" value="${outcome}">${esc(t.outcomes[outcome])}</button>`).join('')}</div></form>`
    : `<p class="notice">${t.done}${task.outcome ? ` ${esc(t.outcomes[task.outcome])}` : ''}</p>`;
  const facts: [string, string][] = [
    [t.status, esc(t.statuses[task.status] ?? task.status)],
    ...(task.claimedBy ? [[t.claimedBy, esc(task.claimedBy)] as [string, string]] : []),
    [t.priority, esc(t.priorities[task.priority] ?? task.priority)],
    ...(task.dueAt ? [[t.due, `${isOverdue(task, new Date()) ? `<span class="overdue">${t.overdue}</span> ` : ''}${showInstant(task.dueAt, context.lang)}`] as [string, string]] : []),
    ...(task.callbackAt ? [[t.callbackAt, showInstant(task.callbackAt, context.lang)] as [string, string]] : []),
    ...(task.phone ? [['☎', `<a href="tel:${esc(task.phone)}" dir="ltr">${esc(task.phone)}</a>`] as [string, string]] : []),
  ];
  const body = `<section><dl>${facts.map(([term, value]) => `<dt>${term}</dt><dd>${value}</dd>`).join('')}</dl>${claim}</section>
<section><h2>${t.script}</h2><pre dir="auto">${esc(task.script)}</pre></section>
<section><h2>${t.outcome}</h2>${complete}</section>
${customerSections(context, customer, timeline)}`;
  return layout(context, `${task.customerName ?? task.customerId}`, body);
}

/** Profile, consent and timeline: on an agent's task page and on the admins' customer page. */
export function customerSections(context: PageContext, customer: StoredCustomer | undefined, timeline: TimelineItem[]): string {
  const t = messages(context.lang);
  if (!customer) return `<section><p>${t.noCustomer}</p></section>`;
  const profile = Object.entries(customer.profile).filter(([, value]) => value !== null && value !== undefined).map(([field, value]) => `<tr><th>${esc(field)}</th><td>${esc(typeof value === 'string' ? value : JSON.stringify(value))}</td></tr>`);
  const { consent } = customer;
  const consentLine = [consent.unsubscribed ? t.unsubscribed : t.subscribed, ...(consent.suppressed.length ? [`${t.suppressed}: ${consent.suppressed.map(esc).join('، ')}`] : [])].join(' · ');
  const items = timeline.map(
    (item) => `<tr><td>${showInstant(item.occurredAt, context.lang)}</td><td>${esc(item.type)}</td><td>${esc(item.source === 'ledger' ? item.subject : item.eventId)}</td></tr>`,
  );
  return `<section><h2>${t.profile}</h2><table>${profile.join('')}</table></section>
<section><h2>${t.consent}</h2><p>${consentLine}</p></section>
<section><h2>${t.timeline}</h2><table>${items.join('')}</table></section>`;
}
