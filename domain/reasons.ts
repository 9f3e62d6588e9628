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
  voipnowRejected: 'VoipNow server refused the request',
  pleskUnavailable: 'Plesk server is unavailable',
  pleskAuthFailed: 'Failed to authenticate to Plesk server',
  pleskError: 'Plesk server reported an error',
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
} as const;

export type OtherReason = keyof typeof OTHER_REASONS;
export type ReasonType = SpecReason | OtherReason;

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
  return type === 'voipnowUnavailable' || type === 'voipnowFault' || type === 'pleskUnavailable' || type === 'pleskError';
}

/**
 * VoipNow fault code to reason (reference: 4PSA documented codes plus our stand-ins for the ones
 * 4PSA does not document; see docs/decisions/ and connectors/voipnow/).
 */
export function reasonForVoipnowFault(code: number, message = ''): ReasonType {
  switch (code) {
    case 100:
    case 102: // the calling account expired
    case 104: // the calling account is disabled
      return 'authFailed';
    case 9001:
      return 'tooManyLogins';
    case 300:
      return 'invalidEmail';
    case 117:
      return /password/i.test(message) ? 'emptyPassword' : 'voipnowRejected';
    case 9010:
    case 9011:
    case 9012:
      return 'weakPassword';
    case 306:
      return 'invalidLanguage';
    case 9020:
      return 'userLimit';
    case 251:
      return 'invalidParent';
    case 252:
      return 'invalidTemplate';
    case 315:
      return 'noChargingPlan';
    case 151:
    case 152:
      return 'voipnowFault';
    default:
      // 0 means no code could be read from the fault: a server fault, worth a retry.
      return code === 0 ? 'voipnowFault' : 'voipnowRejected';
  }
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
  return !isRetryable(type) && !isVoipnowAccessError(type);
}

/** Failures of the connection to VoipNow itself: every account would fail the same way. */
export function isVoipnowAccessError(type: ReasonType): boolean {
  return type === 'authFailed' || type === 'tooManyLogins';
}
