/** Shared TypeBox schemas of the API (JSON Schema underneath, so OpenAPI documents them). */
import { Type, type Static, type TSchema } from 'typebox';
import { ACCOUNT_KINDS, SERVER_NAME_PATTERN } from '../domain';

export const AccountParams = Type.Object({
  pleskServer: Type.String({ pattern: SERVER_NAME_PATTERN, description: 'our name of the Plesk server, e.g. plesk1' }),
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
  advice: Type.Union([Type.String(), Type.Null()], { description: 'what the admin should do about the reason (product spec section 5)' }),
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

// ---- shared by the routes of issue 6 -------------------------------------------------------

const KEY_PATTERN = `${SERVER_NAME_PATTERN.slice(0, -1)}/(${ACCOUNT_KINDS.join('|')})/[0-9]+(\\.[0-9]+)?$`;

/** An account key as one string, as the CLI and logs write it. */
export const AccountKeyString = Type.String({
  pattern: KEY_PATTERN,
  description: 'account key <plesk server>/<kind>/<Plesk ID>, e.g. plesk1/client/7',
});

export const ServerParams = Type.Object({ pleskServer: AccountParams.properties.pleskServer });

const ERROR_MEANING: Record<number, string> = {
  400: 'The request is not valid; field names what is wrong',
  401: 'No token, or a wrong or revoked one',
  403: 'The token may not do this',
  404: 'Not found, or not in your subtree',
  409: 'The account is not in a state for this',
  422: 'The action failed with a reason, or needs a choice',
  500: 'A fault of ours; the details are in the server log',
  503: 'VoipNow or Plesk is unavailable',
};

/** Error answers of a route, one schema per status (conventions 10), each saying what it means. */
export function errorReplies<const C extends readonly number[]>(...codes: C): { [K in C[number]]: typeof ErrorReply } {
  return Object.fromEntries(
    codes.map((code) => [code, Type.Object(ErrorReply.properties, { description: ERROR_MEANING[code] ?? 'An error' })]),
  ) as unknown as {
    [K in C[number]]: typeof ErrorReply;
  };
}

/** What every authenticated route can answer besides its own: bad input, no or a bad token, no right, a fault of ours. */
export const STANDARD_ERRORS = errorReplies(400, 401, 403, 429, 500);

/**
 * A field with a default: optional for the caller (the OpenAPI document says so), yet always
 * present in the handler, because the validator fills the default in (ajv useDefaults).
 */
export function Defaulted<T extends TSchema>(schema: T): T {
  if (!('default' in schema)) throw new Error('Defaulted needs a schema with a default');
  return Type.Optional(schema) as unknown as T;
}

export const Paging = Type.Object({
  limit: Defaulted(Type.Integer({ minimum: 1, maximum: 500, default: 50, description: 'rows per page' })),
  offset: Defaulted(Type.Integer({ minimum: 0, maximum: 10_000_000, default: 0, description: 'rows to skip' })),
});

export const Template = Type.Object({ id: Type.Integer(), name: Type.String() });

export const TemplateChoiceBody = Type.Object(
  {
    template: Type.Optional(
      Type.Object(
        { id: Type.Optional(Type.Integer({ minimum: 1 })), name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })) },
        { additionalProperties: false, minProperties: 1, description: 'the VoipNow template to use, by ID or name' },
      ),
    ),
    confirmNoTemplate: Type.Optional(
      Type.Boolean({ description: 'replicate with no permissions or limits when VoipNow has no templates' }),
    ),
    adoptExisting: Type.Optional(
      Type.Boolean({
        description:
          "adopt the VoipNow account an earlier link left carrying this account's tag (the answer 409 taggedFromEarlierLink offers it)",
      }),
    ),
  },
  { additionalProperties: false },
);

export const WaitQuery = Type.Object({
  wait: Defaulted(
    Type.Integer({ minimum: 0, maximum: 30, default: 5, description: 'seconds to wait for the outcome before answering 202' }),
  ),
});

/** The answer of an action run as a workflow: 200 when it finished within the wait, 202 while it runs. */
export function ActionReply<T extends TSchema>(result: T) {
  return Type.Object({
    workflowId: Type.String({ description: 'the handle: poll the account or the Web UI with it' }),
    runId: Type.String(),
    webUiUrl: Type.String(),
    joined: Type.Boolean({ description: 'true when the same action was already running and this request joined it' }),
    state: Type.Union([Type.Literal('running'), Type.Literal('completed')]),
    result: Type.Optional(result),
  });
}

/** An action that ended in failure, or that needs a choice (a template, a confirmation). */
export const ActionFailure = Type.Object({
  error: Type.String({ description: 'reason type' }),
  message: Type.String({ description: "the reason or question, in the product's words" }),
  detail: Type.Optional(Type.String({ description: 'what the engine adds to the reason' })),
  advice: Type.Optional(Type.String({ description: 'what the admin should do about the reason (product spec section 5)' })),
  field: Type.Optional(Type.String()),
  workflowId: Type.Optional(Type.String()),
  runId: Type.Optional(Type.String()),
  webUiUrl: Type.Optional(Type.String()),
  templates: Type.Optional(Type.Array(Template, { description: 'the templates to choose from' })),
  existing: Type.Optional(
    Type.Object(
      { voipnowId: Type.Integer(), login: Type.String() },
      { description: 'taggedFromEarlierLink: the VoipNow account an earlier link left' },
    ),
  ),
  choices: Type.Optional(Type.Array(Type.String(), { description: 'taggedFromEarlierLink: what the user may do' })),
});

export const ReplicationStateSchema = Type.Union(
  [Type.Literal('replicated'), Type.Literal('not-replicated'), Type.Literal('failed'), Type.Literal('replicating')],
  { description: 'replicated (linked), not replicated, failed (last attempt failed), replicating (an attempt runs)' },
);

const Count = Type.Object({ all: Type.Integer(), replicated: Type.Integer() });

export const AccountRow = Type.Object({
  account: AccountKeyString,
  kind: Type.String(),
  pleskId: Type.String(),
  name: Type.String(),
  login: Type.Union([Type.String(), Type.Null()]),
  email: Type.Union([Type.String(), Type.Null()]),
  owner: Type.Union([Type.String(), Type.Null()], { description: "the owner's account key, 'admin' for the Plesk admin" }),
  state: ReplicationStateSchema,
  link: Type.Union([
    Type.Object({
      voipnowKind: Type.String(),
      voipnowId: Type.Integer(),
      origin: Type.String(),
      linkedAt: Type.String({ format: 'date-time' }),
    }),
    Type.Null(),
  ]),
  attempts: Type.Integer({ description: 'replication attempts' }),
  lastAttempt: Type.Union([
    Type.Object({
      outcome: Type.String(),
      reasonType: Type.Union([Type.String(), Type.Null()]),
      reason: Type.Union([Type.String(), Type.Null()]),
      advice: Type.Union([Type.String(), Type.Null()], {
        description: 'what the admin should do about the reason (product spec section 5)',
      }),
      at: Type.String({ format: 'date-time' }),
    }),
    Type.Null(),
  ]),
  domains: Type.Union([Count, Type.Null()], { description: 'Domains (all / replicated); resellers and clients' }),
  mailboxes: Type.Union([Count, Type.Null()], { description: 'Mailboxes (all / replicated); resellers, clients and domains' }),
});

export const AccountPage = Type.Object({
  total: Type.Integer(),
  limit: Type.Integer(),
  offset: Type.Integer(),
  items: Type.Array(AccountRow),
});

export const LogEntryView = Type.Object({
  id: Type.Integer(),
  at: Type.String({ format: 'date-time' }),
  level: Type.String(),
  event: Type.String(),
  account: Type.Union([Type.String(), Type.Null()]),
  message: Type.String(),
  reasonType: Type.Union([Type.String(), Type.Null()]),
  advice: Type.Union([Type.String(), Type.Null()], { description: 'what the admin should do about the reason (product spec section 5)' }),
  workflowId: Type.Union([Type.String(), Type.Null()]),
  webUiUrl: Type.Union([Type.String(), Type.Null()]),
});

/** Plans (dry runs, api/routes/plans.ts): what each account would get. */
export const PlanActionSchema = Type.Union(
  [
    Type.Literal('create'),
    Type.Literal('adopt'),
    Type.Literal('skipLinked'),
    Type.Literal('skipUnlinked'),
    Type.Literal('fail'),
    Type.Literal('move'),
  ],
  { description: 'create, adopt (VoipNow has it with our tag), skip as linked, skip as unlinked by an admin, fail (reason), move' },
);

const ActionCounts = Type.Record(Type.String(), Type.Integer());

export const PlanTotalsSchema = Type.Object({
  accounts: Type.Integer(),
  byAction: ActionCounts,
  byLevel: Type.Object({ resellers: ActionCounts, domains: ActionCounts, mailboxes: ActionCounts }),
  byReason: Type.Record(Type.String(), Type.Integer(), { description: 'predicted failures per reason' }),
});

export const PlanItemView = Type.Object({
  seq: Type.Integer({ description: 'position in the run; the paging cursor' }),
  account: Type.String({ description: 'account key, e.g. plesk1/client/7' }),
  kind: Type.String(),
  name: Type.String(),
  action: PlanActionSchema,
  reasonType: Type.Optional(Type.String()),
  reasonText: Type.Optional(Type.String({ description: 'why it would fail, in the words the engine reports' })),
  template: Type.Optional(Type.String()),
  contactSource: Type.Optional(Type.String({ description: 'self, domainAdministrator or owner' })),
  detail: Type.Optional(Type.String()),
});

export const PlanBody = Type.Object(
  {
    scope: Type.Optional(
      Type.Union([Type.Literal('all'), Type.Literal('subtree'), Type.Literal('automatic')], {
        description: 'a bulk replication, as POST /bulk-replications; automatic: what the next automatic run would do',
      }),
    ),
    pleskServer: Type.Optional(Type.String({ description: 'with scope all or automatic' })),
    root: Type.Optional(AccountKeyString),
    move: Type.Optional(AccountKeyString),
  },
  { additionalProperties: false, description: 'the body of a bulk replication (scope, pleskServer or root), or {"move": key}' },
);
