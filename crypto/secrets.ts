/**
 * Secrets at rest and in Temporal payloads: AES-256-GCM with keys derived (HKDF) from one master
 * key, ENCRYPTION_KEY. Without it (the embedded mode) a key is generated once into DATA_DIR so a
 * restart can still read what it wrote; production sets ENCRYPTION_KEY (see README).
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const VERSION = 'v1';

export type KeyPurpose = 'database' | 'temporal-payloads';

export function deriveKey(masterKey: Buffer, purpose: KeyPurpose): Buffer {
  return Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), `plesk-voipnow-sync/${purpose}`, 32));
}

/** The master key from ENCRYPTION_KEY, else from (or newly into) DATA_DIR/encryption.key. */
export function loadMasterKey(encryptionKey: string | undefined, dataDir: string): { key: Buffer; source: 'env' | 'file' | 'generated' } {
  if (encryptionKey) return { key: decodeKey(encryptionKey, 'ENCRYPTION_KEY'), source: 'env' };
  const file = path.join(dataDir, 'encryption.key');
  if (fs.existsSync(file)) return { key: decodeKey(fs.readFileSync(file, 'utf8').trim(), file), source: 'file' };
  fs.mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(32);
  fs.writeFileSync(file, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  return { key, source: 'generated' };
}

function decodeKey(text: string, where: string): Buffer {
  const key = Buffer.from(text, 'base64');
  if (key.length !== 32) throw new Error(`${where} must hold 32 bytes in base64 (openssl rand -base64 32)`);
  return key;
}

/** Encrypts raw bytes: 12-byte IV, ciphertext, 16-byte tag. */
export function sealBytes(key: Buffer, plain: Uint8Array): Buffer {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Buffer.concat([iv, body, cipher.getAuthTag()]);
}

export function openBytes(key: Buffer, sealed: Uint8Array): Buffer {
  const data = Buffer.from(sealed);
  if (data.length < 28) throw new Error('encrypted data is truncated');
  const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, 12));
  decipher.setAuthTag(data.subarray(data.length - 16));
  return Buffer.concat([decipher.update(data.subarray(12, data.length - 16)), decipher.final()]);
}

/** A string secret for a database column: `v1:<base64>`. */
export class SecretBox {
  private readonly key: Buffer;

  constructor(masterKey: Buffer) {
    this.key = deriveKey(masterKey, 'database');
  }

  seal(plain: string): string {
    return `${VERSION}:${sealBytes(this.key, Buffer.from(plain, 'utf8')).toString('base64')}`;
  }

  open(sealed: string): string {
    const [version, body] = sealed.split(':', 2);
    if (version !== VERSION || !body) throw new Error('not a sealed secret');
    return openBytes(this.key, Buffer.from(body, 'base64')).toString('utf8');
  }

  sealOptional(plain: string | undefined | null): string | null {
    return plain === undefined || plain === null || plain === '' ? null : this.seal(plain);
  }

  openOptional(sealed: string | null | undefined): string | undefined {
    return sealed ? this.open(sealed) : undefined;
  }
}
