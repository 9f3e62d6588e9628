/**
 * Reading a VoipNow SOAP fault: which product reason it is, the words the admin reads, and
 * whether a retry can heal it. Pure, so the connector, the dry-run plan and the tests share it.
 *
 * Two sources, in this order (docs/decisions/013-voipnow-fault-reading.md):
 * 1. The fault's text, for the reasons 4PSA documents no code for (too many failed logins, the
 *    password rules, the user limit). The patterns are inferred from how such refusals are worded;
 *    they match whatever code the server sends with them.
 * 2. The code, for the codes 4PSA documents (its wiki's error tables). Codes are compared as
 *    strings of digits with leading zeros dropped, so "030", "30" and 30 are one code.
 * Anything else keeps VoipNow's own words and is retried only when the server says it failed.
 */
import { OTHER_REASONS, REASONS, reasonText, type ReasonType } from './reasons';

export interface VoipnowFaultReading {
  reason: ReasonType;
  /** What the admin reads: the reason's words, made precise, or VoipNow's own words. */
  message: string;
  retryable: boolean;
}

/** Reasons VoipNow gives no documented code for, recognised from its words (inferred, see decision 013). */
export const INFERRED_FAULT_TEXTS: readonly { reason: ReasonType; pattern: RegExp }[] = [
  {
    reason: 'tooManyLogins',
    pattern:
      /too many (?:failed |unsuccessful |invalid |wrong )?(?:login|log-in|logon|sign-in|authentication) (?:attempts|tries)|(?:account|user|login|username) (?:is |has been )?(?:temporarily )?(?:locked|blocked)/i,
  },
  {
    reason: 'weakPassword',
    pattern:
      /password.{0,60}\b(?:contains?|includes?|matches)\b.{0,30}\b(?:login|user ?name)|dictionary|password.{0,40}\b(?:too (?:weak|simple|common|easy)|common word|easy to guess)/i,
  },
  {
    reason: 'invalidPassword',
    pattern:
      /password.{0,80}(?:too short|too long|at least \d+|\d+\s*(?:-|to|and)\s*\d+ characters|characters? (?:is |are )?not allowed|(?:invalid|illegal|forbidden) characters?|must (?:have|contain|be))/i,
  },
  {
    reason: 'userLimit',
    pattern:
      /limit (?:has been |was |is )?(?:exceeded|reached)|unable to add any more|maximum number of (?:users|accounts|clients|extensions|resellers)/i,
  },
];

type Words = (code: string, message: string) => string;

const authWords =
  (detail: string): Words =>
  () =>
    `${REASONS.authFailed}: ${detail}`;

/** The codes 4PSA documents and what each means for the engine. Keys have no leading zeros. */
const DOCUMENTED: Readonly<Record<string, { reason: ReasonType; words?: Words } | ((message: string) => ReasonType)>> = {
  '100': { reason: 'authFailed', words: authWords('VoipNow refused the username and password (or key)') },
  '102': { reason: 'authFailed', words: authWords('the VoipNow account the engine logs in with has expired') },
  '103': { reason: 'authFailed', words: authWords('the VoipNow account the engine logs in with may not use this service') },
  '104': { reason: 'authFailed', words: authWords('the VoipNow account the engine logs in with is disabled') },
  '106': { reason: 'authFailed', words: authWords('the owner of the VoipNow account the engine logs in with has expired') },
  '107': { reason: 'authFailed', words: authWords('the owner of the VoipNow account the engine logs in with is disabled') },
  '108': { reason: 'authFailed', words: authWords('the owner of the VoipNow account the engine logs in with has no control panel access') },
  '117': (message) => (/password/i.test(message) ? 'emptyPassword' : 'voipnowRejected'),
  '151': { reason: 'voipnowFault', words: (code, message) => `${OTHER_REASONS.voipnowFault}: ${code} ${message}` },
  '152': { reason: 'voipnowFault', words: (code, message) => `${OTHER_REASONS.voipnowFault}: ${code} ${message}` },
  '200': { reason: 'loginTaken' },
  '251': { reason: 'invalidParent' },
  '252': { reason: 'invalidTemplate' },
  '300': { reason: 'invalidEmail' },
  '301': { reason: 'invalidCountry' },
  '303': { reason: 'invalidChargingIdentifier' },
  '304': { reason: 'invalidPhone' },
  '305': { reason: 'invalidFax' },
  '306': { reason: 'invalidLanguage' },
  '307': { reason: 'invalidName' },
  '308': { reason: 'invalidCompany' },
  '309': { reason: 'invalidAddress' },
  '310': { reason: 'invalidLogin' },
  '311': { reason: 'invalidCity' },
  '312': { reason: 'invalidPostalCode' },
  '313': { reason: 'invalidNotes' },
  '314': { reason: 'invalidRegion' },
  '315': { reason: 'noChargingPlan' },
};

/** The code without leading zeros ("030" → "30", "000" → "0"); undefined when it is not a number. */
export function faultCodeKey(code: string | number | undefined): string | undefined {
  if (code === undefined) return undefined;
  const text = String(code).trim();
  return /^\d+$/.test(text) ? text.replace(/^0+(?=\d)/, '') : undefined;
}

/** The spec's nine reasons are shown in exactly the spec's words; our own reasons quote VoipNow (with its number, if any). */
function wordsFor(reason: ReasonType, code: string | number | undefined, message: string): string {
  if (Object.hasOwn(REASONS, reason) || !message) return reasonText(reason);
  const number = faultCodeKey(code) === undefined ? '' : String(code).trim();
  return `${reasonText(reason)} (VoipNow: ${[number, message].filter(Boolean).join(' ')})`;
}

/**
 * What a fault means. `code` is the code as VoipNow sent it: digits (leading zeros allowed), a
 * SOAP 1.1 fault code word ("Server", "soap:Client") when it sent no number, or nothing.
 */
export function readVoipnowFault(code: string | number | undefined, message = ''): VoipnowFaultReading {
  const shown =
    code === undefined
      ? ''
      : String(code)
          .trim()
          .replace(/^[\w.-]+:/, '');
  for (const { reason, pattern } of INFERRED_FAULT_TEXTS) {
    if (pattern.test(message)) return { reason, message: wordsFor(reason, code, message), retryable: false };
  }
  const key = faultCodeKey(code);
  const known = key === undefined ? undefined : DOCUMENTED[key];
  if (known) {
    const { reason, words } = typeof known === 'function' ? { reason: known(message), words: undefined } : known;
    if (reason !== 'voipnowRejected') {
      return { reason, message: words ? words(shown, message) : wordsFor(reason, code, message), retryable: reason === 'voipnowFault' };
    }
  }
  const said = [shown, message].filter(Boolean).join(' ');
  // No number at all: SOAP's own "Server" code says the server failed (worth a retry); a fault
  // without any code is a reply we cannot read, also a server fault.
  if (key === undefined && (shown === '' || /^server$/i.test(shown))) {
    return {
      reason: 'voipnowFault',
      message: said ? `${OTHER_REASONS.voipnowFault}: ${said}` : OTHER_REASONS.voipnowFault,
      retryable: true,
    };
  }
  return { reason: 'voipnowRejected', message: `${OTHER_REASONS.voipnowRejected}: ${said}`, retryable: false };
}

/** The reason alone (see readVoipnowFault). */
export function reasonForVoipnowFault(code: string | number | undefined, message = ''): ReasonType {
  return readVoipnowFault(code, message).reason;
}
