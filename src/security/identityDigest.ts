import { hmacHex } from './signing.js';

export type IdentityKind = 'email' | 'phone';

/** Turns a normalised email (lower-cased) or phone (E.164) into the digest the suppression list keeps. */
export type IdentityDigest = (identity: { kind: IdentityKind; value: string }) => string;

/**
 * HMAC-SHA256 keyed with the installation secret (PEYGIR_SECRET), over a purpose prefix no link token
 * uses: without the secret, a leaked suppression list cannot be checked against a list of addresses.
 * Changing PEYGIR_SECRET makes the kept digests unrecognisable (as it breaks the links in emails sent).
 */
export function identityDigest(secret: string): IdentityDigest {
  return ({ kind, value }) => hmacHex(secret, `suppressed-identity.${kind}.${value}`);
}
