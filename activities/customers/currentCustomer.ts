import { Context } from '@temporalio/activity';
import { rootMessage, type Store } from '../../src/store/store.js';
import { retryLater } from '../channels/failures.js';
import { customerWithFacts } from '../../workflows/facts.js';

/** An activity input that renders Liquid: whose customer, and the run's context (`customer`, `event`, `trigger`). */
interface RendersCustomer {
  customerId?: string | undefined;
  context?: Record<string, unknown> | undefined;
}

type Activity<Input, Output> = (input: Input) => Promise<Output>;

/** When the attempt was scheduled (server time: the workflows' clock, skipped in tests too); outside an activity, now. */
function now(): Date {
  try {
    return new Date(Context.current().info.currentAttemptScheduledTimestampMs);
  } catch {
    return new Date();
  }
}

/**
 * Messages render the customer as the customer store knows them when the activity runs, not as the
 * run was told: a profile change is used however it arrived (out of order, from another sequence, while
 * the run waited), and the run needs to carry no profile for it. Fields only the run knows (a run from
 * before the store whose customer was never moved into it) are kept. A store that does not answer fails
 * the attempt as `StoreUnavailable`, retried; a customer the store does not know renders as the run said.
 * Templates see the customer's facts (`customer.facts.*`) as the store holds them, days counted now.
 */
export function currentCustomer(store: Pick<Store, 'getCustomer'>) {
  async function withCurrentProfile<Input extends RendersCustomer>(input: Input): Promise<Input> {
    if (input.customerId === undefined || !input.context) return input;
    const stored = await store.getCustomer(input.customerId).catch((error: unknown) => {
      throw retryLater(`customer store unavailable: ${rootMessage(error)}`, 'StoreUnavailable');
    });
    if (!stored) return input;
    const carried = input.context.customer;
    const customer = customerWithFacts({ ...(typeof carried === 'object' && carried !== null ? carried : {}), ...stored.profile }, stored.facts, now());
    return { ...input, context: { ...input.context, customer } };
  }

  return {
    /** Wraps a rendering activity so it renders the current customer. */
    renders<Input extends RendersCustomer, Output>(activity: Activity<Input, Output>): Activity<Input, Output> {
      // A named function: Temporal registers activities by property name, this keeps stack traces readable.
      return async function rendersCurrentCustomer(input) {
        return activity(await withCurrentProfile(input));
      };
    },
    /** … and an email goes to the customer's current address (the run's, when the store has none). */
    emails<Input extends RendersCustomer & { to: string }, Output>(sendEmail: Activity<Input, Output>): Activity<Input, Output> {
      return async function emailsCurrentCustomer(input) {
        const current = await withCurrentProfile(input);
        const email = (current.context?.customer as Record<string, unknown> | undefined)?.email;
        return sendEmail({ ...current, to: typeof email === 'string' && email.trim() ? email : input.to });
      };
    },
  };
}
