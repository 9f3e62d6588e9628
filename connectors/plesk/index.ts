/**
 * The Plesk XML API connector: reads resellers, clients (customers), domains with their domain
 * administrators, and mailboxes, from Plesk 8/9 (client/domain dialect) and Plesk 10+
 * (customer/reseller/webspace/site/user dialect), as the domain's records (domain/records.ts).
 * Every failure is a SyncError from domain/.
 * See docs/decisions/020-plesk-dialects.md.
 */
export { createPleskClient, DEFAULTS as PLESK_CLIENT_DEFAULTS } from './client';
export { PLESK_ERRCODE } from './errors';
export { chooseProtocol, compareVersions, describeProtocol } from './protocol';
export { AGENT_PATH } from './transport';
export type { PleskAuth, PleskClient, PleskClientOptions, PleskDialect, PleskDomainRef, PleskEstate, PleskProtocol } from './types';
