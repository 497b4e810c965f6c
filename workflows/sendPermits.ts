import { patched } from '@temporalio/workflow';
import type { Channel, SequenceDefinition } from '../src/dsl/definition.js';
import type { FrequencyCaps } from '../src/dsl/frequencyCaps.js';
import { compute } from './activities.js';
import { consentRefusal } from './consent.js';
import { patches } from './patches.js';
import { earliestAllowed, pruneSends, type PlannedSend } from './frequency.js';
import type { Consent } from './enrollment/state.js';

const PERMITS_KEPT = 200;

/** The permit an enrollment asks for before sending `stepId` (one per step: a repeat gets the same answer). */
export const permitRequestId = (enrollmentWorkflowId: string, stepId: string): string => `${enrollmentWorkflowId}/${stepId}`;

/**
 * The contact's answers to "when may this send go out" under the frequency caps, across all of the
 * customer's sequences. The caps are those the API sent with the latest event (`knowCaps`); a run that
 * has none of those reads them once (an activity), so a config change then applies after continue-as-new.
 */
export class SendPermits {
  private caps: FrequencyCaps | undefined;

  constructor(private readonly state: { sends: PlannedSend[]; permits: Record<string, number> }) {}

  /** The caps the API sent with an event: the installation's configuration as it took the event. */
  knowCaps(caps: FrequencyCaps): void {
    this.caps = caps;
  }

  /** Not before this instant (epoch ms); the send is reserved at once, so the next request counts it. */
  async grant(requestId: string, channel: Channel): Promise<number> {
    this.caps ??= await compute.frequencyCaps();
    const given = this.state.permits[requestId];
    if (given !== undefined) return given;
    const now = Date.now();
    const notBefore = earliestAllowed(this.state.sends, this.caps, channel, now);
    this.state.sends = [...pruneSends(this.state.sends, now), { channel, at: notBefore }];
    this.state.permits[requestId] = notBefore;
    const answered = Object.keys(this.state.permits);
    if (answered.length > PERMITS_KEPT) delete this.state.permits[answered[0] ?? ''];
    return notBefore;
  }

  /** Gives back a reserved send that will not happen (its enrollment ended or never started). */
  release(requestId: string, channel: Channel): void {
    const notBefore = this.state.permits[requestId];
    if (notBefore === undefined) return;
    delete this.state.permits[requestId];
    const index = this.state.sends.findIndex((send) => send.channel === channel && send.at === notBefore);
    if (index >= 0) this.state.sends.splice(index, 1);
  }

  /**
   * A sequence that opens with a send (the welcome email) gets that permit with its start, which saves
   * the run a round trip of two signals and two workflow tasks before its first message.
   */
  async grantFirstSend(sequence: SequenceDefinition, enrollmentWorkflowId: string, consent: Consent): Promise<Record<string, number>> {
    const [first] = sequence.steps;
    if (first?.kind !== 'send' || consentRefusal(consent, first.channel) || !patched(patches.grantFirstPermitAtStart)) return {};
    const requestId = permitRequestId(enrollmentWorkflowId, first.id);
    return { [requestId]: await this.grant(requestId, first.channel) };
  }

  /** Gives back what `grantFirstSend` reserved for a run that could not start. */
  releaseFirstSend(sequence: SequenceDefinition, enrollmentWorkflowId: string): void {
    const [first] = sequence.steps;
    if (first?.kind === 'send') this.release(permitRequestId(enrollmentWorkflowId, first.id), first.channel);
  }
}
