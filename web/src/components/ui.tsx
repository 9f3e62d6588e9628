/** Small pieces every screen uses: state badges, notices, the error icon, times, paging. */
import type { ComponentChildren } from 'preact';
import type { ReplicationState } from '../types';

const STATE_TEXT: Record<ReplicationState, string> = {
  replicated: 'Replicated',
  'not-replicated': 'Not replicated',
  failed: 'Failed',
  replicating: 'Replicating',
};

export function StateBadge({ state }: { state: ReplicationState }) {
  return (
    <span class={`badge badge-${state}`}>
      {state === 'failed' && <ErrorIcon />}
      {STATE_TEXT[state]}
    </span>
  );
}

export function OutcomeBadge({ outcome }: { outcome: string }) {
  const tone =
    outcome === 'succeeded'
      ? 'replicated'
      : outcome === 'failed'
        ? 'failed'
        : outcome === 'running' || outcome === 'retrying'
          ? 'replicating'
          : 'not-replicated';
  return (
    <span class={`badge badge-${tone}`}>
      {outcome === 'failed' && <ErrorIcon />}
      {outcome}
    </span>
  );
}

/** The error mark of the log and the lists (the seed module's red icon). Decorative: the text says it too. */
export function ErrorIcon({ label }: { label?: string }) {
  return (
    <svg
      class="icon icon-error"
      viewBox="0 0 16 16"
      width="14"
      height="14"
      {...(label ? { role: 'img', 'aria-label': label } : { 'aria-hidden': 'true' })}
    >
      <circle cx="8" cy="8" r="8" fill="currentColor" />
      <path d="M5 5l6 6M11 5l-6 6" stroke="#fff" stroke-width="2" stroke-linecap="round" />
    </svg>
  );
}

export function WarningIcon({ label }: { label?: string }) {
  return (
    <svg
      class="icon icon-warning"
      viewBox="0 0 16 16"
      width="14"
      height="14"
      {...(label ? { role: 'img', 'aria-label': label } : { 'aria-hidden': 'true' })}
    >
      <path d="M8 1l7 14H1z" fill="currentColor" />
      <path d="M8 6v4M8 12v.5" stroke="#fff" stroke-width="2" stroke-linecap="round" />
    </svg>
  );
}

export function Notice({ tone = 'info', children }: { tone?: 'info' | 'success' | 'error' | 'warning'; children: ComponentChildren }) {
  // Errors interrupt a screen reader; the rest is announced politely.
  return (
    <div class={`notice notice-${tone}`} role={tone === 'error' ? 'alert' : 'status'}>
      {tone === 'error' && <ErrorIcon />}
      <div>{children}</div>
    </div>
  );
}

export function Loading({ what }: { what: string }) {
  return (
    <p class="muted" role="status">
      Loading {what}…
    </p>
  );
}

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

export function Time({ iso }: { iso: string | null | undefined }) {
  if (!iso) return <span class="muted">–</span>;
  return <time dateTime={iso}>{dateTime.format(new Date(iso))}</time>;
}

/** A link that leaves the console (the Temporal Web UI): a new tab, said in words for screen readers. */
export function ExternalLink({ href, children }: { href: string; children: ComponentChildren }) {
  return (
    <a href={href} target="_blank" rel="noopener noreferrer">
      {children}
      <span class="visually-hidden"> (opens in a new tab)</span>
    </a>
  );
}

export function Pager({
  total,
  limit,
  offset,
  onPage,
  label,
}: {
  total: number;
  limit: number;
  offset: number;
  onPage(offset: number): void;
  label: string;
}) {
  const from = total === 0 ? 0 : offset + 1;
  const to = Math.min(offset + limit, total);
  return (
    <nav class="pager" aria-label={`${label} pages`}>
      <span>
        {from}–{to} of {total}
      </span>
      <button type="button" class="button-secondary" disabled={offset === 0} onClick={() => onPage(Math.max(0, offset - limit))}>
        Previous page
      </button>
      <button type="button" class="button-secondary" disabled={offset + limit >= total} onClick={() => onPage(offset + limit)}>
        Next page
      </button>
    </nav>
  );
}

/** Wide tables scroll sideways on a phone; the region takes focus so the keyboard can scroll it. */
export function TableScroll({ label, children }: { label: string; children: ComponentChildren }) {
  return (
    <div class="table-scroll" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}
