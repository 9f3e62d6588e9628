/**
 * What the admin should do about each failure reason (product spec section 5, the table's second
 * column, in its words where it has them), shown beside the reason in the API's attempt, log and
 * failure answers and in the console. Every reason has one: the type makes a new reason without
 * advice fail to compile.
 */
import type { ReasonType } from './reasons';

export const REASON_ADVICE: Record<ReasonType, string> = {
  authFailed: 'Check username, password or key, and the server URL in the settings.',
  tooManyLogins: 'Wait, then check the credentials in the settings.',
  invalidEmail: 'Fix the email in Plesk, then retry.',
  emptyPassword: 'Set a password in Plesk, then retry.',
  weakPassword: 'Change the password in Plesk, then retry.',
  invalidLanguage: 'Use a language VoipNow knows for the Plesk account, then retry.',
  userLimit: 'Raise the limit of the VoipNow parent account, then retry.',
  invalidParent: 'Replicate the parent first.',
  noChargingPlan: 'Add a charging plan to the owner in VoipNow (old VoipNow only).',
  voipnowUnavailable: 'Nothing to do unless it lasts: the engine retries by itself. Check the VoipNow URL and the SOAP timeout if it does.',
  voipnowFault: 'The engine retries by itself; if it lasts, read the server message and check the VoipNow server.',
  voipnowRejected: 'Check the VoipNow URL in the settings (the server answered, but not as VoipNow).',
  pleskUnavailable: 'Nothing to do unless it lasts: the engine retries by itself. Check the Plesk URL if it does.',
  pleskAuthFailed: 'Check the Plesk login and password or key in the settings.',
  pleskError: 'Read the Plesk message; fix the account in Plesk, then retry.',
  pleskAccountNotFound: 'Nothing to do: the account was removed from Plesk.',
  pleskBadResponse: 'Check the Plesk URL in the settings and what answers there.',
  pleskRejected: 'Check the Plesk URL, login and protocol in the settings: retrying will not change the answer.',
  untrustedCertificate:
    'Install a certificate the engine trusts on the server, or turn off certificate checking for it in the settings if you accept the risk.',
  serverRemoved: 'Nothing runs for a removed server; register it again to replicate its accounts.',
  internalError: 'Report it to the sync engine’s maintainers with the time and the account; retry once the cause is fixed.',
  databaseUnavailable: 'Nothing to do unless it lasts: the engine retries by itself. Check that PostgreSQL is running if it does.',
  timedOut: 'Retry; if it happens again, check the servers’ response times and the SOAP timeout in the settings.',
  cancelled: 'Nothing to do: someone stopped the operation; start it again if it is still wanted.',
  templateRequired: 'Choose one of the templates offered, or set a manual replication template in the settings.',
  noTemplatesConfirm: 'Confirm to replicate with no permissions or limits, or add templates in VoipNow first.',
  invalidTemplate: 'Choose a template that exists in the VoipNow parent account.',
  linkTargetInvalid: 'Check the VoipNow ID: an account of the right kind under the linked parent.',
  alreadyLinked: 'Nothing to do: the account is replicated.',
  loginTaken: 'Link the account to the existing VoipNow account instead.',
  notLinked: 'Replicate or link the account first.',
  taggedFromEarlierLink: 'Choose: adopt the VoipNow account that was linked before, or link the account to it by its ID.',
  invalidPassword: 'Change the password in Plesk, then retry.',
  invalidLogin: 'Change the login in Plesk, then retry.',
  invalidName: 'Fix the contact name in Plesk, then retry.',
  invalidCompany: 'Fix the company name in Plesk, then retry.',
  invalidAddress: 'Fix the address in Plesk, then retry.',
  invalidCity: 'Fix the city in Plesk, then retry.',
  invalidPostalCode: 'Fix the postal code in Plesk, then retry.',
  invalidNotes: 'Shorten the state or notes in Plesk, then retry.',
  invalidPhone: 'Fix the phone number in Plesk, then retry.',
  invalidFax: 'Fix the fax number in Plesk, then retry.',
  invalidCountry: 'Use a country code VoipNow knows in Plesk, then retry.',
  invalidRegion: 'Fix the state in Plesk to one of the country regions VoipNow knows, then retry.',
  invalidChargingIdentifier: 'Fix the charging identifier, then retry.',
};

/** The advice for a reason type as stored (a string column); null for none or an unknown type. */
export function reasonAdvice(type: string | null | undefined): string | null {
  return type ? ((REASON_ADVICE as Record<string, string>)[type] ?? null) : null;
}
