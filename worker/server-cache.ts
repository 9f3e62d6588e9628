/**
 * Settings and connectors per Plesk server, cached: settings are re-read at most every few
 * seconds, and connectors are rebuilt only when the settings row changed.
 */
import type { Db } from '../db/client';
import type { SecretBox } from '../crypto/secrets';
import { getServerSettings, type ServerSettings } from '../db/settings';
import type { ConnectorSet } from '../activities/ports';

export type ConnectorFactory = (settings: ServerSettings) => Promise<ConnectorSet>;

interface Entry {
  settings: ServerSettings;
  connectors: Promise<ConnectorSet>;
  checkedAt: number;
}

export function createServerCache(db: Db, box: SecretBox, factory: ConnectorFactory, ttlMs = 5000) {
  const entries = new Map<string, Entry>();
  return async function server(pleskServer: string): Promise<{ settings: ServerSettings; connectors: ConnectorSet }> {
    const now = Date.now();
    let entry = entries.get(pleskServer);
    if (!entry || now - entry.checkedAt > ttlMs) {
      const settings = await getServerSettings(db, box, pleskServer);
      if (!entry || entry.settings.version !== settings.version) {
        const connectors = factory(settings);
        connectors.catch(() => entries.delete(pleskServer)); // a failed build is retried next time
        entry = { settings, connectors, checkedAt: now };
      } else {
        entry = { ...entry, checkedAt: now };
      }
      entries.set(pleskServer, entry);
    }
    return { settings: entry.settings, connectors: await entry.connectors };
  };
}
