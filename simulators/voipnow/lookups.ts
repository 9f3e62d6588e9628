import type { VoipnowLookups } from '../../domain/voipnow-fields';

/**
 * What the simulated server's PBX lookups offer: its language packs (GetInterfaceLang,
 * GetPhoneLang) and the regions of some countries (GetRegions). A real server's lists differ;
 * the engine asks the server instead of assuming these.
 */

export const INTERFACE_LANGS: readonly { code: string; name: string }[] = [
  { code: 'en', name: 'English' },
  { code: 'de', name: 'Deutsch' },
  { code: 'fr', name: 'Français' },
  { code: 'es', name: 'Español' },
  { code: 'it', name: 'Italiano' },
  { code: 'nl', name: 'Nederlands' },
  { code: 'ro', name: 'Română' },
];
export const DEFAULT_LANG = 'en';

/** The extension types of the 2.5.1 schema; the engine replicates mailboxes as phone terminals (term). */
export const EXTENSION_TYPES: ReadonlySet<string> = new Set([
  'term',
  'queue',
  'ivr',
  'voicecenter',
  'conference',
  'callback',
  'callcard',
  'intercom',
  'queuecenter',
]);

const REGION_NAMES: Readonly<Record<string, readonly string[]>> = {
  US: ['Alabama', 'California', 'Florida', 'New York', 'Texas', 'Washington'],
  CA: ['Alberta', 'British Columbia', 'Ontario', 'Quebec'],
  DE: ['Bayern', 'Berlin', 'Hamburg', 'Hessen', 'Nordrhein-Westfalen'],
  FR: ['Île-de-France', 'Provence-Alpes-Côte d’Azur', 'Occitanie'],
  GB: ['England', 'Scotland', 'Wales', 'Northern Ireland'],
  RO: ['Bucureşti', 'Cluj', 'Iaşi', 'Timiş'],
};

export interface Region {
  ID: number;
  name: string;
}

/** Regions per country with stable numeric IDs: countries in table order, regions numbered within. */
export const REGIONS: ReadonlyMap<string, readonly Region[]> = new Map(
  Object.entries(REGION_NAMES).map(([country, names], c) => [country, names.map((name, r) => ({ ID: (c + 1) * 100 + r + 1, name }))]),
);

const REGION_IDS = new Map([...REGIONS].map(([country, regions]) => [country, new Set(regions.map((r) => r.ID))]));
const NO_REGIONS: ReadonlySet<number> = new Set();

/** The field rules' view of these lookups: a country without regions here has none at all. */
export const SIM_LOOKUPS: VoipnowLookups = {
  interfaceLangs: new Set(INTERFACE_LANGS.map((lang) => lang.code)),
  regionsOf: (country) => REGION_IDS.get(country) ?? NO_REGIONS,
};
