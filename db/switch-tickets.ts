/**
 * One-time tickets of "switch to VoipNow" without SSO (table switch_tickets). A ticket is used by
 * deleting it: of two browsers opening the same link at once, exactly one gets the row.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { AccountKey, AccountKind } from '../domain';
import type { DbOrTx } from './client';

export const TICKET_TTL_MS = 60_000;

const hash = (ticket: string) => createHash('sha256').update(ticket).digest('hex');

/** What the ticket's page posts to VoipNow's login form: the stored password, or the login encrypted with the key (Key integration). */
export type TicketMethod = 'password' | 'key';

/**
 * A ticket is 32 characters: its method's letter (p or k) and 31 of randomness (184 bits). The
 * letter is inside what is hashed, so changing it makes an unknown ticket, not another method.
 */
export function ticketMethod(ticket: string): TicketMethod {
  return ticket.startsWith('k') ? 'key' : 'password';
}

export async function issueTicket(db: DbOrTx, key: AccountKey, now = new Date(), method: TicketMethod = 'password'): Promise<string> {
  // Expired tickets are swept as new ones are issued: the table stays as small as the traffic of a minute.
  await db.switchTicket.deleteMany({ where: { expiresAt: { lt: now } } });
  const ticket = (method === 'key' ? 'k' : 'p') + randomBytes(23).toString('base64url');
  await db.switchTicket.create({
    data: {
      ticketHash: hash(ticket),
      pleskServer: key.pleskServer,
      kind: key.kind,
      pleskId: key.pleskId,
      expiresAt: new Date(now.getTime() + TICKET_TTL_MS),
    },
  });
  return ticket;
}

/** The account of a ticket that is unused and not expired; the ticket is gone afterwards either way. */
export async function useTicket(db: DbOrTx, ticket: string, now = new Date()): Promise<AccountKey | null> {
  const rows = await db.$queryRaw<{ pleskServer: string; kind: AccountKind; pleskId: string; expiresAt: Date }[]>`
    DELETE FROM switch_tickets WHERE "ticketHash" = ${hash(ticket)} RETURNING "pleskServer", kind, "pleskId", "expiresAt"`;
  const row = rows[0];
  if (!row || row.expiresAt < now) return null;
  return { pleskServer: row.pleskServer, kind: row.kind, pleskId: row.pleskId };
}
