/**
 * VoipNow's "API encrypted key" (the `cryptedAuth` userCredentials header): a login encrypted with
 * the server's public connection key, base64. RSA with OAEP padding (SHA-1, Node's default), the
 * most plausible reading of 4PSA's few words on it (docs/decisions/095-voipnow-encrypted-key.md).
 * RSA-OAEP is randomised: every call gets a fresh value for the same login.
 */
import { createPublicKey, publicEncrypt, constants, type KeyObject } from 'node:crypto';
import { SyncError } from '../../domain/errors';

const keys = new Map<string, KeyObject>();

/** The parsed public key; a key that is not an RSA public key in PEM fails with the authentication reason. */
export function connectionKey(publicKeyPem: string): KeyObject {
  const cached = keys.get(publicKeyPem);
  if (cached) return cached;
  let key: KeyObject;
  try {
    key = createPublicKey(publicKeyPem);
  } catch {
    throw new SyncError('authFailed', { serverMessage: 'The public connection key in the settings is not a PEM public key' });
  }
  if (key.asymmetricKeyType !== 'rsa') throw new SyncError('authFailed', { serverMessage: 'The public connection key is not an RSA key' });
  if (keys.size > 20) keys.clear();
  keys.set(publicKeyPem, key);
  return key;
}

/** The cryptedAuth value for `login`. */
export function cryptedAuth(publicKeyPem: string, login: string): string {
  const key = connectionKey(publicKeyPem);
  return publicEncrypt({ key, padding: constants.RSA_PKCS1_OAEP_PADDING }, Buffer.from(login, 'utf8')).toString('base64');
}
