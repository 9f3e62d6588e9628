/**
 * Identity of Plesk accounts and their VoipNow counterparts (product spec section 1).
 * A Plesk account is identified by (pleskServer, kind, pleskId) everywhere: in the database, in
 * workflow IDs and in the SOAP tag written onto the VoipNow objects we create.
 */

export const ACCOUNT_KINDS = ['reseller', 'client', 'domain', 'mailbox'] as const;
export type AccountKind = (typeof ACCOUNT_KINDS)[number];

export const VOIPNOW_KINDS = ['reseller', 'client', 'extension'] as const;
export type VoipnowKind = (typeof VOIPNOW_KINDS)[number];

export interface AccountKey {
  /** Our short name for the Plesk server the account lives on (settings.pleskServer). */
  pleskServer: string;
  kind: AccountKind;
  /** Plesk's own object ID, as text. */
  pleskId: string;
}

/** The one-to-one mapping of spec section 1. */
export const VOIPNOW_KIND_OF: Readonly<Record<AccountKind, VoipnowKind>> = {
  reseller: 'reseller',
  client: 'reseller',
  domain: 'client',
  mailbox: 'extension',
};

/** VoipNow template and user levels (PBX GetTemplates userLevel). */
export const TEMPLATE_LEVEL: Readonly<Record<VoipnowKind, 10 | 50 | 100>> = {
  reseller: 10,
  client: 50,
  extension: 100,
};

/** Our short name of a Plesk server (settings, account keys, workflow IDs): the pattern every layer checks. */
export const SERVER_NAME_PATTERN = '^[a-z0-9][a-z0-9_-]{0,39}$';
export const SERVER_NAME = new RegExp(SERVER_NAME_PATTERN);

export function isAccountKind(value: string): value is AccountKind {
  return (ACCOUNT_KINDS as readonly string[]).includes(value);
}

export function isValidServerName(value: string): boolean {
  return SERVER_NAME.test(value);
}

/** `plesk1/client/7`: the key as one string, for logs, URLs and the CLI. */
export function keyToString(key: AccountKey): string {
  return `${key.pleskServer}/${key.kind}/${key.pleskId}`;
}

export function parseKey(text: string): AccountKey {
  const parts = text.split('/');
  const [pleskServer, kind, pleskId] = parts;
  if (parts.length !== 3 || !pleskServer || !kind || !pleskId) {
    throw new Error(`"${text}" is not an account key; expected <plesk server>/<kind>/<Plesk ID>, e.g. plesk1/client/7`);
  }
  if (!isAccountKind(kind)) {
    throw new Error(`"${kind}" is not an account kind; expected one of ${ACCOUNT_KINDS.join(', ')}`);
  }
  return { pleskServer, kind, pleskId };
}

export function sameKey(a: AccountKey, b: AccountKey): boolean {
  return a.pleskServer === b.pleskServer && a.kind === b.kind && a.pleskId === b.pleskId;
}

/**
 * The SOAP tag written into VoipNow's `serverID` field of every object we create: the Plesk
 * server's configured tag plus the account's kind and ID. A lookup by this tag finds an object
 * an earlier, interrupted attempt created, so it is adopted instead of duplicated.
 */
export function voipnowTag(soapTag: string, key: AccountKey): string {
  return `${soapTag}:${key.kind}:${key.pleskId}`;
}

/** Reads a tag written by voipnowTag back; undefined when the object is not ours. */
export function parseVoipnowTag(tag: string | undefined): { soapTag: string; kind: AccountKind; pleskId: string } | undefined {
  if (!tag) return undefined;
  const match = /^(.+):(reseller|client|domain|mailbox):([^:]+)$/.exec(tag);
  if (!match) return undefined;
  return { soapTag: match[1]!, kind: match[2] as AccountKind, pleskId: match[3]! };
}

/**
 * A mailbox's Plesk ID in our keys is `<domain ID>.<mail name ID>`: Plesk reads mailboxes per
 * domain (mail get_info takes one site-id), so the key carries the domain it lives in.
 */
export function mailboxPleskId(domainId: string, mailNameId: string): string {
  return `${domainId}.${mailNameId}`;
}

export function parseMailboxPleskId(pleskId: string): { domainId: string; mailNameId: string } {
  const match = /^(\d+)\.(\d+)$/.exec(pleskId);
  if (!match) throw new Error(`"${pleskId}" is not a mailbox ID; expected <domain ID>.<mail name ID>, e.g. 12.345`);
  return { domainId: match[1]!, mailNameId: match[2]! };
}
