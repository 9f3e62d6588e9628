/** How an action's answer is shown: done, still running, or failed with the reason, advice and Web UI link. */
import { ApiFailure } from '../api';
import { reasonAdvice } from '../advice';
import { ExternalLink, Notice } from './ui';

export type Outcome =
  | { kind: 'done'; message: string; webUiUrl?: string }
  | { kind: 'running'; message: string; workflowId: string; webUiUrl?: string }
  | { kind: 'failed'; message: string; detail?: string; advice?: string; webUiUrl?: string };

export function failureOutcome(error: unknown): Outcome {
  if (error instanceof ApiFailure) {
    const body = error.body;
    return {
      kind: 'failed',
      message: error.message,
      ...(typeof body.detail === 'string' && body.detail !== error.message ? { detail: body.detail } : {}),
      // The API's advice (product spec section 5), else the console's own words for the reason.
      ...(typeof body.advice === 'string'
        ? { advice: body.advice }
        : reasonAdvice(error.code)
          ? { advice: reasonAdvice(error.code)! }
          : {}),
      ...(typeof body.webUiUrl === 'string' ? { webUiUrl: body.webUiUrl } : {}),
    };
  }
  return { kind: 'failed', message: error instanceof Error ? error.message : String(error) };
}

export function OutcomeNotice({ outcome }: { outcome: Outcome }) {
  const tone = outcome.kind === 'done' ? 'success' : outcome.kind === 'running' ? 'info' : 'error';
  return (
    <Notice tone={tone}>
      <p>{outcome.message}</p>
      {outcome.kind === 'failed' && outcome.detail && <p class="muted">{outcome.detail}</p>}
      {outcome.kind === 'failed' && outcome.advice && <p>{outcome.advice}</p>}
      {outcome.webUiUrl && (
        <p>
          <ExternalLink href={outcome.webUiUrl}>Open in the Temporal Web UI</ExternalLink>
        </p>
      )}
    </Notice>
  );
}
