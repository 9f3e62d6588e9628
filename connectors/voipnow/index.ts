/**
 * The VoipNow connector: a typed client of the VoipNow 2.5.1 SOAP SystemAPI, built on the `soap`
 * package from the WSDL kept in this folder. Every failure is a SyncError carrying the product's
 * reason (domain/reasons.ts) and the server's code and words.
 */
export { createVoipnowClient } from './client';
export { parseFault, redactXml } from './errors';
export { agentPath, MODULES, SCHEMA_VERSION, WSDL_ROOT, type ModuleName } from './modules';
export type {
  AccountChanges,
  AccountData,
  AccountDetails,
  AccountSummary,
  InterfaceLang,
  ListQuery,
  NewClient,
  NewExtension,
  NewReseller,
  Region,
  ServerBrief,
  TemplateLevel,
  VoipnowAuth,
  VoipnowClient,
  VoipnowClientOptions,
  VoipnowLogger,
  VoipnowTemplate,
} from './types';
