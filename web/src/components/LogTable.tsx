/** Log entries, newest first, errors marked with the error icon (the seed module's red mark). */
import { accountPath } from '../api';
import type { LogEntry } from '../types';
import { ErrorIcon, ExternalLink, TableScroll, Time, WarningIcon } from './ui';

export function LogTable({ entries, label, showAccount = true }: { entries: LogEntry[]; label: string; showAccount?: boolean }) {
  if (entries.length === 0) return <p class="muted">No log entries.</p>;
  return (
    <TableScroll label={label}>
      <table class="log stack">
        <caption class="visually-hidden">{label}</caption>
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">Level</th>
            <th scope="col">Event</th>
            {showAccount && <th scope="col">Account</th>}
            <th scope="col">Message</th>
            <th scope="col">History</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => (
            <tr key={entry.id} class={entry.level === 'error' ? 'row-error' : entry.level === 'warning' ? 'row-warning' : undefined}>
              <td class="nowrap" data-label="Time">
                <Time iso={entry.at} />
              </td>
              <td class="nowrap" data-label="Level">
                {entry.level === 'error' && <ErrorIcon />}
                {entry.level === 'warning' && <WarningIcon />}
                <span class={`level level-${entry.level}`}>{entry.level}</span>
              </td>
              <td data-label="Event">{entry.event}</td>
              {showAccount && (
                <td class="nowrap" data-label="Account">
                  {entry.account ? <a href={accountPath(entry.account)}>{entry.account}</a> : <span class="muted">–</span>}
                </td>
              )}
              <td data-label="Message">
                {entry.message}
                {entry.advice && <span class="advice"> {entry.advice}</span>}
              </td>
              <td class="nowrap" data-label="History">
                {entry.webUiUrl ? <ExternalLink href={entry.webUiUrl}>Web UI</ExternalLink> : <span class="muted">–</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}
