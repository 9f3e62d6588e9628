/** Turning whatever an activity caught into the product's reason and a Temporal failure. */
import { ApplicationFailure } from '@temporalio/activity';
import { SyncError, isSyncError, reasonText, type ReasonType } from '../domain';

export interface FailureDetails {
  reason: ReasonType;
  reasonText: string;
  serverCode?: number;
  serverMessage?: string;
  /** A question's choices (the templates to choose from), for the API's answer. */
  templates?: { id: number; name: string }[];
}

/** Anything not already a SyncError is a fault of ours or of the network: retry it. */
export function toSyncError(error: unknown): SyncError {
  if (isSyncError(error)) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new SyncError('voipnowFault', { message: `Unexpected error: ${message}`, retryable: true, cause: error });
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
