import type { CustomerRuns } from '../../api/customerRuns.js';
import type { EnrollmentControl } from '../../api/enrollmentControls.js';
import type { StoredCustomer } from '../../store/store.js';
import type { TimelineItem } from '../../store/timeline.js';
import { csrfField, layout, type PageContext } from '../layout.js';
import { messages } from '../messages.js';
import { customerSections } from './callTasks.js';
import { runsSection } from './customerRuns.js';

/** Admins: find a customer by ID. */
export function findCustomerPage(context: PageContext): string {
  const t = messages(context.lang);
  return layout(
    context,
    t.customers,
    `<section><form method="get" action="/console/customers/find"><label>${t.customerId}<input name="id" required dir="ltr"></label><button>${t.open}</button></form></section>`,
  );
}

/** What the customer page shows beside the store's record: the runs, and what just happened (a control sent, the erasure). */
export interface CustomerPageState {
  runs: CustomerRuns;
  temporalUiUrl: (workflowId: string) => string;
  notice?: 'erased' | EnrollmentControl | undefined;
}

/** Admins (ops): a customer's profile, consent, timeline and runs with their controls; the export download and erasure (the ID typed again to confirm). */
export function customerPage(context: PageContext, customerId: string, customer: StoredCustomer | undefined, timeline: TimelineItem[], state: CustomerPageState): string {
  const t = messages(context.lang);
  const path = `/console/customers/${encodeURIComponent(customerId)}`;
  const notice = state.notice ? `<p class="notice" role="status">${state.notice === 'erased' ? t.erased : t.controlSent}</p>` : '';
  const privacy = `<section><p><a href="${path}/export" download>${t.exportData}</a></p><form method="post" action="${path}/erase">${csrfField(context)}
<label>${t.eraseConfirm}<input name="confirm" required dir="ltr"></label><button>${t.erase}</button></form></section>`;
  return layout(context, customerId, `${notice}${customerSections(context, customer, timeline)}${runsSection(context, customerId, state.runs, state.temporalUiUrl)}${privacy}`);
}
