import { int, text, type Args } from './args';
import type { Caller } from './auth';
import { COUNTRY_CODES } from '../../domain/countries';
import { DEFAULT_LANG, INTERFACE_LANGS, REGIONS } from './lookups';
import { FAULTS } from './rules';
import { ADMIN_ID, type SimStore } from './state';
import { canSee, listAnswer, requireAccount, templateRow } from './views';

/** The PBX module's answers: server information, languages, templates and regions. */

export interface ServerIdentity {
  version: string;
  infrastructureID: string;
  charging: boolean;
  sso: boolean;
}

export function ping(store: SimStore, identity: ServerIdentity): Record<string, unknown> {
  const count = (kind: string) => store.accounts.filter((a) => a.kind === kind).length;
  return {
    title: '4PSA VoipNow (simulator)',
    version: identity.version,
    buildNo: 'sim-1',
    resellers: count('reseller'),
    clients: count('client'),
    extensions: count('extension'),
    activSSO: identity.sso,
    availableUpdate: 'NO',
    api: [{ protocol: 'SOAP', version: identity.version }],
    infrastructureID: identity.infrastructureID,
    currency: 'USD',
    charging: identity.charging,
    automationAgent: false,
  };
}

/** Interface languages; like real servers, the default pack's code carries "(-1)". */
export function interfaceLangs(version: string): Record<string, unknown> {
  return {
    interfaceLang: INTERFACE_LANGS.map((lang) => ({
      name: lang.name,
      code: lang.code === DEFAULT_LANG ? `${lang.code}(-1)` : lang.code,
      version,
    })),
  };
}

/** Templates by ID, or by owner (the caller when none is named) and level. */
export function templates(store: SimStore, caller: Caller, args: Args): Record<string, unknown> {
  const id = int(args.ID, 'ID');
  if (id !== undefined) {
    const template = store.template(id);
    const owner = template && store.account(template.ownerID);
    const visible = template && (template.ownerID === ADMIN_ID ? caller.level === 'admin' : owner && canSee(store, caller, owner));
    if (!template || !visible) throw FAULTS.invalidTemplateId(id);
    return { template: [templateRow(store, template)] };
  }
  const userID = int(args.userID, 'userID');
  const userIdentifier = text(args.userIdentifier);
  let ownerID = caller.id;
  if (userID === ADMIN_ID) {
    if (caller.level !== 'admin') throw FAULTS.invalidUserId(userID);
    ownerID = ADMIN_ID;
  } else if (userID !== undefined || userIdentifier !== undefined) {
    const owner = userID !== undefined ? store.account(userID) : store.accountByIdentifier(userIdentifier!);
    if (!owner) throw FAULTS.invalidUserId(userID ?? userIdentifier);
    ownerID = requireAccount(store, caller, owner.kind, { ID: owner.ID }).ID;
  }
  const level = int(args.userLevel, 'userLevel');
  const extensionType = text(args.extensionType)?.trim();
  const rows = store.templates
    .filter((t) => t.ownerID === ownerID && (level === undefined || t.level === level))
    .filter((t) => !extensionType || t.level !== 100 || (t.extensionType ?? 'term') === extensionType)
    .map((t) => templateRow(store, t));
  return listAnswer('template', rows);
}

/** GetRegions: the regions of a country (301 for a code that is no country), filtered by name. */
export function regions(args: Args): Record<string, unknown> {
  const given = text(args.code)?.trim() ?? '';
  const country = given.toUpperCase();
  if (!COUNTRY_CODES.has(country)) throw FAULTS.invalidCountry(given);
  const filter = text(args.region)?.trim().toLowerCase();
  const rows = (REGIONS.get(country) ?? [])
    .filter((region) => !filter || region.name.toLowerCase().includes(filter))
    .map((region, index) => ({ ID: region.ID, name: region.name, default: index === 0 && !filter }));
  return listAnswer('region', rows);
}
