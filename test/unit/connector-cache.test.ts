import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Connectors } from '../../connectors';
import type { SecretBox } from '../../crypto/secrets';
import type { DbOrTx } from '../../db/client';
import type { ServerSettings } from '../../db/settings';
import { ConnectorCache } from '../../runtime/connectors';

/** Settings of one Plesk server at a version; only what the cache reads. */
const settings = (version: string, timeoutMs = 30_000) => ({ pleskServer: 'plesk1', version, voipnow: { timeoutMs } }) as ServerSettings;

function opener() {
  const opened: { version: string; closed: boolean }[] = [];
  let failNext = false;
  return {
    opened,
    failNextOpen: () => (failNext = true),
    open: async (connection: unknown): Promise<Connectors> => {
      if (failNext) {
        failNext = false;
        throw new Error('VoipNow URL must start with http:// or https://');
      }
      const set = { version: (connection as ServerSettings).version, closed: false };
      opened.push(set);
      return { close: () => (set.closed = true) } as unknown as Connectors;
    },
  };
}

describe('the connectors of each Plesk server', () => {
  afterEach(() => vi.useRealTimers());

  it('keeps one connector set while the settings stay the same, and opens a new one when they change', async () => {
    const o = opener();
    const cache = new ConnectorCache({} as DbOrTx, {} as SecretBox, { open: o.open });
    const first = await cache.forSettings(settings('v1'));
    expect(await cache.forSettings(settings('v1'))).toBe(first);
    expect(await cache.forSettings(settings('v2'))).not.toBe(first);
    expect(o.opened.map((s) => s.version)).toEqual(['v1', 'v2']);
    cache.close();
  });

  it('closes a replaced set once every call begun on it has timed out at the latest, and every set when it closes', async () => {
    vi.useFakeTimers();
    const o = opener();
    const cache = new ConnectorCache({} as DbOrTx, {} as SecretBox, { open: o.open });
    await cache.forSettings(settings('v1', 30_000));
    await cache.forSettings(settings('v2'));
    const [v1, v2] = o.opened;
    await vi.advanceTimersByTimeAsync(59_000); // the Plesk client's 60 s timeout has not passed
    expect(v1?.closed).toBe(false);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(v1?.closed).toBe(true);
    expect(v2?.closed).toBe(false);
    await cache.forSettings(settings('v3'));
    cache.close();
    await vi.advanceTimersByTimeAsync(0);
    expect(o.opened.map((s) => s.closed)).toEqual([true, true, true]);
  });

  it('tries again to open a set whose opening failed, instead of keeping the failure', async () => {
    const o = opener();
    const cache = new ConnectorCache({} as DbOrTx, {} as SecretBox, { open: o.open });
    o.failNextOpen();
    await expect(cache.forSettings(settings('v1'))).rejects.toThrow('VoipNow URL');
    await expect(cache.forSettings(settings('v1'))).resolves.toBeDefined();
    cache.close();
  });
});
