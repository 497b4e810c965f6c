import { randomBytes } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { parsePayloadKey, type PayloadKey } from './payloadKeys.js';

const localSecretsSchema = z.object({
  PEYGIR_SECRET: z.string().min(16),
  WEBHOOK_SECRET: z.string().min(16),
  /** `id:base64key`, as in PAYLOAD_KEYS. */
  PAYLOAD_KEY: z.string(),
});
type KeptSecrets = z.infer<typeof localSecretsSchema>;
export type LocalSecrets = Omit<KeptSecrets, 'PAYLOAD_KEY'> & { PAYLOAD_KEY: PayloadKey };

/**
 * The signing secrets and the payload key of a development installation (`npm start` without configuration): random values
 * made on the first start and kept in `<dataDir>/secrets.json` (mode 0600), so links in emails already
 * sent keep working after a restart. Production shapes never come here: they must set both variables.
 */
export function localSecrets(dataDir: string): LocalSecrets {
  const file = join(dataDir, 'secrets.json');
  createOnce(dataDir, file);
  const kept = localSecretsSchema.safeParse(parseJson(readFileSync(file, 'utf8')));
  const payloadKey = kept.success ? parsePayloadKey(kept.data.PAYLOAD_KEY) : undefined;
  if (!kept.success || typeof payloadKey !== 'object') {
    throw new Error(
      `${file} is not what Peygir wrote there; delete it to make new secrets (links in emails already sent stop working, and the embedded Temporal's payloads can no longer be read)`,
    );
  }
  return { ...kept.data, PAYLOAD_KEY: payloadKey };
}

/** Written beside the target and linked into place: two processes starting at once both read one file, never a half-written one. */
function createOnce(dataDir: string, file: string): void {
  if (existsSync(file)) return;
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const draft = `${file}.${randomBytes(8).toString('hex')}.tmp`;
  const secrets: KeptSecrets = {
    PEYGIR_SECRET: randomHex(),
    WEBHOOK_SECRET: randomHex(),
    PAYLOAD_KEY: `local-${randomBytes(4).toString('hex')}:${randomBytes(32).toString('base64')}`,
  };
  writeFileSync(draft, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  try {
    linkSync(draft, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    unlinkSync(draft);
  }
}

const randomHex = (): string => randomBytes(32).toString('hex');

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
