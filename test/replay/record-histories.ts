/**
 * Records the histories test/replay/replay.test.ts replays: real runs of every workflow type
 * against the simulators, the real worker and Temporal (test/support/stack.ts), written to
 * test/replay/histories/ with their payloads decoded. Run with `npm run record:histories`
 * (vitest with test/replay/record.config.ts, for the shared Temporal server and database).
 *
 * Recording replaces every file except the versioning example (versioning-*.json) and the
 * histories recorded before a workflow change (before-*.json): those must stay as recorded, so
 * that the change (behind patched()) is proven to replay them (docs/decisions/046).
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { NativeConnection, Worker } from '@temporalio/worker';
import proto from '@temporalio/proto';
import { format, resolveConfig } from 'prettier';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { AccountKey } from '../../domain';
import { discoveryWorkflowId, linkWorkflowId, moveWorkflowId, unlinkWorkflowId } from '../../domain/workflow-ids';
import { temporalAddress } from '../../config';
import { EncryptionCodec } from '../../temporal/codec';
import { discoverAccounts, linkAccount, makePlan, moveAccount, replicateTree, runPlan, unlinkAccount } from '../../workflows';
import { createPlan } from '../../db/plans';
import { planRunWorkflowId, planWorkflowId } from '../../domain/plans';
import { automaticRunDone, switchAutomatic } from '../support/discovery';
import { findLink } from '../../db/links';
import { pleskAdmin } from '../support/plesk-admin';
import { outcomeOf, replicate } from '../support/run';
import { startTestStack, type TestStack } from '../support/stack';
import { decodeHistoryPayloads } from './payloads';

const here = path.dirname(fileURLToPath(import.meta.url));
const HISTORIES = path.join(here, 'histories');
/** How many executions of one workflow type and end state to keep. */
const PER_KIND = 2;

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack({ plesk: { estate: { size: 8, seed: 5 } } });
}, 180_000);
afterAll(async () => stack?.close());

async function writeHistory(name: string, workflowId: string, runId?: string) {
  const history = await stack.temporal.workflow.getHandle(workflowId, runId).fetchHistory();
  const { History } = proto.temporal.api.history.v1;
  const json: unknown = History.toObject(History.fromObject(history), { longs: String, enums: String, bytes: String });
  await decodeHistoryPayloads(json, new EncryptionCodec(stack.masterKey));
  const file = path.join(HISTORIES, `${name}.json`);
  // In the layout `npm run lint` checks (prettier), so a recording changes no style.
  const text = await format(JSON.stringify({ workflowId, history: json }), { ...(await resolveConfig(file)), filepath: file });
  fs.writeFileSync(file, text);
}

it('records a history of every workflow type', async () => {
  const plesk = pleskAdmin(stack.plesk);
  const key = (kind: AccountKey['kind'], pleskId: string): AccountKey => ({ pleskServer: stack.pleskServer, kind, pleskId });
  let runs = 0;
  // Discovery does not wait for the automatic run it starts; the recording does.
  const discover = async () => {
    await stack.temporal.workflow.execute(discoverAccounts, {
      taskQueue: stack.taskQueue,
      workflowId: `${discoveryWorkflowId(stack.pleskServer)}-${(runs += 1)}`,
      args: [{ pleskServer: stack.pleskServer }],
    });
    await automaticRunDone(stack);
  };
  const run = <T>(workflow: (input: T) => Promise<unknown>, workflowId: string, input: T) =>
    outcomeOf(stack.temporal.workflow.execute(workflow as never, { taskQueue: stack.taskQueue, workflowId, args: [input] as never }));

  // Discovery of a fresh estate records it (the baseline); the admin switches automatic replication
  // on and replicates the estate in bulk (some fail on their data); a plan of it first, then run.
  await discover();
  await switchAutomatic(stack, true);
  const planId = randomUUID();
  await createPlan(stack.db, {
    id: planId,
    pleskServer: stack.pleskServer,
    request: { kind: 'bulk', scope: 'all' },
    createdBy: 'recorder',
    ownerScope: null,
  });
  await stack.temporal.workflow.execute(makePlan, { taskQueue: stack.taskQueue, workflowId: planWorkflowId(planId), args: [{ planId }] });
  await stack.temporal.workflow.execute(runPlan, {
    taskQueue: stack.taskQueue,
    workflowId: planRunWorkflowId(planId),
    args: [{ planId, pleskServer: stack.pleskServer, bulkWorkflowId: `bulk/${stack.pleskServer}/plan` }],
  });
  // A move found by discovery, one whose VoipNow step fails and is undone, an unlink and a relink.
  const a = await plesk.addCustomer('rec-from');
  const b = await plesk.addCustomer('rec-to');
  const broken = await plesk.addCustomer('rec-broken', { contact: { email: 'broken email' } });
  const moving = await plesk.addDomain('rec-moving.test', a);
  const undone = await plesk.addDomain('rec-undone.test', a);
  await discover();
  await plesk.call('POST', `domains/${moving}/move`, { ownerId: Number(b) });
  await discover();
  const c = await plesk.addCustomer('rec-gone');
  await discover();
  stack.voipnow.state.removeAccounts([(await findLink(stack.db, key('client', c)))!.voipnowId]);
  await plesk.call('POST', `domains/${undone}/move`, { ownerId: Number(c) });
  expect(await run(moveAccount, moveWorkflowId(key('domain', undone)), { key: key('domain', undone) })).toMatchObject({ ok: false });
  const bLink = (await findLink(stack.db, key('client', b)))!;
  expect(await run(unlinkAccount, unlinkWorkflowId(key('client', b)), { key: key('client', b), recursive: true })).toMatchObject({
    ok: true,
  });
  expect(await run(linkAccount, linkWorkflowId(key('client', b)), { key: key('client', b), voipnowId: bLink.voipnowId })).toMatchObject({
    ok: true,
  });
  expect(await run(linkAccount, `${linkWorkflowId(key('client', a))}-bad`, { key: key('client', a), voipnowId: 999_999 })).toMatchObject({
    ok: false,
  });
  // A bulk tree started by hand, and a replication by hand that fails on its data.
  await stack.temporal.workflow.execute(replicateTree, {
    taskQueue: stack.taskQueue,
    workflowId: `bulk/${stack.pleskServer}`,
    args: [{ pleskServer: stack.pleskServer, scope: { kind: 'all' }, mode: 'bulk' }],
  });
  expect(await replicate(stack, key('client', broken))).toMatchObject({ ok: false });

  for (const file of fs.readdirSync(HISTORIES))
    if (!file.startsWith('versioning-') && !file.startsWith('before-')) fs.rmSync(path.join(HISTORIES, file));
  const kept = new Map<string, number>();
  for await (const execution of stack.temporal.workflow.list({ query: `TaskQueue = "${stack.taskQueue}"` })) {
    const kind = `${execution.type}-${execution.status.name.toLowerCase()}`;
    const n = (kept.get(kind) ?? 0) + 1;
    if (n > PER_KIND) continue;
    kept.set(kind, n);
    await writeHistory(`${kind}-${n}`, execution.workflowId, execution.runId);
  }
  const types = new Set([...kept.keys()].map((k) => k.split('-')[0]));
  expect([...types].sort()).toEqual([
    'discoverAccounts',
    'linkAccount',
    'makePlan',
    'moveAccount',
    'replicateAccount',
    'replicateTree',
    'runPlan',
    'unlinkAccount',
  ]);

  // The versioning example: written only when missing, since it must predate its workflow's change.
  if (!fs.existsSync(path.join(HISTORIES, 'versioning-greet-v1.json'))) {
    const connection = await NativeConnection.connect({ address: temporalAddress(stack.config) });
    const taskQueue = `${stack.taskQueue}-greet`;
    const worker = await Worker.create({
      connection,
      taskQueue,
      workflowsPath: path.join(here, 'fixture', 'v1.ts'),
      dataConverter: { payloadCodecs: [new EncryptionCodec(stack.masterKey)] },
    });
    const workflowId = `greet/${stack.pleskServer}`;
    await worker.runUntil(stack.temporal.workflow.execute('greet', { taskQueue, workflowId, args: ['replay'] }));
    await connection.close();
    await writeHistory('versioning-greet-v1', workflowId);
  }
}, 600_000);
