/**
 * Plesk unreachable during a scan (issue 14 item 3): discovery's scan fails part-way (at the mail
 * pages, after the accounts and domains were read), is retried
 * with back-off, and finishes when Plesk answers again; an account the failed pages did not list
 * is never marked vanished, and the result counts nothing new, changed or vanished.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { discoveryWorkflowId } from '../../domain/workflow-ids';
import { discoverAccounts } from '../../workflows';
import { startTestStack, type TestStack } from '../support/stack';
import { waitFor } from '../support/wait';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack({ plesk: { estate: { size: 60, seed: 21 } } });
});
afterAll(async () => stack?.close());

it('a scan cut by Plesk answering nothing but errors marks nothing vanished and finishes once Plesk is back', async () => {
  const where = { pleskServer: stack.pleskServer };
  const discover = (n: number) =>
    stack.temporal.workflow.start(discoverAccounts, {
      taskQueue: stack.taskQueue,
      workflowId: `${discoveryWorkflowId(stack.pleskServer)}-${n}`,
      args: [{ pleskServer: stack.pleskServer }],
    });
  const first = await (await discover(1)).result();
  expect(first.accounts).toBeGreaterThan(0);
  const known = await stack.db.pleskAccount.count({ where: { ...where, vanishedAt: null } });

  // Plesk fails every mail request: the scan breaks after the resellers', customers' and
  // domains' pages, at the same page try after try (a random fault rate mostly broke it earlier).
  stack.plesk.switches.failOperations = ['mail'];
  const handle = await discover(2);
  await waitFor(
    async () => {
      if (await stack.db.pleskAccount.count({ where: { ...where, vanishedAt: { not: null } } })) return true;
      const { raw, status } = await handle.describe();
      // Or the run ended: a scan that took a failed page for an empty one must fail below, not time out here.
      return status.name !== 'RUNNING' || (raw.pendingActivities ?? []).some((a) => (a.attempt ?? 0) >= 2);
    },
    60_000,
    'a second try of the scan, its end, or an account marked vanished',
  );
  expect(await stack.db.pleskAccount.count({ where: { ...where, vanishedAt: { not: null } } })).toBe(0);

  stack.plesk.switches.failOperations = [];
  const second = await handle.result();
  expect(second).toMatchObject({ accounts: first.accounts, new: 0, changed: 0, moved: 0, vanished: 0 });
  expect(await stack.db.pleskAccount.count({ where: { ...where, vanishedAt: { not: null } } })).toBe(0);
  expect(await stack.db.pleskAccount.count({ where: { ...where, vanishedAt: null } })).toBe(known);
}, 180_000);
