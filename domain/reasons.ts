/**
 * The failure reasons of product spec section 5, with the exact words an admin sees, and how each
 * behaves: data errors stop and wait for a fix; transport errors and server faults retry.
 */

export const REASONS = {
  authFailed: 'Failed to authenticate to VoipNow server',
  tooManyLogins: 'Authentication failed to VoipNow server because of too many failed login attempts',
  invalidEmail: 'Invalid email address.',
  emptyPassword: 'The password cannot be empty',
  weakPassword: 'The password cannot contain the login name and cannot be a dictionary word.',
  invalidLanguage: 'Interface language for this client is not a valid option in VoipNow',
  userLimit: 'Unable to add any more users. The limit has been exceeded.',
  invalidParent: 'Invalid parent client id.',
  noChargingPlan: 'No charging plan available for account owner.',
} as const;

/** The nine reasons the spec names. */
export type SpecReason = keyof typeof REASONS;

/** Reasons of our own, for failures the spec does not name. */
export const OTHER_REASONS = {
  voipnowUnavailable: 'VoipNow server is unavailable',
  voipnowFault: 'VoipNow server reported an error',
  voipnowRejected: 'VoipNow refused the request',
  pleskUnavailable: 'Plesk server is unavailable',
  pleskAuthFailed: 'Failed to authenticate to Plesk server',
  pleskError: 'Plesk server reported an error',
  pleskRejected: 'Plesk server refused the request; retrying will not change that (check the Plesk server settings)',
  untrustedCertificate: 'The server presented a certificate that is not trusted',
  pleskAccountNotFound: 'The account no longer exists in Plesk',
  pleskBadResponse: 'Plesk server sent a response that was refused (malformed, too large or unsafe XML)',
  templateRequired: 'A template must be chosen for manual replication',
  noTemplatesConfirm:
    'There are no templates for client replication. The client will be replicated with no permissions or limits. Do you want to proceed?',
  invalidTemplate: 'The chosen template does not exist in the VoipNow parent account',
  linkTargetInvalid: 'The VoipNow account does not exist, is of the wrong kind or is not under the linked parent',
  alreadyLinked: 'The account is already linked to VoipNow',
  loginTaken: 'Another VoipNow account already uses this login; link the account to it instead',
  notLinked: 'The account is not linked to VoipNow',
  taggedFromEarlierLink:
    'VoipNow already has an account that was linked to this Plesk account before an admin unlinked it: adopt it, or link to it by its ID',
  // Failures that are neither VoipNow's nor Plesk's (decision 042).
  internalError: 'The sync engine failed with an internal error',
  databaseUnavailable: 'The sync engine database is unavailable',
  timedOut: 'The operation took too long and was stopped',
  cancelled: 'The operation was cancelled',
  serverRemoved: 'The Plesk server was removed from the sync engine',
  // VoipNow's field checks (its documented codes 301-314) and its password rules; the fault's own
  // words go with them (domain/voipnow-faults.ts).
  invalidPassword: 'The password is too short, too long or has characters VoipNow does not accept',
  invalidLogin: 'The login has characters VoipNow does not accept',
  invalidName: 'The contact name must have 1 to 255 characters for VoipNow',
  invalidCompany: 'The company name must have 3 to 255 characters for VoipNow',
  invalidAddress: 'The address must have 3 to 255 characters for VoipNow',
  invalidCity: 'The city must have 2 to 255 characters for VoipNow',
  invalidPostalCode: 'The postal code is not one VoipNow accepts',
  invalidNotes: 'The notes are longer than the 1024 characters VoipNow accepts',
  invalidPhone: 'The phone number is not in a format VoipNow accepts',
  invalidFax: 'The fax number is not in a format VoipNow accepts',
  invalidCountry: 'The country code is not one VoipNow knows',
  invalidRegion: 'The region is not one VoipNow knows for the country',
  invalidChargingIdentifier: 'The charging identifier must have 6 to 32 letters, digits, _, - or * for VoipNow',
} as const;

export type OtherReason = keyof typeof OTHER_REASONS;
export type ReasonType = SpecReason | OtherReason;

/** Every reason type, the spec's first. */
export const REASON_TYPES = [...Object.keys(REASONS), ...Object.keys(OTHER_REASONS)] as ReasonType[];

export function reasonText(type: ReasonType): string {
  return (REASONS as Record<string, string>)[type] ?? (OTHER_REASONS as Record<string, string>)[type] ?? type;
}

export function isSpecReason(type: string): type is SpecReason {
  return Object.hasOwn(REASONS, type);
}

/**
 * Whether retrying can heal the failure without anyone changing anything. Data errors and
 * authentication failures cannot (retrying a wrong password only brings the lockout closer);
 * network errors, timeouts and server faults can.
 */
export function isRetryable(type: ReasonType): boolean {
  return RETRYABLE.has(type);
}

const RETRYABLE = new Set<ReasonType>([
  'voipnowUnavailable',
  'voipnowFault',
  'pleskUnavailable',
  'pleskError',
  'databaseUnavailable',
  'timedOut',
]);

/** Whether the type names one of our reasons (a failure of unknown type is an internal error). */
export function isReasonType(type: string): type is ReasonType {
  return Object.hasOwn(REASONS, type) || Object.hasOwn(OTHER_REASONS, type);
}

export const ALL_REASON_TYPES = [...Object.keys(REASONS), ...Object.keys(OTHER_REASONS)] as ReasonType[];

/**
 * After such a failure automatic replication leaves the account alone until its Plesk data
 * changes (a fix), instead of trying it again every five minutes: data errors, and also failures
 * fixed on VoipNow's side (a parent's limit, a charging plan, a template), which an admin then
 * retries by hand or with a bulk run. Transport faults retry by themselves; failures of the
 * VoipNow connection itself are caught before a run starts (every account would fail alike).
 */
export function waitsForChange(type: ReasonType): boolean {
  return !isRetryable(type) && !isVoipnowAccessError(type) && !ENGINE_FAULTS.has(type);
}

/** Failures no change of the account's data fixes (ours, or a server's certificate), so nothing waits for one. */
const ENGINE_FAULTS = new Set<ReasonType>(['internalError', 'cancelled', 'untrustedCertificate', 'serverRemoved']);

/** Failures of the connection to VoipNow itself: every account would fail the same way. */
export function isVoipnowAccessError(type: ReasonType): boolean {
  return type === 'authFailed' || type === 'tooManyLogins';
}
