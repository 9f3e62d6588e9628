/**
 * What the activities need from Plesk and VoipNow, in the product's words. The connectors
 * (connectors/plesk, connectors/voipnow) satisfy these through small adapters in
 * activities/connectors.ts; tests and the benchmark's baseline use the same ports.
 */
import type { PleskEstate } from '../connectors/plesk';
import type { PleskDomainRecord, PleskMailboxRecord, PleskPerson, VoipnowAccountData, VoipnowKind } from '../domain';

export interface PleskPort {
  getPerson(kind: 'reseller' | 'client', pleskId: string): Promise<PleskPerson | null>;
  getDomain(pleskId: string): Promise<PleskDomainRecord | null>;
  getMailbox(domainId: string, mailboxId: string): Promise<PleskMailboxRecord | null>;
  /** The whole estate (discovery): IDs first, then details in batches. */
  readEstate(): Promise<PleskEstate>;
}

export interface VoipnowObject {
  id: number;
  kind: VoipnowKind;
  login: string;
  parentId?: number;
  /** Our SOAP tag (serverID), when the object carries one. */
  tag?: string;
}

export interface VoipnowTemplateInfo {
  id: number;
  name: string;
}

export interface NewVoipnowAccount extends VoipnowAccountData {
  password: string;
  /** The SOAP tag (serverID) marking the object as ours. */
  tag: string;
  parentId?: number;
  templateId?: number;
}

export interface VoipnowPort {
  findByTag(kind: VoipnowKind, tag: string): Promise<VoipnowObject | null>;
  findByLogin(kind: VoipnowKind, login: string): Promise<VoipnowObject | null>;
  get(kind: VoipnowKind, id: number): Promise<VoipnowObject | null>;
  create(kind: VoipnowKind, account: NewVoipnowAccount): Promise<VoipnowObject>;
  setPassword(kind: VoipnowKind, id: number, password: string): Promise<void>;
  templates(kind: VoipnowKind, ownerId?: number): Promise<VoipnowTemplateInfo[]>;
  /** Gives VoipNow clients a new owning reseller. */
  moveClients(clientIds: number[], resellerId: number): Promise<void>;
  /** Checks the connection and credentials (PBX Ping). */
  ping(): Promise<{ version?: string }>;
}

export interface ConnectorSet {
  plesk: PleskPort;
  voipnow: VoipnowPort;
}
