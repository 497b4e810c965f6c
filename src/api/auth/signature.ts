import { timingSafeEqual } from 'node:crypto';
import { hmacHex } from '../../security/signing.js';
import type { Credential } from './credentials.js';

/** The header a signed webhook carries: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`. */
export const SIGNATURE_HEADER = 'x-peygir-signature';

export type SignatureCheck = { source: string } | { problem: 'malformed' | 'expired' | 'mismatch' };

/** `t=<unix seconds>,v1=<hex>` for a body signed with `secret` at `unixSeconds` (senders and tests). */
export function signatureHeader(secret: string, rawBody: string, unixSeconds: number): string {
  return `t=${unixSeconds},v1=${hmacHex(secret, `${unixSeconds}.${rawBody}`)}`;
}

/**
 * Checks a signature header against every source's secret. A timestamp further than `toleranceSeconds`
 * from now (either way) is rejected before any MAC is computed: an old request replayed later fails.
 */
export function verifySignature(
  header: string,
  rawBody: string,
  secrets: readonly Credential[],
  options: { nowSeconds: number; toleranceSeconds: number },
): SignatureCheck {
  const fields = new Map(header.split(',').map((part) => part.trim().split('=', 2) as [string, string | undefined]));
  const timestamp = fields.get('t');
  const given = fields.get('v1');
  if (!timestamp || !/^\d{1,12}$/.test(timestamp) || !given || !/^[0-9a-f]{64}$/i.test(given)) return { problem: 'malformed' };
  if (Math.abs(options.nowSeconds - Number(timestamp)) > options.toleranceSeconds) return { problem: 'expired' };
  const givenMac = Buffer.from(given, 'hex');
  let source: string | undefined;
  for (const credential of secrets) {
    const expected = Buffer.from(hmacHex(credential.secret, `${timestamp}.${rawBody}`), 'hex');
    if (timingSafeEqual(expected, givenMac)) source ??= credential.source;
  }
  return source ? { source } : { problem: 'mismatch' };
}
