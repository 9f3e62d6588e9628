import { fileURLToPath } from 'node:url';

/**
 * The VoipNow SystemAPI modules the sync engine talks to, and where their WSDLs live in the repo.
 * The connector loads these files (never the server's copy, whose soap:address is often stale) and
 * the simulator serves the very same files, so both sides speak one contract.
 */

export const SCHEMA_VERSION = '2.5.1';

/** Folder holding the WSDL/XSD tree of SCHEMA_VERSION (root voipnowservice.wsdl, one folder per module). */
export const WSDL_ROOT = fileURLToPath(new URL(`./wsdl/${SCHEMA_VERSION}/`, import.meta.url));

export const MODULES = ['Reseller', 'Client', 'Extension', 'PBX'] as const;
export type ModuleName = (typeof MODULES)[number];

/** The module's agent script: https://HOST/soap2/<agent>_agent.php */
export function agentPath(module: ModuleName): string {
  return `/soap2/${module.toLowerCase()}_agent.php`;
}

export function moduleWsdlFile(module: ModuleName): string {
  return `${WSDL_ROOT}${module}/${module}.wsdl`;
}

/** Namespace URI of one schema file of the tree, e.g. ns('ClientData') → http://4psa.com/ClientData.xsd/2.5.1 */
export function schemaNamespace(name: string): string {
  return `http://4psa.com/${name}.xsd/${SCHEMA_VERSION}`;
}

export const HEADER_NAMESPACE = schemaNamespace('HeaderData');
