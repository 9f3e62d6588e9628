import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../support/stack';
import { panelLogin } from './panel';
import { expectDurableState, expectedAccounts, expectOutcomesMatch, readRunState, startBulk, tally } from './support';

const ESTATE = { size: 80, seed: 5 };

describe('replication through a VoipNow that carries out a create and then loses the answer', () => {
  let stack: TestStack;

  beforeAll(async () => {
    // Every SOAP call: 10% carried out and the answer dropped, 3% refused with a server fault. (A try
    // makes about five calls, so higher rates mostly lengthen the retries' back-off, not the proof.)
    stack = await startTestStack({ plesk: { estate: ESTATE }, voipnow: { dropResponseRate: 0.1, faultRate: 0.03, seed: 2027 } });
  });
  afterAll(async () => stack?.close());

  it(
    'ends with one VoipNow object per account, adopts the ones whose answer was lost, and their stored passwords log in',
    { timeout: 180_000 },
    async () => {
      const result = await (await startBulk(stack)).result();
      const run = await readRunState(stack);
      console.info(`commit-then-drop: injected ${JSON.stringify(stack.voipnow.stats.injected)}`, tally(run));
      expect(result.phase).toBe('done');
      expectDurableState(stack, run);
      expectOutcomesMatch(expectedAccounts(stack.plesk.snapshot()), run);

      const adoptions = await stack.db.logEntry.findMany({
        where: { pleskServer: stack.pleskServer, event: 'replicate', level: 'info', message: { contains: 'adopted existing VoipNow' } },
      });
      expect(stack.voipnow.stats.injected.drops).toBeGreaterThan(0);
      expect(adoptions.length, 'accounts adopted after a lost answer').toBeGreaterThan(0);
      const adopted = new Set(adoptions.map((entry) => `${entry.kind}/${entry.pleskId}`));
      for (const id of adopted) {
        // An adopted object was made by an earlier try whose answer was lost: a try before the last one.
        expect(run.attempts.get(id)!.length, `tries of adopted ${id}`).toBeGreaterThan(1);
      }

      // Every stored password opens the VoipNow panel: adoption set the password it stored.
      const links = await stack.db.accountLink.findMany({ where: { pleskServer: stack.pleskServer } });
      const refused: string[] = [];
      for (const link of links) {
        const ok = await panelLogin(stack.voipnow.url, link.voipnowLogin!, stack.box.open(link.passwordEnc!));
        if (!ok) refused.push(`${link.kind}/${link.pleskId}${adopted.has(`${link.kind}/${link.pleskId}`) ? ' (adopted)' : ''}`);
      }
      expect(refused, 'linked accounts whose stored password VoipNow refuses').toEqual([]);
      expect(links.filter((l) => adopted.has(`${l.kind}/${l.pleskId}`)).length).toBe(adopted.size);
    },
  );
});
