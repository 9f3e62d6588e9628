/**
 * VoipNow down for two minutes during a bulk run (issue 14 item 3). The replications under way
 * fail with "VoipNow server is unavailable" and are retried with growing pauses (1, 2, 4, … s),
 * not hammered; when VoipNow is back they resume through the same concurrency cap, with no burst
 * of retries; the run ends in the end state of an undisturbed run: no account fails for the
 * outage, none is lost or made twice, every try is closed.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../support/stack';
import { waitFor } from '../support/wait';
import { expectDurableState, expectedAccounts, expectOutcomesMatch, readRunState, startBulk, tally } from '../durability/support';

const OUTAGE_MS = 120_000;
/** Tries of one account in two minutes with back-off from 1 s doubling: 1+2+4+…+64 s is 8 tries; 1 s apart would be 120. */
const MAX_TRIES_PER_ACCOUNT = 10;

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack({ plesk: { estate: { size: 100, seed: 5150 } }, voipnow: { latencyMs: 40, jitterMs: 40 } });
});
afterAll(async () => stack?.close());

it(
  'VoipNow down for two minutes in the middle of a bulk run: back-off, then resume, no burst, nothing lost or failed for it',
  { timeout: 480_000 },
  async () => {
    const where = { pleskServer: stack.pleskServer };
    const handle = await startBulk(stack);
    await waitFor(async () => (await stack.db.accountLink.count({ where })) >= 10, 90_000, 'ten accounts linked before the outage');

    const downAt = new Date();
    stack.voipnow.configure({ down: true });
    await sleep(OUTAGE_MS); // the outage itself: two minutes by definition, not a wait for something to happen
    const linksAtEnd = await stack.db.accountLink.count({ where });
    const refused = stack.voipnow.stats.injected.refused;
    const upAt = new Date();
    stack.voipnow.stats.peakActive = stack.voipnow.stats.active;
    stack.voipnow.configure({ down: false });

    // The accounts that were being replicated during the outage, and how often each was tried.
    const during = await stack.db.attempt.findMany({
      where: { ...where, startedAt: { gte: downAt, lte: upAt } },
      select: { kind: true, pleskId: true, outcome: true, reasonType: true },
    });
    const waiting = new Map<string, number>();
    for (const a of during) waiting.set(`${a.kind}/${a.pleskId}`, (waiting.get(`${a.kind}/${a.pleskId}`) ?? 0) + 1);

    const result = await handle.result();
    const run = await readRunState(stack);
    const most = Math.max(...waiting.values());
    console.info(
      `VoipNow down ${OUTAGE_MS / 1000} s: ${refused} calls turned away, ${waiting.size} accounts waiting, at most ${most} tries of one; ` +
        `peak ${stack.voipnow.stats.peakActive} calls at once after it`,
      tally(run),
    );

    expect(refused, 'calls that reached the stopped VoipNow').toBeGreaterThan(0);
    expect(waiting.size, 'accounts whose replication waited for VoipNow').toBeGreaterThan(0);
    expect(
      during.filter((a) => a.outcome !== 'running' && a.reasonType !== 'voipnowUnavailable'),
      'tries during the outage that ended for another reason',
    ).toEqual([]);
    expect(most, 'tries of one account during the outage (back-off)').toBeLessThanOrEqual(MAX_TRIES_PER_ACCOUNT);
    expect(refused, 'calls turned away, all accounts together (back-off)').toBeLessThanOrEqual(waiting.size * MAX_TRIES_PER_ACCOUNT);
    expect(
      stack.voipnow.stats.peakActive,
      'calls at once after the outage: the retries come back through the concurrency cap',
    ).toBeLessThanOrEqual(stack.config.VOIPNOW_MAX_CONCURRENCY);
    expect(await stack.db.accountLink.count({ where }), 'the run went on after the outage').toBeGreaterThan(linksAtEnd);

    expect(result.phase).toBe('done');
    expectDurableState(stack, run);
    expectOutcomesMatch(expectedAccounts(stack.plesk.snapshot()), run);
  },
);
