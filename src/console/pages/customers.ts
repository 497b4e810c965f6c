import type { StoredCustomer } from '../../store/store.js';
import type { TimelineItem } from '../../store/timeline.js';
import { csrfField, layout, type PageContext } from '../layout.js';
import { messages } from '../messages.js';
import { customerSections } from './callTasks.js';

/** Admins: find a customer by ID. */
export function findCustomerPage(context: PageContext): string {
  const t = messages(context.lang);
  return layout(
    context,
    t.customers,
    `<section><form method="get" action="/console/customers/find"><label>${t.customerId}<input name="id" required dir="ltr"></label><button>${t.open}</button></form></section>`,
  );
}

/** Admins: a customer's profile, consent and timeline, and erasure (the ID typed again to confirm). */
export function customerPage(context: PageContext, customerId: string, customer: StoredCustomer | undefined, timeline: TimelineItem[], erased = false): string {
  const t = messages(context.lang);
  const erase = `<section><form method="post" action="/console/customers/${encodeURIComponent(customerId)}/erase">${csrfField(context)}
<label>${t.eraseConfirm}<input name="confirm" required dir="ltr"></label><button>${t.erase}</button></form></section>`;
  return layout(context, customerId, `${erased ? `<p class="notice" role="status">${t.erased}</p>` : ''}${customerSections(context, customer, timeline)}${erase}`);
}
