/** Temporal connections for the API, scripts and tests: always with the encryption codec. */
import { Client, Connection } from '@temporalio/client';
import { EncryptionCodec } from './codec';

export interface TemporalTarget {
  address: string;
  namespace: string;
}

export async function connectTemporal(target: TemporalTarget, masterKey: Buffer): Promise<Client> {
  const connection = await Connection.connect({ address: target.address });
  return new Client({
    connection,
    namespace: target.namespace,
    dataConverter: { payloadCodecs: [new EncryptionCodec(masterKey)] },
  });
}

/** The Temporal Web UI page of one workflow execution. */
export function executionUrl(uiBaseUrl: string, namespace: string, workflowId: string, runId?: string): string {
  const base = `${uiBaseUrl}/namespaces/${encodeURIComponent(namespace)}/workflows/${encodeURIComponent(workflowId)}`;
  return runId ? `${base}/${encodeURIComponent(runId)}/history` : base;
}
