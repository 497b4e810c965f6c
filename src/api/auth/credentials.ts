import { createHash, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

/** A secret that identifies a source system (a shop, a CRM, a survey tool): an API key or a signing secret. */
export interface Credential {
  source: string;
  secret: string;
}

const SOURCE = /^[a-z0-9][a-z0-9_-]*$/i;
const MIN_SECRET_LENGTH = 16;

/** Parses `source:secret,source:secret` (a source may appear twice while its secret is rotated). */
export function credentialList(variable: string) {
  return z.string().transform((value, context): Credential[] => {
    const credentials: Credential[] = [];
    for (const entry of value.split(',').map((part) => part.trim()).filter(Boolean)) {
      const colon = entry.indexOf(':');
      const source = entry.slice(0, colon);
      const secret = entry.slice(colon + 1);
      if (colon < 1 || !SOURCE.test(source)) {
        context.addIssue({ code: 'custom', message: `${variable} entries look like source:secret, e.g. shop:<openssl rand -hex 32>` });
      } else if (secret.length < MIN_SECRET_LENGTH) {
        context.addIssue({ code: 'custom', message: `the secret of source "${source}" is shorter than ${MIN_SECRET_LENGTH} characters` });
      } else {
        credentials.push({ source, secret });
      }
    }
    return credentials;
  });
}

/**
 * The source whose secret equals `candidate`, comparing every configured secret in constant time
 * (hashed first, so lengths do not leak either).
 */
export function sourceOfSecret(credentials: readonly Credential[], candidate: string): string | undefined {
  const given = sha256(candidate);
  let match: string | undefined;
  for (const credential of credentials) {
    if (timingSafeEqual(sha256(credential.secret), given)) match ??= credential.source;
  }
  return match;
}

const sha256 = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();
