import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_ADMIN_CONTACT } from '../../simulators/plesk/operators';
import type { PleskSimulator } from '../../simulators/plesk';
import { clientFor, startSim } from './helpers';

/** Issue 11 rule 10: the Plesk administrator's contact data, read with server get (admin_* fields), in every dialect. */
describe("the Plesk administrator's contact data", () => {
  for (const generation of ['obsidian', 'plesk9'] as const) {
    describe(generation, () => {
      let sim: PleskSimulator;
      beforeAll(async () => {
        sim = await startSim({ generation });
      });
      afterAll(async () => sim?.close());

      it('reads name, company, email, address, state and country', async () => {
        const plesk = clientFor(sim);
        await expect(plesk.getAdminContact()).resolves.toEqual({
          name: DEFAULT_ADMIN_CONTACT.pname,
          company: DEFAULT_ADMIN_CONTACT.cname,
          email: DEFAULT_ADMIN_CONTACT.email,
          phone: DEFAULT_ADMIN_CONTACT.phone,
          fax: DEFAULT_ADMIN_CONTACT.fax,
          address: DEFAULT_ADMIN_CONTACT.address,
          city: DEFAULT_ADMIN_CONTACT.city,
          state: DEFAULT_ADMIN_CONTACT.state,
          pcode: DEFAULT_ADMIN_CONTACT.pcode,
          country: DEFAULT_ADMIN_CONTACT.country,
          locale: DEFAULT_ADMIN_CONTACT.locale,
        });
        plesk.close();
      });
    });
  }
});
