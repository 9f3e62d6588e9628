/** Shared TypeBox schemas of the API (JSON Schema underneath, so OpenAPI documents them). */
import { Type, type Static } from 'typebox';
import { ACCOUNT_KINDS } from '../domain';

export const AccountParams = Type.Object({
  pleskServer: Type.String({ pattern: '^[a-z0-9][a-z0-9_-]{0,39}$', description: 'our name of the Plesk server, e.g. plesk1' }),
  kind: Type.Enum([...ACCOUNT_KINDS], { description: 'reseller, client, domain or mailbox' }),
  pleskId: Type.String({ pattern: '^[0-9]+(\\.[0-9]+)?$', description: 'Plesk ID; for a mailbox <domain ID>.<mail name ID>' }),
});
export type AccountParams = Static<typeof AccountParams>;

export const ErrorReply = Type.Object({ error: Type.String(), message: Type.String(), field: Type.Optional(Type.String()) });

export const Execution = Type.Object({
  workflowId: Type.String(),
  runId: Type.String(),
  status: Type.String({ description: 'Temporal execution status: RUNNING, COMPLETED, FAILED, ...' }),
  startedAt: Type.String({ format: 'date-time' }),
  closedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  webUiUrl: Type.String({ description: 'this execution in the Temporal Web UI' }),
});

export const AttemptView = Type.Object({
  number: Type.Integer(),
  operation: Type.String(),
  outcome: Type.String(),
  reasonType: Type.Union([Type.String(), Type.Null()]),
  reason: Type.Union([Type.String(), Type.Null()]),
  startedAt: Type.String({ format: 'date-time' }),
  finishedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  workflowId: Type.String(),
  runId: Type.String(),
  webUiUrl: Type.String(),
});

export const LinkView = Type.Object({
  voipnowKind: Type.String(),
  voipnowId: Type.Integer(),
  voipnowLogin: Type.Union([Type.String(), Type.Null()]),
  origin: Type.String({ description: 'replicated or linked' }),
  linkedAt: Type.String({ format: 'date-time' }),
});
