/**
 * The web console's state: signed-in browsers (console_sessions), used Plesk hand-off nonces
 * (handoff_nonces) and the Plesk extension's shared secret (a sealed column of settings).
 * Only the SHA-256 of a session ID is kept, so a copy of the database opens no session.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { AccountKey } from '../domain';
import { isUniqueViolation, type DbOrTx } from './client';
import type { SecretBox } from '../crypto/secrets';
import type { ConsoleSession } from './generated/client';

export type { ConsoleSession };

export const sessionIdHash = (id: string) => createHash('sha256').update(id).digest('hex');

export interface NewSession {
  role: 'admin' | 'reseller' | 'client' | 'mailbox';
  name: string;
  via: 'token' | 'admin-token' | 'plesk';
  tokenId?: string;
  credentialHash?: string;
  account?: AccountKey;
  /** Absolute lifetime: the session ends then, however busy it is. */
  lifetimeMs: number;
}

/** A new session: its ID (for the cookie, shown once) and its row. */
export async function createSession(db: DbOrTx, input: NewSession, now = new Date()): Promise<{ id: string; row: ConsoleSession }> {
  // Ended sessions are swept as new ones start: the table stays as small as the signed-in users.
  await db.consoleSession.deleteMany({ where: { expiresAt: { lt: now } } });
  const id = randomBytes(32).toString('base64url');
  const row = await db.consoleSession.create({
    data: {
      idHash: sessionIdHash(id),
      csrfToken: randomBytes(32).toString('base64url'),
      role: input.role,
      name: input.name,
      via: input.via,
      tokenId: input.tokenId ?? null,
      credentialHash: input.credentialHash ?? null,
      pleskServer: input.account?.pleskServer ?? null,
      kind: input.account?.kind ?? null,
      pleskId: input.account?.pleskId ?? null,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + input.lifetimeMs),
    },
  });
  return { id, row };
}

export async function findSession(db: DbOrTx, id: string): Promise<ConsoleSession | null> {
  return db.consoleSession.findUnique({ where: { idHash: sessionIdHash(id) } });
}

export async function touchSession(db: DbOrTx, idHash: string, now: Date): Promise<void> {
  await db.consoleSession.updateMany({ where: { idHash }, data: { lastSeenAt: now } });
}

export async function endSession(db: DbOrTx, id: string): Promise<void> {
  await db.consoleSession.deleteMany({ where: { idHash: sessionIdHash(id) } });
}

/**
 * Records a hand-off nonce as used. False when it was used before: of two requests with the same
 * hand-off, exactly one inserts the row.
 */
export async function useNonce(db: DbOrTx, nonce: string, expiresAt: Date, now = new Date()): Promise<boolean> {
  await db.handoffNonce.deleteMany({ where: { expiresAt: { lt: now } } });
  try {
    await db.handoffNonce.create({ data: { nonce, expiresAt } });
    return true;
  } catch (error) {
    if (isUniqueViolation(error)) return false;
    throw error;
  }
}

/** The Plesk extension's shared secret in clear, or null when none is set (or no such server). */
export async function pleskExtensionSecret(db: DbOrTx, box: SecretBox, pleskServer: string): Promise<string | null> {
  const row = await db.settings.findUnique({ where: { pleskServer }, select: { pleskExtensionSecretEnc: true } });
  return row?.pleskExtensionSecretEnc ? box.open(row.pleskExtensionSecretEnc) : null;
}

export async function pleskExtensionState(db: DbOrTx, pleskServer: string): Promise<{ secret: 'set' | 'not set' } | null> {
  const row = await db.settings.findUnique({ where: { pleskServer }, select: { pleskExtensionSecretEnc: true } });
  return row ? { secret: row.pleskExtensionSecretEnc ? 'set' : 'not set' } : null;
}

export async function setPleskExtensionSecret(db: DbOrTx, box: SecretBox, pleskServer: string, secret: string | null): Promise<void> {
  await db.settings.update({ where: { pleskServer }, data: { pleskExtensionSecretEnc: secret === null ? null : box.seal(secret) } });
}
