/**
 * Encrypts every Temporal payload (workflow inputs, results, activity arguments, failures'
 * details) with AES-256-GCM, so passwords never sit in clear in Temporal's history. Used by the
 * worker and by every client; the API serves it at /codec for the Web UI (docs/decisions).
 */
import type { Payload, PayloadCodec } from '@temporalio/common';
import proto from '@temporalio/proto';
import { createHash } from 'node:crypto';
import { deriveKey, openBytes, sealBytes } from '../crypto/secrets';

export const ENCRYPTED_ENCODING = 'binary/encrypted';
// @temporalio/proto is CommonJS: Node's ESM loader only gives it as a default export.
const { temporal } = proto;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

export class EncryptionCodec implements PayloadCodec {
  private readonly key: Buffer;
  /** A short fingerprint of the key, so a payload sealed with another key says so. */
  readonly keyId: string;

  constructor(masterKey: Buffer) {
    this.key = deriveKey(masterKey, 'temporal-payloads');
    this.keyId = createHash('sha256').update(this.key).digest('hex').slice(0, 12);
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => ({
      metadata: { encoding: encoder.encode(ENCRYPTED_ENCODING), 'encryption-key-id': encoder.encode(this.keyId) },
      data: sealBytes(this.key, temporal.api.common.v1.Payload.encode(payload).finish()),
    }));
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      const encoding = payload.metadata?.encoding ? decoder.decode(payload.metadata.encoding) : undefined;
      if (encoding !== ENCRYPTED_ENCODING) return payload;
      const keyId = payload.metadata?.['encryption-key-id'] ? decoder.decode(payload.metadata['encryption-key-id']) : undefined;
      if (keyId !== this.keyId) {
        throw new Error(`A Temporal payload was encrypted with key ${keyId ?? '(unknown)'}, not the configured ENCRYPTION_KEY`);
      }
      if (!payload.data) throw new Error('An encrypted Temporal payload has no data');
      return temporal.api.common.v1.Payload.decode(openBytes(this.key, payload.data));
    });
  }
}
