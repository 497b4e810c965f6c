import type { ParsedMail } from 'mailparser';
import { kavenegarReply, type Form, type Reply } from '../support/kavenegarServer.js';
import type { SmtpFault } from '../support/smtpServer.js';

/** A small seeded PRNG (mulberry32), so a failing run can be repeated with FAULTS_SEED. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Faults actually injected, by name (the summary's "injected faults" rows). */
export class FaultCounts {
  readonly counts = new Map<string, number>();
  add(name: string): void {
    this.counts.set(name, (this.counts.get(name) ?? 0) + 1);
  }
  get(name: string): number {
    return this.counts.get(name) ?? 0;
  }
}

type Weighted<T> = [T, number][];
function pick<T>(next: () => number, choices: Weighted<T>): T {
  const total = choices.reduce((sum, [, weight]) => sum + weight, 0);
  let roll = next() * total;
  for (const [choice, weight] of choices) {
    roll -= weight;
    if (roll < 0) return choice;
  }
  return (choices.at(-1) as [T, number])[0];
}

export const SMTP_FAULTS = {
  'SMTP 421 at RCPT TO (closes the connection)': { reply: 421, text: '4.7.0 Too many connections, try again later' },
  'SMTP 421 after DATA': { reply: 421, text: '4.3.2 Service shutting down, closing connection' },
  'SMTP 451 after DATA': { reply: 451, text: '4.3.0 Temporary local problem, try again later' },
  'SMTP dropped connection (nothing accepted)': 'drop',
  'SMTP accepted, then dropped before the 250': 'accept-then-drop',
} as const satisfies Record<string, SmtpFault>;
type SmtpFaultName = keyof typeof SMTP_FAULTS;

/**
 * The SMTP sink's fault plan: per message (Message-ID), the first attempt fails with probability
 * `firstAttempt`, the second with `secondAttempt`, later ones never (so each message is delayed by at
 * most two retries: 5 s + 10 s of backoff). Recipients also see an occasional 421 at RCPT TO.
 */
export function smtpFaultPlan(next: () => number, counts: FaultCounts, rates = { firstAttempt: 0.25, secondAttempt: 0.1, rcpt: 0.04 }) {
  const attempts = new Map<string, number>();
  const rcptFaulted = new Set<string>();
  const inject = (name: SmtpFaultName): SmtpFault => {
    counts.add(name);
    return SMTP_FAULTS[name];
  };
  return (stage: 'rcpt' | 'data', details: { to: string; mail?: ParsedMail }): SmtpFault | undefined => {
    if (stage === 'rcpt') {
      if (rcptFaulted.has(details.to) || next() >= rates.rcpt) return undefined;
      rcptFaulted.add(details.to);
      return inject('SMTP 421 at RCPT TO (closes the connection)');
    }
    const messageId = details.mail?.messageId ?? '';
    const attempt = (attempts.get(messageId) ?? 0) + 1;
    attempts.set(messageId, attempt);
    if (attempt === 1 && next() < rates.firstAttempt) {
      return inject(
        pick<SmtpFaultName>(next, [
          ['SMTP 451 after DATA', 3],
          ['SMTP 421 after DATA', 2],
          ['SMTP dropped connection (nothing accepted)', 2],
          ['SMTP accepted, then dropped before the 250', 1],
        ]),
      );
    }
    if (attempt === 2 && next() < rates.secondAttempt) {
      return inject(pick<SmtpFaultName>(next, [['SMTP 451 after DATA', 1], ['SMTP dropped connection (nothing accepted)', 1]]));
    }
    return undefined;
  };
}

const badGateway: Reply = { status: 502, headers: { 'content-type': 'text/html' }, body: '<html><body><h1>502 Bad Gateway</h1></body></html>' };
const unavailable: Reply = { status: 503, headers: { 'content-type': 'text/html' }, body: '<html><body><h1>503 Service Unavailable</h1></body></html>' };
const serverError = kavenegarReply(500, 'خطای داخلی سرور', null);
export const NO_CREDIT = kavenegarReply(418, 'اعتبار حساب شما کافی نیست', null);

/**
 * The Kavenegar stub's fault plan, request by request: 5xx (a gateway's HTML 502/503, or Kavenegar's
 * JSON 500) on the first send of a localid with probability `send5xx`, on delivery lookups with
 * `lookup5xx`; `slow` sends are accepted but answered after the client's timeout (the caller marks
 * them through `isSlow`). While `noCredit()` holds, every send is answered 418.
 */
export function kavenegarFaultPlan(next: () => number, counts: FaultCounts, noCredit: () => boolean, rates = { send5xx: 0.2, lookup5xx: 0.06, slow: 0.1 }) {
  const sendAttempts = new Map<string, number>();
  const lookupFaulted = new Set<string>();
  const slowLocalIds = new Set<string>();
  const noCreditLocalIds = new Set<string>();
  return {
    noCreditLocalIds,
    intercept(apiMethod: string, form: Form): Reply | undefined {
      const localId = form.localid ?? '';
      if (apiMethod === 'sms/statuslocalmessageid') {
        if (lookupFaulted.has(localId) || next() >= rates.lookup5xx) return undefined;
        lookupFaulted.add(localId);
        counts.add('Kavenegar 5xx');
        return unavailable;
      }
      if (apiMethod !== 'sms/send') return undefined;
      if (noCredit()) {
        counts.add('Kavenegar 418 (no credit)');
        noCreditLocalIds.add(localId);
        return NO_CREDIT;
      }
      const attempt = (sendAttempts.get(localId) ?? 0) + 1;
      sendAttempts.set(localId, attempt);
      if (attempt > 1) return undefined;
      const roll = next();
      if (roll < rates.send5xx) {
        counts.add('Kavenegar 5xx');
        return next() < 0.6 ? badGateway : serverError;
      }
      if (roll < rates.send5xx + rates.slow) slowLocalIds.add(localId);
      return undefined;
    },
    /** Accepted, but the answer should come after the client gave up (once per localid). */
    takeSlow(localId: string): boolean {
      if (!slowLocalIds.delete(localId)) return false;
      counts.add('Kavenegar slow answer (after the client timeout)');
      return true;
    },
  };
}
