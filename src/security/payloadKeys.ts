import { z } from 'zod';

/** An AES-256 key for Temporal payloads, named so that a payload says which key sealed it. */
export interface PayloadKey {
  id: string;
  key: Buffer;
}

/** Every key that may open a payload, and the one that seals new payloads. */
export interface PayloadKeyring {
  current: PayloadKey;
  known: ReadonlyMap<string, Buffer>;
}

const KEY_ID = /^[\w.-]{1,64}$/;
const KEY_BYTES = 32;

/** One `id:base64key` entry, or a sentence saying what is wrong with it (never the key itself). */
export function parsePayloadKey(entry: string): PayloadKey | string {
  const colon = entry.indexOf(':');
  const id = entry.slice(0, colon);
  if (colon < 1 || !KEY_ID.test(id)) return 'entries look like id:base64key, e.g. 2026-12:<openssl rand -base64 32>';
  const key = Buffer.from(entry.slice(colon + 1), 'base64');
  if (key.length !== KEY_BYTES) return `key "${id}" is ${key.length} bytes; AES-256 needs ${KEY_BYTES} (openssl rand -base64 32)`;
  return { id, key };
}

/** PAYLOAD_KEYS: `id:base64key,id:base64key` (old keys stay listed so old payloads still open). */
export const payloadKeyList = z.string().transform((value, context): PayloadKey[] => {
  const keys: PayloadKey[] = [];
  for (const entry of value.split(',').map((part) => part.trim()).filter(Boolean)) {
    const key = parsePayloadKey(entry);
    if (typeof key === 'string') context.addIssue({ code: 'custom', message: key });
    else if (keys.some((known) => known.id === key.id)) context.addIssue({ code: 'custom', message: `key id "${key.id}" is listed twice` });
    else keys.push(key);
  }
  return keys;
});

/** The keyring from PAYLOAD_KEYS and PAYLOAD_KEY_ID (validated by the config: the id is listed, or there is one key). */
export function payloadKeyring(keys: readonly PayloadKey[], currentId?: string): PayloadKeyring {
  const current = keys.find((key) => key.id === currentId) ?? keys[0];
  if (!current || (currentId !== undefined && current.id !== currentId)) throw new Error(`PAYLOAD_KEY_ID "${currentId}" is not in PAYLOAD_KEYS`);
  return { current, known: new Map(keys.map((key) => [key.id, key.key])) };
}
