/**
 * The actions on one account, as the role and the account's state allow: replicate to a new
 * VoipNow account or retry (customers and admins); link to an existing one, unlink, unlink with
 * everything below, move, switch as the account (admins). The API decides in the end; the
 * buttons only leave out what it would refuse.
 */
import { useState } from 'preact/hooks';
import { post } from '../api';
import type { ActionReply, AccountView } from '../types';
import { ActionDialog } from './ActionDialog';
import type { Outcome } from './ActionResult';
import { ReplicateDialog } from './ReplicateDialog';
import { SwitchToVoipnow } from './SwitchToVoipnow';

type Open = 'replicate' | 'retry' | 'link' | 'unlink' | 'unlink-all' | 'move' | undefined;

/** 200: done (described by `done`); 202: still running, followed by the account screen. */
function outcomeOf<R>(reply: ActionReply<R>, running: string, done: (result: R) => string): Outcome {
  if (reply.state === 'running') return { kind: 'running', message: running, workflowId: reply.workflowId, webUiUrl: reply.webUiUrl };
  return { kind: 'done', message: done(reply.result as R), webUiUrl: reply.webUiUrl };
}

export function AccountActions({
  view,
  kind,
  name,
  admin,
  own = false,
  onOutcome,
}: {
  view: AccountView;
  kind: string;
  name: string;
  admin: boolean;
  /** The signed-in customer's own account: it controls the accounts below it, not itself. */
  own?: boolean;
  onOutcome(outcome: Outcome): void;
}) {
  const [open, setOpen] = useState<Open>();
  const close = () => setOpen(undefined);
  const key = view.account;
  const linked = view.link !== null;
  const hasBelow = kind !== 'mailbox';
  const busy = view.state === 'replicating';

  return (
    <>
      <section class="actions-bar" aria-label="Actions">
        {!linked && !own && (
          <button type="button" onClick={() => setOpen('replicate')} disabled={busy}>
            Replicate to a new VoipNow account
          </button>
        )}
        {!linked && !own && view.state === 'failed' && (
          <button type="button" class="button-secondary" onClick={() => setOpen('retry')}>
            Retry now
          </button>
        )}
        {!linked && admin && (
          <button type="button" class="button-secondary" onClick={() => setOpen('link')} disabled={busy}>
            Link to an existing VoipNow account
          </button>
        )}
        {linked && admin && (
          <button type="button" class="button-secondary button-caution" onClick={() => setOpen('unlink')}>
            Unlink
          </button>
        )}
        {hasBelow && admin && (
          <button type="button" class="button-secondary button-caution" onClick={() => setOpen('unlink-all')}>
            Unlink with everything below
          </button>
        )}
        {linked && admin && kind !== 'reseller' && (
          <button type="button" class="button-secondary" onClick={() => setOpen('move')}>
            Move to its new owner
          </button>
        )}
        {linked && admin && <SwitchToVoipnow account={key} label="Switch to VoipNow as this account" class="button-secondary" />}
        <ReplicateDialog
          account={key}
          name={name}
          kind={kind}
          retry={open === 'retry'}
          open={open === 'replicate' || open === 'retry'}
          onClose={close}
          onOutcome={onOutcome}
        />

        <ActionDialog
          title={`Link ${name} to an existing VoipNow account`}
          open={open === 'link'}
          submit="Link"
          onClose={close}
          onOutcome={onOutcome}
          run={async (form) => {
            const reply = await post<ActionReply<{ voipnowKind: string; voipnowId: number }>>(
              `/accounts/${key}/link`,
              { voipnowId: Number(form.get('voipnowId')) },
              { wait: 10 },
            );
            return outcomeOf(reply, `Linking ${name}…`, (r) => `${name} is linked with VoipNow ${r.voipnowKind} #${r.voipnowId}.`);
          }}
        >
          <p>
            Nothing is created in VoipNow: the account is linked to the VoipNow account you name, which must be of the right kind and under
            the VoipNow account of its Plesk owner.
          </p>
          <label for="voipnow-id">VoipNow ID</label>
          <input id="voipnow-id" name="voipnowId" type="number" min={1} step={1} required inputMode="numeric" />
        </ActionDialog>

        <ActionDialog
          title={`Unlink ${name}`}
          open={open === 'unlink'}
          submit="Unlink"
          danger
          onClose={close}
          onOutcome={onOutcome}
          run={async () => {
            const reply = await post<ActionReply<{ unlinked: number }>>(`/accounts/${key}/unlink`, { recursive: false }, { wait: 10 });
            return outcomeOf(reply, `Unlinking ${name}…`, () => `${name} is unlinked. Its VoipNow account is left as it was.`);
          }}
        >
          <p>
            {name} will no longer be linked with VoipNow id {view.link?.voipnowId}. Nothing is deleted or changed in VoipNow, now or later,
            and automatic replication leaves it alone until someone replicates or links it again.
          </p>
        </ActionDialog>

        <ActionDialog
          title={`Unlink ${name} and everything below it`}
          open={open === 'unlink-all'}
          submit="Unlink all"
          danger
          onClose={close}
          onOutcome={onOutcome}
          run={async () => {
            const reply = await post<ActionReply<{ unlinked: number }>>(`/accounts/${key}/unlink`, { recursive: true }, { wait: 20 });
            return outcomeOf(
              reply,
              `Unlinking ${name} and everything below it…`,
              (r) => `${r.unlinked} link${r.unlinked === 1 ? '' : 's'} removed: ${name} and everything below it are unlinked.`,
            );
          }}
        >
          <p>
            {name} and every account below it ({kind === 'domain' ? 'its mailboxes' : 'its clients, domains and mailboxes'}) will no longer
            be linked with VoipNow. Nothing is deleted or changed in VoipNow.
          </p>
        </ActionDialog>

        <ActionDialog
          title={`Move ${name} to its new owner`}
          open={open === 'move'}
          submit="Move"
          onClose={close}
          onOutcome={onOutcome}
          run={async () => {
            const reply = await post<ActionReply<{ from: string; to: string; voipnowParentId: number | null }>>(
              `/accounts/${key}/move`,
              {},
              { wait: 10 },
            );
            return outcomeOf(reply, `Moving ${name}…`, (r) => `${name} moved from ${r.from} to ${r.to} in VoipNow.`);
          }}
        >
          <p>
            When an account changed owner in Plesk, its VoipNow account does not follow by itself. Moving unlinks it and links it again
            under the VoipNow account of its new owner, as one step.
          </p>
        </ActionDialog>
      </section>
      {kind !== 'mailbox' && (
        <nav class="related" aria-label="Below this account">
          {(kind === 'reseller' || kind === 'client') && <a href={`/console/accounts/${key}/domains`}>Its domains</a>}
          <a href={`/console/accounts/${key}/mailboxes`}>Its mailboxes</a>
          {(kind === 'reseller' || kind === 'client') && (
            <a href={`/console/bulk?root=${encodeURIComponent(key)}`}>Replicate everything below in bulk</a>
          )}
        </nav>
      )}
    </>
  );
}
