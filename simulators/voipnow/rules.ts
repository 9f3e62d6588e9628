import { voipnowFieldFault, type FieldCheckMode, type VoipnowFields } from '../../domain/voipnow-fields';
import { SIM_LOOKUPS } from './lookups';

/**
 * The faults of the simulated VoipNow server. Every check with a documented 4PSA code answers
 * that code; the field rules are domain/voipnow-fields.ts, shared with the engine's plan. The
 * conditions 4PSA documents no code for (login lockout, password rules, user limit) carry no code
 * here: the SOAP layer gives them none, or a random one with the `randomUndocumentedCodes`
 * switch, so the engine is seen to recognise them by their words
 * (docs/decisions/011-voipnow-simulator.md).
 */

export type UndocumentedFault = 'lockout' | 'password' | 'userLimit' | 'extensionType';

export class SimFault extends Error {
  constructor(
    /** 4PSA's code as the server writes it ("030", "100"); undefined when 4PSA documents none. */
    readonly code: string | undefined,
    message: string,
    readonly undocumented?: UndocumentedFault,
  ) {
    super(message);
  }
}

export const FAULTS = {
  authFailed: () => new SimFault('100', 'Authentication failed: invalid credentials.'),
  callerDisabled: () => new SimFault('104', 'The calling account is disabled.'),
  callerParentDisabled: () => new SimFault('107', "The calling account's parent is disabled."),
  lockedOut: (seconds: number) => new SimFault(undefined, `Too many failed login attempts. Try again in ${seconds} seconds.`, 'lockout'),
  missing: (param: string) => new SimFault('117', `Missing parameter ${param}.`),
  readFailed: () => new SimFault('151', 'Could not read data.'),
  duplicateLogin: (login: string) => new SimFault('200', `Duplicate record: the login ${login} is already used.`),
  duplicate: (what: string) => new SimFault('200', `Duplicate record: ${what}.`),
  invalidUserId: (id: unknown) => new SimFault('250', `Invalid user ID: ${String(id)}.`),
  invalidParentId: (id: unknown) => new SimFault('251', `Invalid parent ID: ${String(id)}.`),
  invalidTemplateId: (id: unknown) => new SimFault('252', `Invalid template ID: ${String(id)}.`),
  invalidCountry: (code: string) => new SimFault('301', `Invalid country code: ${code}.`),
  invalidChargingPlan: (id: unknown) => new SimFault('315', `Invalid charging plan: ${String(id)}.`),
  noChargingPlan: () => new SimFault('315', 'No charging plan available for account owner.'),
  phoneTerminalsOnly: () => new SimFault('051', 'The license allows only phone terminal extensions.'),
  invalidExtensionType: (type: string) => new SimFault(undefined, `Invalid extension type: ${type}.`, 'extensionType'),
  userLimit: () => new SimFault(undefined, 'Unable to add any more users. The limit has been exceeded.', 'userLimit'),
} as const;

/** Throws the server's fault for the first field the domain rules refuse. */
export function checkFields(fields: VoipnowFields, mode: FieldCheckMode): void {
  const found = voipnowFieldFault(fields, SIM_LOOKUPS, mode);
  if (found) throw new SimFault(found.code, found.message, found.code === undefined ? 'password' : undefined);
}

/** A password the policy accepts, for passwordAuto. */
export function generatePassword(random: () => number): string {
  const letters = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  let password = '';
  for (let i = 0; i < 14; i++) password += letters[Math.floor(random() * letters.length)];
  return `${password}#7`;
}
