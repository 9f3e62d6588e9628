/**
 * Why a sign-in from Plesk was refused, in the words the console's sign-in page shows. Shared by
 * the API (api/handoff.ts) and the console (web/), so it imports nothing.
 */
export type HandoffRefusal = 'malformed' | 'not-set-up' | 'bad-signature' | 'expired' | 'used' | 'unknown-account';

export const REFUSAL_TEXT: Record<HandoffRefusal, string> = {
  malformed: 'The sign-in link from Plesk is not valid.',
  'not-set-up': 'Signing in from Plesk is not set up: an admin sets the Plesk extension secret in the settings.',
  'bad-signature': 'The sign-in link from Plesk is not valid: its signature does not match (check the shared secret in the extension).',
  expired: 'The sign-in link from Plesk has expired. Open the module from Plesk again.',
  used: 'The sign-in link from Plesk was already used. Open the module from Plesk again.',
  'unknown-account': 'Your Plesk account is not known here yet (discovery has not seen it). Try again in a few minutes.',
};

export function isHandoffRefusal(value: string): value is HandoffRefusal {
  return Object.hasOwn(REFUSAL_TEXT, value);
}
