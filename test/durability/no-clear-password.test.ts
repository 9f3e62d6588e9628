import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mailboxPleskId, replicationWorkflowId, type AccountKey } from '../../domain';
import { findTemporalCli } from '../../scripts/temporal-bin';
import { ENCRYPTED_ENCODING, EncryptionCodec } from '../../temporal/codec';
import { replicateAccount } from '../../workflows';
import type { ReplicateInput } from '../../domain/workflow-types';
import { startTestStack, type TestStack } from '../support/stack';
import { expectedAccounts, type AccountId } from './support';

const run = promisify(execFile);

interface JsonPayload {
  metadata?: Record<string, string>;
  data?: string;
  path?: string;
}

/** Every payload in the CLI's JSON of a history (objects with base64 metadata.encoding), with the path it sits at. */
function payloadsIn(node: unknown, found: JsonPayload[] = [], path = ''): JsonPayload[] {
  if (Array.isArray(node)) node.forEach((item, i) => payloadsIn(item, found, `${path}[${i}]`));
  else if (node && typeof node === 'object') {
    const object = node as Record<string, unknown>;
    const metadata = object.metadata as Record<string, unknown> | undefined;
    if (metadata && typeof metadata.encoding === 'string') found.push(Object.assign(object as JsonPayload, { path }));
    else Object.entries(object).forEach(([key, value]) => payloadsIn(value, found, `${path}.${key}`));
  }
  return found;
}

/**
 * The bookkeeping Temporal's worker core writes itself into a local activity's marker (`details.data`):
 * sequence number, attempt, activity ID and type, times. The SDK never hands it to the payload codec, so
 * it stays json/plain; the activity's result sits next to it in `details.result` and is encrypted.
 */
const LOCAL_ACTIVITY_META = /\.markerRecordedEventAttributes\.details\.data\.payloads\[0\]$/;
const LOCAL_ACTIVITY_META_FIELDS = new Set([
  'seq',
  'attempt',
  'activity_id',
  'activity_type',
  'complete_time',
  'backoff',
  'original_schedule_time',
]);

/** The forms a secret could take in JSON output: as is, JSON-escaped, or inside base64 at any alignment. */
function tracesOf(secret: string): string[] {
  const traces = new Set([secret, JSON.stringify(secret).slice(1, -1)]);
  for (let shift = 0; shift < 3; shift++) {
    const encoded = Buffer.from('x'.repeat(shift) + secret)
      .toString('base64')
      .replace(/=+$/, '');
    // Drop the characters that also depend on the neighbouring bytes.
    const start = shift === 0 ? 0 : Math.ceil((shift * 8) / 6);
    traces.add(encoded.slice(start, encoded.length - 2));
  }
  return [...traces].filter((t) => t.length >= 6);
}

describe('what Temporal keeps of a mailbox replication', () => {
  let stack: TestStack;
  let cli: string;

  beforeAll(async () => {
    stack = await startTestStack({ plesk: { estate: { size: 60, seed: 7 } } });
    const found = await findTemporalCli({ build: false });
    if (!found) throw new Error('No temporal CLI (.tools/bin/temporal or TEMPORAL_CLI_PATH)');
    cli = found;
  });
  afterAll(async () => stack?.close());

  const keyOf = (id: AccountId): AccountKey => {
    const [kind, pleskId] = id.split('/') as [AccountKey['kind'], string];
    return { pleskServer: stack.pleskServer, kind, pleskId };
  };
  const replicate = (key: AccountKey) =>
    stack.temporal.workflow.execute(replicateAccount, {
      taskQueue: stack.taskQueue,
      workflowId: replicationWorkflowId(key),
      args: [{ key, mode: 'manual' }],
    });

  /** The mailbox's parents, replicated first (top down), and the `temporal workflow show` JSON of its replication. */
  async function replicateMailbox(mailboxId: AccountId, outcome: 'succeeds' | 'fails'): Promise<{ key: AccountKey; json: string }> {
    const expected = expectedAccounts(stack.plesk.snapshot());
    const chain: AccountId[] = [];
    for (let id: AccountId | undefined = expected.get(mailboxId)!.parent; id; id = expected.get(id)!.parent) chain.unshift(id);
    for (const id of chain) await replicate(keyOf(id));
    const key = keyOf(mailboxId);
    if (outcome === 'succeeds') expect((await replicate(key)).outcome).toBe('created');
    else await expect(replicate(key)).rejects.toThrow();
    const { stdout } = await run(
      cli,
      [
        'workflow',
        'show',
        '--workflow-id',
        replicationWorkflowId(key),
        '--address',
        stack.config.TEMPORAL_ADDRESS!,
        '--namespace',
        stack.config.TEMPORAL_NAMESPACE,
        '--output',
        'json',
      ],
      {
        maxBuffer: 16 * 1024 * 1024,
      },
    );
    return { key, json: stdout };
  }

  /** A mailbox whose own data and whose parents' data VoipNow accepts, with a password of `pick`'s liking. */
  function findMailbox(pick: (password: string, defects: string[]) => boolean): { id: AccountId; password: string } {
    const estate = stack.plesk.snapshot();
    const expected = expectedAccounts(estate);
    const valid = (id: AccountId | undefined): boolean =>
      !id || (expected.get(id)!.defects.length === 0 && valid(expected.get(id)!.parent));
    for (const mailbox of estate.mailboxes) {
      const id = `mailbox/${mailboxPleskId(String(mailbox.domainId), String(mailbox.id))}`;
      const account = expected.get(id);
      if (account && mailbox.password && valid(account.parent) && pick(mailbox.password, account.defects))
        return { id, password: mailbox.password };
    }
    throw new Error('The estate has no such mailbox');
  }

  it('holds no trace of the mailbox password, only binary/encrypted payloads, which the codec decodes back to the workflow input', async () => {
    const { id, password } = findMailbox((_password, defects) => defects.length === 0);
    const { key, json } = await replicateMailbox(id, 'succeeds');

    for (const trace of tracesOf(password)) expect(json, `history shows the password as "${trace}"`).not.toContain(trace);
    const history = JSON.parse(json) as { events: Record<string, unknown>[] };
    const all = payloadsIn(history);
    const markerMeta = all.filter((p) => LOCAL_ACTIVITY_META.test(p.path!));
    for (const meta of markerMeta) {
      // Only the worker core's own fields, in plain JSON: nothing of ours travels unencrypted.
      const fields = Object.keys(JSON.parse(Buffer.from(meta.data!, 'base64').toString()) as object);
      expect(
        fields.filter((field) => !LOCAL_ACTIVITY_META_FIELDS.has(field)),
        'unexpected local activity marker fields',
      ).toEqual([]);
    }
    const payloads = all.filter((p) => !markerMeta.includes(p));
    expect(payloads.length).toBeGreaterThanOrEqual(3); // input, the activity's input and result, the workflow's result
    const encodings = new Set(payloads.map((p) => Buffer.from(p.metadata!.encoding!, 'base64').toString()));
    expect([...encodings], payloads.map((p) => p.path).join(' ')).toEqual([ENCRYPTED_ENCODING]);

    const codec = new EncryptionCodec(stack.masterKey);
    const decode = async (payload: JsonPayload): Promise<unknown> => {
      const [plain] = await codec.decode([
        {
          metadata: Object.fromEntries(Object.entries(payload.metadata!).map(([k, v]) => [k, Buffer.from(v, 'base64')])),
          data: Buffer.from(payload.data ?? '', 'base64'),
        },
      ]);
      expect(Buffer.from(plain!.metadata!.encoding!).toString()).toBe('json/plain');
      return JSON.parse(Buffer.from(plain!.data!).toString());
    };
    const started = history.events.find((e) => 'workflowExecutionStartedEventAttributes' in e)!.workflowExecutionStartedEventAttributes;
    const [input] = payloadsIn(started);
    expect(await decode(input!)).toEqual({ key, mode: 'manual' } satisfies ReplicateInput);
    // Decrypted, the history still holds no password: it never enters inputs or results.
    const decoded = JSON.stringify(await Promise.all(payloads.map(decode)));
    for (const trace of tracesOf(password)) expect(decoded).not.toContain(trace);
  });

  it('holds no trace of a password VoipNow refused either, in the failure it records', async () => {
    // A dictionary word no other field of a history would hold.
    const { id, password } = findMailbox((pw, defects) => ['qwerty', 'letmein', 'welcome'].includes(pw) && defects.length === 1);
    const { json } = await replicateMailbox(id, 'fails');
    expect(json).toContain('The password cannot contain the login name and cannot be a dictionary word.');
    for (const trace of tracesOf(password)) expect(json, `history shows the password as "${trace}"`).not.toContain(trace);
  });
});
