/**
 * The closed sets the database keeps as enums (prisma/schema.prisma), as the types the rest of
 * the code uses. Account and VoipNow kinds are the domain's own (domain/accounts.ts): the checks
 * at the bottom fail the type check when the schema and the domain disagree, so neither gains a
 * value alone. The other sets belong to the database's records and are its generated types.
 */
import type { AccountKind, VoipnowKind } from '../domain';
import type * as Schema from './generated/enums';

export type LinkOrigin = Schema.LinkOrigin;
/** What an attempt tried: replicate, link, unlink or move. */
export type Operation = Schema.AttemptOperation;
/** running while it runs, interrupted when its worker died. */
export type AttemptOutcome = Schema.AttemptOutcome;
export type LogLevel = Schema.LogLevel;
export type LogEvent = Schema.LogEvent;
export type TokenRole = Schema.TokenRole;

/** Log levels from the least to the most severe (a filter takes a level and the ones above it). */
export const LOG_LEVELS = ['info', 'warning', 'error'] as const satisfies readonly LogLevel[];
export const TOKEN_ROLES = ['admin', 'reseller', 'client', 'mailbox'] as const satisfies readonly TokenRole[];

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Check<T extends true> = T;
/** Compiles only while the schema's enums and the product's lists hold the same values. */
export type SchemaAgrees = [
  Check<Same<Schema.AccountKind, AccountKind>>,
  Check<Same<Schema.VoipnowKind, VoipnowKind>>,
  Check<Same<(typeof LOG_LEVELS)[number], LogLevel>>,
  Check<Same<(typeof TOKEN_ROLES)[number], TokenRole>>,
];
