/**
 * Every side effect a workflow needs, built by one factory from its dependencies. Workflows
 * `import type` this and call proxyActivities<Activities>.
 */
import type { ActivityDeps } from './deps';
import { recordGiveUp, type FailureRecord } from './records';
import { replicate, type ReplicateInput } from './replicate';

export function createActivities(deps: ActivityDeps) {
  return {
    replicate: (input: ReplicateInput) => replicate(deps, input),
    recordGiveUp: (record: FailureRecord) => recordGiveUp(deps, record),
  };
}

export type Activities = ReturnType<typeof createActivities>;
export type { ActivityDeps } from './deps';
export type { ReplicateInput, ReplicateResult, ReplicationMode } from './replicate';
