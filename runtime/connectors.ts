/**
 * The connectors of each Plesk server, kept while its settings stay the same: one Plesk client and
 * one VoipNow client (four parsed WSDLs, kept-alive connections, cached template lists) serve every
 * activity or request. The worker reads the settings again at most every few seconds; the API
 * hands in the settings it has just read. When the settings change, the new connectors take over
 * at once and the replaced ones are closed once every call begun on them has ended. A server an
 * admin removed gets no connectors: its cached ones are closed the same way, and asking for them
 * fails with serverRemoved.
 */
import { openConnectors, type Connection, type Connectors, type Shared } from '../connectors';
import { PLESK_CLIENT_DEFAULTS } from '../connectors/plesk';
import type { SecretBox } from '../crypto/secrets';
import type { DbOrTx } from '../db/client';
import { getServerSettings, type ServerSettings } from '../db/settings';
import { SyncError, reasonText } from '../domain';

export type ConnectorOpener = (connection: Connection) => Promise<Connectors>;

interface Entry {
  settings: ServerSettings;
  connectors: Promise<Connectors>;
  checkedAt: number;
}

export class ConnectorCache {
  private readonly entries = new Map<string, Entry>();
  /** Replaced sets waiting for their last calls, closed by a timer (or by close()). */
  private readonly retired = new Map<Promise<Connectors>, NodeJS.Timeout>();

  constructor(
    private readonly db: DbOrTx,
    private readonly box: SecretBox,
    private readonly options: { ttlMs?: number; open?: ConnectorOpener } & Shared = {},
  ) {}

  /** Settings and connectors of a Plesk server; its settings are read again once ttlMs old (default 5 s; 0: every time). */
  async server(pleskServer: string): Promise<{ settings: ServerSettings; connectors: Connectors }> {
    let entry = this.entries.get(pleskServer);
    if (!entry || Date.now() - entry.checkedAt >= (this.options.ttlMs ?? 5000)) {
      entry = this.use(await getServerSettings(this.db, this.box, pleskServer));
    }
    return { settings: entry.settings, connectors: await entry.connectors };
  }

  /** The connectors of settings just read: the cached ones while the settings are the same. */
  async forSettings(settings: ServerSettings): Promise<Connectors> {
    return this.use(settings).connectors;
  }

  /** Closes a server's connectors (it was removed) once calls begun on them have ended. */
  forget(pleskServer: string): void {
    const current = this.entries.get(pleskServer);
    if (!current) return;
    this.entries.delete(pleskServer);
    this.retire(current);
  }

  /** Closes every connector set now (the process is stopping). */
  close(): void {
    for (const [connectors, timer] of this.retired) {
      clearTimeout(timer);
      void closeQuietly(connectors);
    }
    this.retired.clear();
    for (const entry of this.entries.values()) void closeQuietly(entry.connectors);
    this.entries.clear();
  }

  private use(settings: ServerSettings): Entry {
    if (settings.removed) {
      this.forget(settings.pleskServer);
      throw new SyncError('serverRemoved', { message: `${reasonText('serverRemoved')}: ${settings.pleskServer}` });
    }
    const current = this.entries.get(settings.pleskServer);
    if (current && current.settings.version === settings.version) {
      const entry = { ...current, checkedAt: Date.now() };
      this.entries.set(settings.pleskServer, entry);
      return entry;
    }
    const connectors = this.options.open ? this.options.open(settings) : openConnectors(settings, this.options);
    // A failed build is tried again on the next call.
    connectors.catch(() => this.entries.get(settings.pleskServer)?.connectors === connectors && this.entries.delete(settings.pleskServer));
    const entry = { settings, connectors, checkedAt: Date.now() };
    this.entries.set(settings.pleskServer, entry);
    if (current) this.retire(current);
    return entry;
  }

  /** Closes a replaced set once any call begun on it has timed out at the latest. */
  private retire(entry: Entry): void {
    const lastCallEnds = Math.max(entry.settings.voipnow.timeoutMs, PLESK_CLIENT_DEFAULTS.timeoutMs) + 1000;
    const timer = setTimeout(() => {
      this.retired.delete(entry.connectors);
      void closeQuietly(entry.connectors);
    }, lastCallEnds);
    timer.unref();
    this.retired.set(entry.connectors, timer);
  }
}

async function closeQuietly(connectors: Promise<Connectors>): Promise<void> {
  try {
    (await connectors).close();
  } catch {
    // It never opened: nothing to close.
  }
}
