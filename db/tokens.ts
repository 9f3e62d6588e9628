/**
 * API tokens (table api_tokens): only the SHA-256 of a token is kept, so a copy of the database
 * cannot be used to call the API. The token itself exists once, in the answer that creates it.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { AccountKey } from '../domain';
import type { DbOrTx } from './client';
import { TOKEN_ROLES, type TokenRole } from './enums';
import type { ApiToken } from './generated/client';

export { TOKEN_ROLES, type ApiToken, type TokenRole };

/** The prefix makes a leaked token recognisable (secret scanners, logs) as one of ours. */
const PREFIX = 'pvs_';

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export interface NewToken {
  name: string;
  role: TokenRole;
  /** The Plesk account the token stands for; absent for admin tokens. */
  account?: AccountKey;
}

export async function createToken(db: DbOrTx, input: NewToken): Promise<{ row: ApiToken; token: string }> {
  const token = `${PREFIX}${randomBytes(32).toString('base64url')}`;
  const row = await db.apiToken.create({
    data: {
      name: input.name,
      tokenHash: hashToken(token),
      role: input.role,
      pleskServer: input.account?.pleskServer ?? null,
      pleskKind: input.account?.kind ?? null,
      pleskId: input.account?.pleskId ?? null,
    },
  });
  return { row, token };
}

export async function findTokenByHash(db: DbOrTx, tokenHash: string): Promise<ApiToken | null> {
  return db.apiToken.findUnique({ where: { tokenHash } });
}

export async function listTokens(db: DbOrTx, options: { includeRevoked?: boolean } = {}): Promise<ApiToken[]> {
  return db.apiToken.findMany({
    where: options.includeRevoked ? {} : { revokedAt: null },
    orderBy: { createdAt: 'asc' },
  });
}

/** Revokes a token; null when there is no such token. Revoking twice keeps the first time. */
export async function revokeToken(db: DbOrTx, id: string): Promise<ApiToken | null> {
  const existing = await db.apiToken.findUnique({ where: { id } });
  if (!existing) return null;
  if (existing.revokedAt) return existing;
  return db.apiToken.update({ where: { id }, data: { revokedAt: new Date() } });
}

export async function touchToken(db: DbOrTx, id: string, at: Date): Promise<void> {
  await db.apiToken.update({ where: { id }, data: { lastUsedAt: at } });
}
