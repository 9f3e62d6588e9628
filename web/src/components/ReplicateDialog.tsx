/**
 * Replicate (or retry) one account to a new VoipNow account, as the manual describes: the
 * template set for manual replication is used; without one the user picks one of the templates
 * that exist (the API answers 409 with the list); when VoipNow has none, the user must confirm
 * the manual's question (422) before the account is created with no permissions or limits.
 */
import { useState } from 'preact/hooks';
import { ApiFailure, post } from '../api';
import type { ActionReply, Template } from '../types';
import { failureOutcome, type Outcome } from './ActionResult';
import { Dialog } from './Dialog';
import { Notice } from './ui';

const VOIPNOW_KIND: Record<string, string> = {
  reseller: 'reseller',
  client: 'reseller',
  domain: 'client',
  mailbox: 'phone terminal extension',
};

interface ReplicateResult {
  outcome: 'created' | 'adopted' | 'alreadyLinked';
  voipnowKind: string;
  voipnowId: number;
  templateName?: string;
}

type Step =
  | { step: 'start' }
  | { step: 'choose'; templates: Template[] }
  | { step: 'confirm'; question: string }
  | { step: 'earlier'; question: string; voipnowId?: number };

export function ReplicateDialog({
  account,
  name,
  kind,
  retry,
  open,
  onClose,
  onOutcome,
}: {
  account: string;
  name: string;
  kind: string;
  retry: boolean;
  open: boolean;
  onClose(): void;
  onOutcome(outcome: Outcome): void;
}) {
  const [step, setStep] = useState<Step>({ step: 'start' });
  const [choice, setChoice] = useState('');
  const [busy, setBusy] = useState(false);

  const close = () => {
    setStep({ step: 'start' });
    setBusy(false);
    onClose();
  };

  const send = async (body: Record<string, unknown>) => {
    setBusy(true);
    try {
      const reply = await post<ActionReply<ReplicateResult>>(`/accounts/${account}/${retry ? 'retry' : 'replicate'}`, body, { wait: 10 });
      if (reply.state === 'running') {
        onOutcome({
          kind: 'running',
          message: `Replication of ${name} is running…`,
          workflowId: reply.workflowId,
          webUiUrl: reply.webUiUrl,
        });
      } else {
        const result = reply.result!;
        const how =
          result.outcome === 'adopted' ? 'adopted the existing' : result.outcome === 'alreadyLinked' ? 'was already linked to' : 'created';
        const template = result.templateName ? ` with template “${result.templateName}”` : ' with no template';
        onOutcome({
          kind: 'done',
          message: `${name}: ${how} VoipNow ${result.voipnowKind} #${result.voipnowId}${result.outcome === 'created' ? template : ''}.`,
          webUiUrl: reply.webUiUrl,
        });
      }
      close();
    } catch (error) {
      setBusy(false);
      if (error instanceof ApiFailure && error.code === 'templateRequired') {
        const templates = (error.body.templates as Template[] | undefined) ?? [];
        setChoice(String(templates[0]?.id ?? ''));
        setStep({ step: 'choose', templates });
        return;
      }
      if (error instanceof ApiFailure && error.code === 'taggedFromEarlierLink') {
        // The VoipNow account of an earlier link: the user chooses, adopt it or link to it by its ID.
        const existing = error.body.existing as { voipnowId: number } | undefined;
        setStep({ step: 'earlier', question: error.message, ...(existing ? { voipnowId: existing.voipnowId } : {}) });
        return;
      }
      if (error instanceof ApiFailure && error.code === 'noTemplatesConfirm') {
        setStep({ step: 'confirm', question: error.message });
        return;
      }
      onOutcome(failureOutcome(error));
      close();
    }
  };

  const title = `${retry ? 'Retry' : 'Replicate'} ${name}`;
  return (
    <Dialog title={title} open={open} onClose={close}>
      {step.step === 'start' && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void send({});
          }}
        >
          <p>
            {retry ? 'Replicates' : 'Creates'} a new VoipNow {VOIPNOW_KIND[kind] ?? 'account'} for {name}. The template set for manual
            replication in the settings is used; if none is set, you choose one.
          </p>
          <div class="actions">
            <button type="submit" disabled={busy}>
              {busy ? 'Replicating…' : retry ? 'Retry now' : 'Replicate'}
            </button>
            <button type="button" class="button-secondary" onClick={close}>
              Cancel
            </button>
          </div>
        </form>
      )}
      {step.step === 'choose' && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void send({ template: { id: Number(choice) } });
          }}
        >
          <Notice>No template is set for manual replication: choose one of the templates of the VoipNow parent account.</Notice>
          <label for="template-choice">Template</label>
          <select id="template-choice" value={choice} onChange={(e) => setChoice(e.currentTarget.value)} required>
            {step.templates.map((t) => (
              <option key={t.id} value={String(t.id)}>
                {t.name}
              </option>
            ))}
          </select>
          <div class="actions">
            <button type="submit" disabled={busy || choice === ''}>
              {busy ? 'Replicating…' : 'Replicate with this template'}
            </button>
            <button type="button" class="button-secondary" onClick={close}>
              Cancel
            </button>
          </div>
        </form>
      )}
      {step.step === 'earlier' && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void send({ adoptExisting: true });
          }}
        >
          <p class="question">{step.question}</p>
          <p>
            Adopt it: it becomes this account's VoipNow {VOIPNOW_KIND[kind] ?? 'account'} again, with a new password. Or cancel and link to
            it with “Link to an existing VoipNow account”{step.voipnowId ? ` (ID ${step.voipnowId})` : ''}, which keeps it as it is.
          </p>
          <div class="actions">
            <button type="submit" disabled={busy}>
              {busy ? 'Adopting…' : step.voipnowId ? `Adopt VoipNow #${step.voipnowId}` : 'Adopt it'}
            </button>
            <button type="button" class="button-secondary" onClick={close}>
              Cancel
            </button>
          </div>
        </form>
      )}
      {step.step === 'confirm' && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void send({ confirmNoTemplate: true });
          }}
        >
          <p class="question">{step.question}</p>
          <div class="actions">
            <button type="submit" disabled={busy}>
              {busy ? 'Replicating…' : 'Yes, replicate without a template'}
            </button>
            <button type="button" class="button-secondary" onClick={close}>
              No
            </button>
          </div>
        </form>
      )}
    </Dialog>
  );
}
