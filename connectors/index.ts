/**
 * The connectors of one Plesk server: its Plesk and the VoipNow it feeds, opened from one
 * connection's settings (db/settings.ts ServerSettings has this shape).
 */
import { createPleskClient, type PleskClient, type PleskClientOptions } from './plesk';
import { createVoipnowClient, type VoipnowClient, type VoipnowClientOptions } from './voipnow';

export interface Connection {
  plesk: Pick<PleskClientOptions, 'url' | 'auth' | 'tlsVerify'>;
  voipnow: Pick<VoipnowClientOptions, 'url' | 'auth' | 'tlsVerify' | 'timeoutMs'>;
}

export interface Connectors {
  plesk: PleskClient;
  voipnow: VoipnowClient;
  /** Frees both clients' kept-alive connections. */
  close(): void;
}

/** What the process shares between the connectors of all its servers. */
export interface Shared {
  /** The process's limit on VoipNow calls at once (VoipnowClientOptions.limitCalls). */
  limitVoipnowCalls?: VoipnowClientOptions['limitCalls'];
}

export async function openConnectors(connection: Connection, shared: Shared = {}): Promise<Connectors> {
  const plesk = createPleskClient(connection.plesk);
  let voipnow: VoipnowClient;
  try {
    voipnow = await createVoipnowClient({
      ...connection.voipnow,
      ...(shared.limitVoipnowCalls ? { limitCalls: shared.limitVoipnowCalls } : {}),
    });
  } catch (error) {
    plesk.close();
    throw error;
  }
  return {
    plesk,
    voipnow,
    close() {
      plesk.close();
      voipnow.close();
    },
  };
}
