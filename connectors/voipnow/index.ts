/**
 * The VoipNow connector: a client of the VoipNow 2.5.1 SOAP SystemAPI, built on the `soap`
 * package from the WSDL kept in this folder, taking and returning the domain's VoipNow account
 * record. Every failure is a SyncError carrying the product's reason (domain/reasons.ts) and the
 * server's code and words.
 */
export { createVoipnowClient } from './client';
export { parseFault, redactXml } from './errors';
export { agentPath, MODULES, SCHEMA_VERSION, WSDL_ROOT, type ModuleName } from './modules';
export { cryptedAuth } from './crypted-auth';
export type { Region, ServerBrief, VoipnowAuth, VoipnowClient, VoipnowClientOptions, VoipnowLogger } from './types';
