/** A Plesk estate as snapshot rows (db/snapshot.ts): owners, names and the hash of important data. */
import { createHash } from 'node:crypto';
import type { PleskEstate } from '../connectors/plesk';
import { importantData, type PleskAccount, type PleskOwner } from '../domain';
import type { SnapshotRow } from '../db/snapshot';

const hash = (text: string) => createHash('sha256').update(text).digest('base64url').slice(0, 32);

function row(
  account: PleskAccount,
  owner: Pick<SnapshotRow, 'ownerKind' | 'ownerId'>,
  seen: Pick<SnapshotRow, 'name' | 'login' | 'email'>,
): SnapshotRow {
  return { kind: account.kind, pleskId: account.pleskId, ...owner, ...seen, dataHash: hash(importantData(account)) };
}

/** The owner as a snapshot row has it: none for the Plesk admin. */
const ownerOf = (owner: PleskOwner): Pick<SnapshotRow, 'ownerKind' | 'ownerId'> =>
  owner.kind === 'admin' ? { ownerKind: null, ownerId: null } : { ownerKind: owner.kind, ownerId: owner.pleskId };

export function estateToRows(estate: PleskEstate): SnapshotRow[] {
  const rows: SnapshotRow[] = [];
  for (const person of [...estate.resellers, ...estate.customers]) {
    const { contact } = person;
    rows.push(
      row(person, ownerOf(person.owner), {
        name: contact.company || contact.name || person.login,
        login: person.login,
        email: contact.email || null,
      }),
    );
  }
  const domains = new Set<string>();
  for (const domain of estate.domains) {
    domains.add(domain.pleskId);
    rows.push(
      row(domain, ownerOf(domain.owner), {
        name: domain.name,
        login: domain.asciiName,
        email: domain.administrator?.contact.email || null,
      }),
    );
  }
  for (const mailbox of estate.mailboxes) {
    // Forwarding-only mail names are not mailboxes: nothing to replicate.
    if (!mailbox.enabled || !domains.has(mailbox.domainId)) continue;
    rows.push(
      row(
        mailbox,
        { ownerKind: 'domain', ownerId: mailbox.domainId },
        { name: mailbox.address, login: mailbox.asciiAddress, email: mailbox.address },
      ),
    );
  }
  return rows;
}
