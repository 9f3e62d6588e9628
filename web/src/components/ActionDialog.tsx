/** A confirmation dialog around one action: what it does, then the button that does it. */
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { failureOutcome, type Outcome } from './ActionResult';
import { Dialog } from './Dialog';

export function ActionDialog({
  title,
  open,
  submit,
  danger = false,
  onClose,
  onOutcome,
  run,
  children,
}: {
  title: string;
  open: boolean;
  submit: string;
  danger?: boolean;
  onClose(): void;
  onOutcome(outcome: Outcome): void;
  /** Does the action; the form's fields are passed along. */
  run(form: FormData): Promise<Outcome>;
  children: ComponentChildren;
}) {
  const [busy, setBusy] = useState(false);
  const act = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    try {
      onOutcome(await run(new FormData(event.currentTarget as HTMLFormElement)));
    } catch (error) {
      onOutcome(failureOutcome(error));
    } finally {
      setBusy(false);
      onClose();
    }
  };
  return (
    <Dialog title={title} open={open} onClose={onClose}>
      <form onSubmit={(e) => void act(e)}>
        {children}
        <div class="actions">
          <button type="submit" class={danger ? 'button-danger' : undefined} disabled={busy}>
            {busy ? 'Working…' : submit}
          </button>
          <button type="button" class="button-secondary" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </Dialog>
  );
}
