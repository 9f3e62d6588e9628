/**
 * What a caller may see and do, one implementation for the API and the console (which acts only
 * through the API). Product spec section 1: each account controls replication of the accounts
 * below it.
 *   - admin: everything; only admins link, unlink and move (routes allowed to ADMINS).
 *   - reseller: sees its subtree; replicates its clients and their domains and mailboxes, never itself.
 *   - client: sees its subtree; replicates its domains and mailboxes, never itself.
 *   - mailbox: only switches to VoipNow (routes allowed to EVERYONE), as itself.
 * An account outside the subtree answers 404 like one that does not exist, so a token never
 * learns whether another customer's account exists.
 */
import type { FastifyRequest } from 'fastify';
import type { Db } from '../db/client';
import { findLink } from '../db/links';
import { isWithin } from '../db/scope';
import { keyToString, sameKey, type AccountKey } from '../domain';
import type { Identity } from './auth';
import { ApiError, notFound } from './errors';

export function identityOf(request: FastifyRequest): Identity {
  if (!request.identity) throw new ApiError(401, 'Authentication required: send "Authorization: Bearer <token>"', 'unauthorized');
  return request.identity;
}

/** The root of what the caller may see; undefined for an admin (everything). */
export function scopeOf(identity: Identity): AccountKey | undefined {
  return identity.role === 'admin' ? undefined : identity.account;
}

export async function assertCanSee(db: Db, identity: Identity, key: AccountKey): Promise<void> {
  const root = scopeOf(identity);
  if (root && !(await isWithin(db, root, key))) throw notFound(`Account ${keyToString(key)}`);
}

/** A Plesk server the caller may look at: its own, or any for an admin. */
export function assertServer(identity: Identity, pleskServer: string): void {
  const root = scopeOf(identity);
  if (root && root.pleskServer !== pleskServer) throw notFound(`Plesk server ${pleskServer}`);
}

export const NOT_ON_ITSELF = 'Each account controls replication of the accounts below it: your own account is replicated by your provider';

/**
 * Replicate (or retry) `key`: an account below the caller's (404 outside its subtree), never the
 * caller's own account. A bulk replication of the caller's own subtree is allowed (`ownSubtree`):
 * it replicates what lies below, once the root was replicated by its provider (the tree skips it as linked).
 */
export async function assertCanReplicate(
  db: Db,
  identity: Identity,
  key: AccountKey,
  options: { ownSubtree?: boolean } = {},
): Promise<void> {
  await assertCanSee(db, identity, key);
  if (identity.role === 'mailbox') throw new ApiError(403, 'A mailbox can only switch to VoipNow', 'forbidden');
  if (identity.role === 'admin' || !sameKey(identity.account, key)) return;
  // Its own subtree in bulk: only once the own account is replicated (the tree would replicate its root first).
  if (!options.ownSubtree || !(await findLink(db, key))) throw new ApiError(403, NOT_ON_ITSELF, 'forbidden');
}
