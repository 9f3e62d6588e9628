import { isRetryable, reasonText, type ReasonType } from './reasons';

/**
 * The one error type the connectors throw. It carries the product's reason (what the admin
 * reads), whether a retry can heal it, and what the remote server said (code and message), kept
 * for the log. Activities turn it into a Temporal ApplicationFailure whose `type` is the reason.
 */
export class SyncError extends Error {
  override readonly name = 'SyncError';
  readonly reason: ReasonType;
  readonly retryable: boolean;
  /** The remote server's own error code (VoipNow fault code, Plesk errcode), when there is one. */
  readonly serverCode: number | undefined;
  /** The code as the server wrote it, when that is more than the number: VoipNow's "030". */
  readonly serverCodeText: string | undefined;
  /** The remote server's own words, never containing a password. */
  readonly serverMessage: string | undefined;
  /** When the failure is a question (which template?): what the caller may choose from. */
  readonly choices: readonly { id: number; name: string }[] | undefined;

  constructor(
    reason: ReasonType,
    details: {
      serverCode?: number;
      serverCodeText?: string;
      serverMessage?: string;
      message?: string;
      cause?: unknown;
      choices?: readonly { id: number; name: string }[];
    } = {},
  ) {
    super(details.message ?? reasonText(reason), details.cause === undefined ? undefined : { cause: details.cause });
    this.reason = reason;
    // Decided by the reason alone (decision 042).
    this.retryable = isRetryable(reason);
    this.serverCode = details.serverCode;
    this.serverCodeText = details.serverCodeText;
    this.serverMessage = details.serverMessage;
    this.choices = details.choices;
  }

  /** The message (the reason text, or a more precise sentence) plus the server's words, as the log shows it. */
  describe(): string {
    const text = this.message;
    const said = [this.serverCodeText ?? this.serverCode, this.serverMessage].filter((v) => v !== undefined && v !== '').join(' ');
    // The message may already quote the server (VoipNow faults the engine has no words of its own for).
    if (said === '' || text.includes(said)) return text;
    return `${text} (server said: ${said})`;
  }
}

export function isSyncError(error: unknown): error is SyncError {
  return error instanceof SyncError || (error instanceof Error && error.name === 'SyncError' && 'reason' in error);
}
