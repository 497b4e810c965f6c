import { timingSafeEqual } from 'node:crypto';
import { hmacHex } from '../security/signing.js';

/** The field every console form carries. */
export const CSRF_FIELD = '_csrf';

/** Per-session CSRF tokens: an HMAC of the session's (or the login form's) nonce, so nothing is stored. */
export function csrfTokens(secret: string) {
  const tokenFor = (nonce: string) => hmacHex(secret, `console-csrf\n${nonce}`);
  return {
    tokenFor,
    /** Whether a posted form's token belongs to this nonce. */
    matches(nonce: string | undefined, posted: unknown): boolean {
      if (nonce === undefined || typeof posted !== 'string') return false;
      const expected = Buffer.from(tokenFor(nonce));
      const given = Buffer.from(posted);
      return given.length === expected.length && timingSafeEqual(given, expected);
    },
  };
}
