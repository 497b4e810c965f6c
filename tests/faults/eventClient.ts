import type { CustomerEvent } from '../../src/events/customerEvent.js';

/** What the webhook senders went through: the documented client contract under faults. */
export interface ClientStats {
  posted: number;
  retries: number;
  /** Answers that made the client retry, by cause (`503 store_unavailable`, `ECONNREFUSED`, …). */
  retryCauses: Record<string, number>;
}

/**
 * A webhook sender that keeps the API's contract: POST /v1/events and, on 503, 429, any 5xx or a
 * connection error, the same event again (same eventId) after a short pause, until 202. Anything else
 * is a bug in the run and throws.
 */
export function eventClient(baseUrl: () => string, deadlineMs = 150_000) {
  const stats: ClientStats = { posted: 0, retries: 0, retryCauses: {} };
  const retryBecause = (cause: string): void => {
    stats.retries += 1;
    stats.retryCauses[cause] = (stats.retryCauses[cause] ?? 0) + 1;
  };
  async function post(event: CustomerEvent): Promise<number> {
    const body = JSON.stringify(event);
    const giveUpAt = Date.now() + deadlineMs;
    for (let attempt = 0; ; attempt++) {
      if (Date.now() > giveUpAt) throw new Error(`event ${event.eventId}: no 202 within ${deadlineMs} ms`);
      try {
        const response = await fetch(`${baseUrl()}/v1/events`, { method: 'POST', body, headers: { 'content-type': 'application/json' }, signal: AbortSignal.timeout(15_000) });
        const text = await response.text();
        if (response.status === 202) {
          stats.posted += 1;
          return Date.now();
        }
        if (response.status !== 503 && response.status !== 429 && response.status < 500) {
          throw Object.assign(new Error(`event ${event.eventId}: ${response.status} ${text}`), { final: true });
        }
        retryBecause([response.status, errorCode(text)].filter(Boolean).join(' '));
      } catch (error) {
        if ((error as { final?: boolean }).final) throw error;
        const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).name;
        retryBecause(cause);
      }
      await new Promise((done) => setTimeout(done, Math.min(200 * 2 ** attempt, 2_000)));
    }
  }
  return { post, stats };
}

/** The API's stable error code in a `{ error: { code } }` body ('' for any other body). */
function errorCode(body: string): string {
  try {
    return String((JSON.parse(body) as { error?: { code?: unknown } }).error?.code ?? '');
  } catch {
    return '';
  }
}
