import type { Metrics } from '../src/metrics/registry.js';

/**
 * Wraps a sending activity so every attempt's result lands in `peygir_sends_total{channel,result}`:
 * `sent`, or the failure's type (EmailRejected, SmtpUnavailable, KavenegarPaused …).
 */
export function countSends<Input, Output>(
  sends: Metrics['sends'] | undefined,
  channel: 'email' | 'sms' | 'call' | 'webhook',
  send: (input: Input) => Promise<Output>,
): (input: Input) => Promise<Output> {
  if (!sends) return send;
  // A named function: Temporal registers activities by property name, this keeps stack traces readable.
  return async function counted(input: Input): Promise<Output> {
    try {
      const output = await send(input);
      sends.inc({ channel, result: 'sent' });
      return output;
    } catch (error) {
      sends.inc({ channel, result: (error as { type?: string }).type ?? 'error' });
      throw error;
    }
  };
}
