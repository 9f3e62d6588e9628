import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { connect, GOOD_PASSWORD, startTestSim } from './helpers';

describe('the VoipNow simulator keeps its data across restarts', () => {
  it('finds the accounts and templates of the previous run, and keeps numbering after them', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'voipnow-sim-'));
    try {
      const first = await startTestSim({}, dataDir);
      first.sim.seed({ templates: [{ name: 'Roomy', level: 10, limits: { clientMax: 10 } }] });
      const vn = await connect(first.sim);
      const reseller = await vn.addReseller({ login: 'keeper', password: GOOD_PASSWORD, templateId: 1, serverID: 'plesk1:reseller:3' });
      // Closed right after the create: the debounced write must still happen.
      vn.close();
      await first.sim.close();

      const file = join(dataDir, 'voipnow-sim.json');
      expect(existsSync(file)).toBe(true);
      expect(readdirSync(dataDir)).toEqual(['voipnow-sim.json']); // no temp file left behind
      expect(readFileSync(file, 'utf8')).not.toContain(GOOD_PASSWORD);

      const second = await startTestSim({}, dataDir);
      const again = await connect(second.sim);
      try {
        expect(await again.findAccount('reseller', { serverID: 'plesk1:reseller:3' })).toMatchObject({
          id: reseller.id,
          login: 'keeper',
          templateId: 1,
        });
        expect(await again.getTemplates({ userLevel: 10 })).toEqual([expect.objectContaining({ id: 1, name: 'Roomy', users: 1 })]);
        const client = await again.addClient({ login: 'kept-client', password: GOOD_PASSWORD, parentId: reseller.id });
        expect(client.id).toBeGreaterThan(reseller.id);
        // The stored password still logs in.
        const asReseller = await connect(second.sim, { auth: { method: 'password', username: 'keeper', password: GOOD_PASSWORD } });
        await expect(asReseller.listClients()).resolves.toEqual([expect.objectContaining({ login: 'kept-client' })]);
        asReseller.close();
      } finally {
        again.close();
        await second.sim.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('keeps data in memory only when no data folder is given', async () => {
    const t = await startTestSim({ dataDir: undefined });
    try {
      t.sim.seed({ accounts: [{ kind: 'reseller', login: 'ephemeral' }] });
      t.sim.state.flush();
      expect(readdirSync(t.dataDir)).toEqual([]);
    } finally {
      await t.stop();
    }
  });
});
