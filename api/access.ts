/**
 * What a caller may see: an admin everything; a reseller or client only its own subtree (db/scope.ts).
 * An account outside the subtree answers 404 like one that does not exist, so a token never
 * learns whether another customer's account exists.
 */
import type { FastifyRequest } from 'fastify';
import type { Db } from '../db/client';
import { isWithin } from '../db/scope';
import { keyToString, type AccountKey } from '../domain';
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
