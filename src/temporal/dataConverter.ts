import type { DataConverter } from '@temporalio/common';
import type { Config } from '../config.js';
import { localPayloadKey, payloadKeyring, type PayloadKeyring } from '../security/payloadKeys.js';
import { EncryptionCodec } from './payloadCodec.js';

/** PAYLOAD_KEYS / PAYLOAD_KEY_ID; unset (`npm start`) → the key kept in the data folder. */
export function payloadKeyringFromConfig(config: Pick<Config, 'PAYLOAD_KEYS' | 'PAYLOAD_KEY_ID' | 'PEYGIR_DATA_DIR'>): PayloadKeyring {
  return config.PAYLOAD_KEYS.length > 0 ? payloadKeyring(config.PAYLOAD_KEYS, config.PAYLOAD_KEY_ID) : payloadKeyring([localPayloadKey(config.PEYGIR_DATA_DIR)]);
}

/**
 * How every Temporal client and worker of Peygir turns values into payloads: the default converter,
 * then encryption. Codecs run outside the workflow sandbox, so the workflow bundle is the same.
 */
export function peygirDataConverter(keyring: PayloadKeyring): DataConverter {
  return { payloadCodecs: [new EncryptionCodec(keyring)] };
}
