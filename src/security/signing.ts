import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Signed tokens for links in customer messages: `<payload>.<mac>`, both base64url, where payload is
 * JSON and mac = HMAC-SHA256(secret, `<purpose>.<payload>`). The purpose is part of the MAC, so a
 * token made for one kind of link (say an open pixel) is worthless as another (an unsubscribe).
 * Tokens do not expire: an unsubscribe link must keep working for as long as the email exists.
 */
export type TokenPurpose = 'unsubscribe' | 'open' | 'click';

export function signToken(secret: string, purpose: TokenPurpose, payload: unknown): string {
  const body = Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
  return `${body}.${mac(secret, purpose, body).toString('base64url')}`;
}

/** The token's payload if it was signed with this secret for this purpose; undefined otherwise. */
export function verifyToken(secret: string, purpose: TokenPurpose, token: string): unknown {
  const [body, signature, ...rest] = token.split('.');
  if (!body || !signature || rest.length > 0) return undefined;
  const expected = mac(secret, purpose, body);
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  try {
    return JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
}

/** HMAC-SHA256 of `message` as lower-case hex (outgoing webhook signatures). */
export function hmacHex(secret: string, message: string): string {
  return createHmac('sha256', secret).update(message, 'utf8').digest('hex');
}

/** A short stable fingerprint of a value (22 base64url characters, 132 bits of SHA-256), for IDs. */
export function fingerprint(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('base64url').slice(0, 22);
}

function mac(secret: string, purpose: TokenPurpose, body: string): Buffer {
  return createHmac('sha256', secret).update(`${purpose}.${body}`, 'utf8').digest();
}
