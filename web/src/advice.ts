/**
 * What to do about each failure reason (product spec section 5), shown beside the reason when an
 * answer carries no `advice` of the API's (domain/advice.ts has the same words).
 */
export const ADVICE: Record<string, string> = {
  authFailed: 'Check username, password or key, and the server URL in the settings.',
  tooManyLogins: 'Wait, then check the credentials in the settings.',
  invalidEmail: 'Fix the email in Plesk, then retry.',
  emptyPassword: 'Set a password in Plesk, then retry.',
  weakPassword: 'Change the password in Plesk, then retry.',
  invalidLanguage: 'Use a language VoipNow knows for the Plesk account, then retry.',
  userLimit: 'Raise the limit of the VoipNow parent account, then retry.',
  invalidParent: 'Replicate the parent first.',
  noChargingPlan: 'Add a charging plan to the owner in VoipNow (old VoipNow only).',
  voipnowUnavailable: 'VoipNow did not answer; the engine retries by itself.',
  pleskUnavailable: 'Plesk did not answer; the engine retries by itself.',
  pleskAuthFailed: 'Check the Plesk login and password or key in the settings.',
  loginTaken: 'Link the account to the existing VoipNow account instead.',
  invalidTemplate: 'Choose a template that exists in the VoipNow parent account.',
  linkTargetInvalid: 'Check the VoipNow ID: it must be an account of the right kind under the linked parent.',
};
