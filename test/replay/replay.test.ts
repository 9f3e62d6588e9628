/**
 * Replay safety (docs/decisions/046): today's workflow code must replay the committed histories of
 * every workflow type (recorded from real runs by `npm run record:histories`), so an upgrade never
 * strands the executions in flight. And the versioning policy at work: a history recorded before
 * a change replays after it when the change sits behind `patched()`, and fails without it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleWorkflowCode, DefaultLogger, Runtime, Worker, type WorkflowBundle } from '@temporalio/worker';
import proto from '@temporalio/proto';
import { DeterminismViolationError } from '@temporalio/workflow';
import { describe, expect, it } from 'vitest';
import * as workflows from '../../workflows';
import { workflowBundle } from '../support/stack';
import { hasSealedPayload } from './payloads';

// The replay workers' state changes are no news.
Runtime.install({ logger: new DefaultLogger('WARN') });

const here = path.dirname(fileURLToPath(import.meta.url));
const HISTORIES = path.join(here, 'histories');

interface Recorded {
  file: string;
  workflowId: string;
  type: string;
  history: proto.temporal.api.history.v1.History;
  json: unknown;
}

function recorded(prefix?: string): Recorded[] {
  return fs
    .readdirSync(HISTORIES)
    .filter((f) => f.endsWith('.json') && (prefix ? f.startsWith(prefix) : !f.startsWith('versioning-')))
    .sort()
    .map((file) => {
      const { workflowId, history } = JSON.parse(fs.readFileSync(path.join(HISTORIES, file), 'utf8')) as {
        workflowId: string;
        history: { events: { workflowExecutionStartedEventAttributes?: { workflowType?: { name?: string } } }[] };
      };
      const type = history.events[0]?.workflowExecutionStartedEventAttributes?.workflowType?.name ?? '';
      return { file, workflowId, type, history: proto.temporal.api.history.v1.History.fromObject(history), json: history };
    });
}

async function replayErrors(bundle: WorkflowBundle, histories: Recorded[]): Promise<{ file: string; error: unknown }[]> {
  const byId = new Map(histories.map((h) => [h.workflowId, h.file]));
  const failures: { file: string; error: unknown }[] = [];
  const results = Worker.runReplayHistories(
    { workflowBundle: bundle, replayName: 'replay-test' },
    histories.map(({ workflowId, history }) => ({ workflowId, history })),
  );
  for await (const result of results)
    if (result.error) failures.push({ file: byId.get(result.workflowId) ?? result.workflowId, error: result.error });
  return failures;
}

const fixtureBundle = (version: string) =>
  bundleWorkflowCode({ workflowsPath: path.join(here, 'fixture', `${version}.ts`), logger: new DefaultLogger('WARN') });

describe('replay safety', () => {
  it('the committed histories cover every workflow type and hold no sealed payload', () => {
    const exported = Object.entries(workflows)
      .filter(([, value]) => typeof value === 'function')
      .map(([name]) => name)
      .sort();
    const types = [...new Set(recorded().map((h) => h.type))].sort();
    expect(types).toEqual(exported);
    for (const h of recorded()) expect(hasSealedPayload(h.json), h.file).toBe(false);
  });

  it("today's workflow code replays every committed history", async () => {
    const histories = recorded();
    expect(histories.length).toBeGreaterThanOrEqual(6);
    expect(await replayErrors(await workflowBundle(), histories)).toEqual([]);
  }, 120_000);

  it('a history recorded before a change replays after it when the change is behind patched(), and not without', async () => {
    const before = recorded('versioning-');
    expect(before.map((h) => h.file)).toEqual(['versioning-greet-v1.json']);
    expect(await replayErrors(await fixtureBundle('v1'), before)).toEqual([]);
    expect(await replayErrors(await fixtureBundle('v2'), before)).toEqual([]);
    const unpatched = await replayErrors(await fixtureBundle('v2-unpatched'), before);
    expect(unpatched).toHaveLength(1);
    expect(unpatched[0]!.error).toBeInstanceOf(DeterminismViolationError);
  }, 120_000);
});
