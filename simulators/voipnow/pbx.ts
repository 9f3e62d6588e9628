import { int, text, type Args } from './args';
import type { Caller } from './auth';
import { DEFAULT_LANG, FAULTS, INTERFACE_LANGS } from './rules';
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
  const rows = store.templates
    .filter((t) => t.ownerID === ownerID && (level === undefined || t.level === level))
    .map((t) => templateRow(store, t));
  return listAnswer('template', rows);
}

const REGIONS: Readonly<Record<string, readonly string[]>> = {
  US: ['Alabama', 'California', 'Florida', 'New York', 'Texas', 'Washington'],
  CA: ['Alberta', 'British Columbia', 'Ontario', 'Quebec'],
  DE: ['Bayern', 'Berlin', 'Hamburg', 'Hessen', 'Nordrhein-Westfalen'],
  FR: ['Île-de-France', 'Provence-Alpes-Côte d’Azur', 'Occitanie'],
  GB: ['England', 'Scotland', 'Wales', 'Northern Ireland'],
  RO: ['Bucureşti', 'Cluj', 'Iaşi', 'Timiş'],
};

/** Stable numeric region IDs: countries in table order, regions numbered within. */
const REGION_IDS = new Map<string, number>(
  Object.entries(REGIONS).flatMap(([country, names], c) => names.map((name, r) => [`${country}/${name}`, (c + 1) * 100 + r + 1] as const)),
);

export function regions(args: Args): Record<string, unknown> {
  const country = text(args.code)?.trim().toUpperCase() ?? '';
  if (!/^[A-Z]{2}$/.test(country)) throw FAULTS.invalidCountry();
  const filter = text(args.region)?.toLowerCase();
  const rows = (REGIONS[country] ?? [])
    .filter((name) => !filter || name.toLowerCase().includes(filter))
    .map((name, index) => ({ ID: REGION_IDS.get(`${country}/${name}`), name, default: index === 0 && !filter }));
  return listAnswer('region', rows);
}
