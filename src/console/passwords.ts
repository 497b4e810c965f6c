import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/** scrypt's cost parameters for new hashes (N = 2^15: about 30 ms and 32 MiB per check). */
const COST = { N: 32_768, r: 8, p: 1 };
const KEY_LENGTH = 32;

/** `scrypt$N$r$p$salt$hash` (salt and hash in base64url): what a console user's `passwordHash` holds. */
export const PASSWORD_HASH_PATTERN = /^scrypt\$(\d+)\$(\d+)\$(\d+)\$([\w-]+)\$([\w-]+)$/;

function derive(password: string, salt: Buffer, cost: ScryptOptions, keyLength: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, keyLength, { ...cost, maxmem: 128 * (cost.N ?? 0) * (cost.r ?? 0) * 2 }, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

/** A new hash for a password (`peygir console-user add` prints it). */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, COST, KEY_LENGTH);
  return `scrypt$${COST.N}$${COST.r}$${COST.p}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

/** Whether the password matches the hash (constant time); a malformed hash matches nothing. */
export async function verifyPassword(password: string, hash: string): Promise<boolean> {
  const match = PASSWORD_HASH_PATTERN.exec(hash);
  if (!match) return false;
  const [, N, r, p, salt = '', expected = ''] = match;
  const want = Buffer.from(expected, 'base64url');
  const got = await derive(password, Buffer.from(salt, 'base64url'), { N: Number(N), r: Number(r), p: Number(p) }, want.length);
  return timingSafeEqual(got, want);
}
