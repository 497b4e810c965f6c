import type { DataConverter } from '@temporalio/common';
import type { Config } from '../config.js';
import { payloadKeyring, type PayloadKeyring } from '../security/payloadKeys.js';
import { EncryptionCodec } from './payloadCodec.js';

/** PAYLOAD_KEYS / PAYLOAD_KEY_ID (for `npm start` without them, the config holds the key kept in the data folder). */
export function payloadKeyringFromConfig(config: Pick<Config, 'PAYLOAD_KEYS' | 'PAYLOAD_KEY_ID'>): PayloadKeyring {
  return payloadKeyring(config.PAYLOAD_KEYS, config.PAYLOAD_KEY_ID);
}

/**
 * How every Temporal client and worker of Peygir turns values into payloads: the default converter,
 * then encryption. Codecs run outside the workflow sandbox, so the workflow bundle is the same.
 */
export function peygirDataConverter(keyring: PayloadKeyring): DataConverter {
  return { payloadCodecs: [new EncryptionCodec(keyring)] };
}
