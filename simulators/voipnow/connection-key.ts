import { createPrivateKey, createPublicKey, generateKeyPairSync, privateDecrypt, type KeyObject } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The server's connection key pair for the `cryptedAuth` header: a client encrypts a login with
 * the public key (which an admin downloads from the server and keeps in the settings) and sends it
 * base64-encoded; the server decrypts it with its private key and acts as that account, no password
 * travelling. RSA with OAEP padding (ASSUMED: 4PSA does not say which padding; docs/decisions/011).
 * Made on first use, and kept in <dataDir>/voipnow-sim-key.pem so a restart keeps it.
 */
export class ConnectionKey {
  private key: KeyObject | undefined;
  private readonly file: string | undefined;

  constructor(dataDir: string | undefined) {
    this.file = dataDir === undefined ? undefined : join(dataDir, 'voipnow-sim-key.pem');
  }

  /** The public key in PEM (SPKI), as the server offers it for download. */
  publicKeyPem(): string {
    return createPublicKey(this.privateKey()).export({ type: 'spki', format: 'pem' }).toString();
  }

  /** The login a cryptedAuth value carries, or undefined when it does not decrypt with this key. */
  loginOf(cryptedAuth: string): string | undefined {
    try {
      const login = privateDecrypt(this.privateKey(), Buffer.from(cryptedAuth.trim(), 'base64')).toString('utf8');
      return login === '' ? undefined : login;
    } catch {
      return undefined;
    }
  }

  private privateKey(): KeyObject {
    if (this.key) return this.key;
    const stored = this.file === undefined ? undefined : readIfThere(this.file);
    if (stored) {
      this.key = createPrivateKey(stored);
    } else {
      this.key = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
      if (this.file) {
        mkdirSync(dirname(this.file), { recursive: true });
        writeFileSync(this.file, this.key.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
      }
    }
    return this.key;
  }
}

function readIfThere(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
