/**
 * Building VoipNow requests and reading its answers: ClientInfo in its XSD sequence order, the
 * per-kind module and operation names, and tolerant readers of the values the `soap` package
 * hands back. Shared by the client (client.ts) and the tests' administration client.
 */
import type { VoipnowKind } from '../../domain/accounts';
import { isSyncError } from '../../domain/errors';
import type { ModuleName } from './modules';
import type { SoapResult, SoapTransport } from './transport';
import type { ServerBrief } from './types';

export const MODULE_OF: Readonly<Record<VoipnowKind, ModuleName>> = { reseller: 'Reseller', client: 'Client', extension: 'Extension' };
/** The kind as VoipNow names it in operations: AddReseller, GetClientDetails, EditExtension. */
export const NAME_OF: Readonly<Record<VoipnowKind, string>> = { reseller: 'Reseller', client: 'Client', extension: 'Extension' };
export const PLURAL_OF: Readonly<Record<VoipnowKind, string>> = { reseller: 'Resellers', client: 'Clients', extension: 'Extensions' };

/** Fault 250: no such user. Details and lookups answer null instead of failing. */
export const NO_SUCH_USER = 250;
/** "No records" (code 030): an empty list, whether sent as a notice or as a fault. */
const NO_RECORDS = 30;

/** ClientInfo's fields in their XSD sequence order: requests must follow it. */
export const CLIENT_INFO = [
  'name',
  'company',
  'login',
  'passwordAuto',
  'password',
  'phone',
  'fax',
  'email',
  'address',
  'city',
  'pcode',
  'country',
  'region',
  'timezone',
  'interfaceLang',
  'notes',
  'serverID',
] as const;
export type ClientInfo = Partial<Record<(typeof CLIENT_INFO)[number], string | number | boolean>>;

/** ClientInfo as request arguments, in sequence order. */
export function clientInfo(fields: ClientInfo): Record<string, unknown> {
  return Object.fromEntries(CLIENT_INFO.map((name) => [name, fields[name]]));
}

/** Drops undefined fields, keeping the order the object was written in. */
export function defined(fields: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
}

export function str(v: unknown): string | undefined {
  // The soap package turns some xs:dateTime values into Dates, depending on how it resolved the type.
  if (v instanceof Date) return v.toISOString();
  if (v === undefined || v === null || typeof v === 'object') return undefined;
  return String(v);
}
export function num(v: unknown): number | undefined {
  const s = str(v);
  return s === undefined || s === '' || Number.isNaN(Number(s)) ? undefined : Number(s);
}
export function yes(v: unknown): boolean {
  return v === true || v === 'true' || v === '1' || v === 1;
}
export function many(v: unknown): SoapResult[] {
  if (v === undefined || v === null) return [];
  return (Array.isArray(v) ? v : [v]).filter((x): x is SoapResult => typeof x === 'object' && x !== null);
}

export function isFault(error: unknown, code: number): boolean {
  return isSyncError(error) && error.serverCode === code;
}

/** A list call where "no records" (030) as a fault means an empty list. */
export async function listCall(soap: SoapTransport, module: ModuleName, operation: string, args: object): Promise<SoapResult> {
  try {
    return await soap.call(module, operation, args);
  } catch (error) {
    if (isFault(error, NO_RECORDS)) return {};
    throw error;
  }
}

/** The rows of GetResellers / GetClients / GetExtensions (extensions: phone terminals only). */
export async function listRows(
  soap: SoapTransport,
  kind: VoipnowKind,
  query: { parentId?: number; serverID?: string; filter?: string; templateId?: number },
): Promise<SoapResult[]> {
  // GetExtensionsRequest starts with extensionType; the others with templateID.
  const args = defined({
    extensionType: kind === 'extension' ? 'term' : undefined,
    templateID: query.templateId,
    serverID: query.serverID,
    filter: query.filter,
    parentID: query.parentId,
  });
  const r = await listCall(soap, MODULE_OF[kind], `Get${PLURAL_OF[kind]}`, args);
  return many(r[kind]);
}

/** PBX Ping's answer. */
export function readServerBrief(r: SoapResult): ServerBrief {
  return {
    ...(defined({
      title: str(r.title),
      version: str(r.version),
      buildNo: str(r.buildNo),
      resellers: num(r.resellers),
      clients: num(r.clients),
      extensions: num(r.extensions),
      availableUpdate: str(r.availableUpdate),
      infrastructureID: str(r.infrastructureID),
      currency: str(r.currency),
      charging: r.charging === undefined ? undefined : yes(r.charging),
      automationAgent: r.automationAgent === undefined ? undefined : yes(r.automationAgent),
    }) as Omit<ServerBrief, 'activSSO' | 'apis'>),
    activSSO: yes(r.activSSO),
    apis: many(r.api).map((a) => ({ protocol: str(a.protocol) ?? '', version: str(a.version) ?? '' })),
  };
}
