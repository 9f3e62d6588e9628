/** Turning whatever an activity caught into the product's reason and a Temporal failure. */
import { ApplicationFailure } from '@temporalio/activity';
import { SyncError, isSyncError, reasonText, type ReasonType } from '../domain';
import { classifyTransport } from '../connectors/transport-faults';

export interface FailureDetails {
  reason: ReasonType;
  reasonText: string;
  serverCode?: number;
  serverMessage?: string;
  /** A question's choices (the templates to choose from), for the API's answer. */
  templates?: { id: number; name: string }[];
}

/** Prisma's and the pg driver's ways of saying the database cannot be reached right now. */
const DATABASE_DOWN_CODES = new Set([
  'P1001',
  'P1002',
  'P1008',
  'P1017',
  'P2024',
  '57P01',
  '57P02',
  '57P03',
  '08000',
  '08001',
  '08003',
  '08006',
]);
const DATABASE_ERROR_NAMES = new Set(['PrismaClientInitializationError', 'PrismaClientRustPanicError']);

function isDatabaseDown(error: unknown): boolean {
  const e = error as { name?: unknown; code?: unknown; cause?: unknown } | null | undefined;
  if (!e || typeof e !== 'object') return false;
  if (typeof e.name === 'string' && DATABASE_ERROR_NAMES.has(e.name)) return true;
  if (typeof e.code === 'string' && DATABASE_DOWN_CODES.has(e.code)) return true;
  // A refused or broken connection under a Prisma error is the database's.
  if (typeof e.name === 'string' && e.name.startsWith('PrismaClient')) {
    if (classifyTransport(e) === 'network' || classifyTransport(e.cause) === 'network') return true;
    return /can't reach database|connection (?:terminated|refused|closed)|server closed the connection/i.test(String((e as Error).message));
  }
  return false;
}

/**
 * Anything not already a SyncError is ours (decision 042): the database being unreachable
 * (retried), else an internal error (a bug: not retried, shown as such, never as a VoipNow fault).
 */
export function toSyncError(error: unknown): SyncError {
  if (isSyncError(error)) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (isDatabaseDown(error))
    return new SyncError('databaseUnavailable', { message: `${reasonText('databaseUnavailable')}: ${firstLine(message)}`, cause: error });
  return new SyncError('internalError', { message: `${reasonText('internalError')}: ${firstLine(message)}`, cause: error });
}

/** The first line of a message, short: never a stack or a multi-line query in the attempt list. */
function firstLine(message: string): string {
  const line = message.trim().split('\n')[0] ?? '';
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}

export function toApplicationFailure(error: SyncError): ApplicationFailure {
  const details: FailureDetails = {
    reason: error.reason,
    reasonText: reasonText(error.reason),
    ...(error.serverCode !== undefined ? { serverCode: error.serverCode } : {}),
    ...(error.serverMessage ? { serverMessage: error.serverMessage } : {}),
    ...(error.choices ? { templates: error.choices.map((t) => ({ id: t.id, name: t.name })) } : {}),
  };
  return ApplicationFailure.create({
    type: error.reason,
    message: error.describe(),
    nonRetryable: !error.retryable,
    details: [details],
  });
}

/** Runs an activity's work; whatever it throws leaves as the reason-typed Temporal failure. */
export async function asFailure<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (caught) {
    throw toApplicationFailure(toSyncError(caught));
  }
}
