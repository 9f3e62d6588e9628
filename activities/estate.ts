/** A Plesk estate as snapshot rows (db/snapshot.ts): owners, names and the hash of important data. */
import { createHash } from 'node:crypto';
import type { PleskEstate } from '../connectors/plesk';
import { importantDomainData, importantMailboxData, importantPersonData, mailboxPleskId } from '../domain';
import type { SnapshotRow } from '../db/snapshot';
import { toDomainRecord, toPerson } from './connectors';

const hash = (text: string) => createHash('sha256').update(text).digest('base64url').slice(0, 32);

export function estateToRows(estate: PleskEstate): SnapshotRow[] {
  const rows: SnapshotRow[] = [];
  for (const account of [...estate.resellers, ...estate.customers]) {
    const person = toPerson(account);
    const ownerKind = person.owner?.kind ?? 'admin';
    const ownerId = person.owner?.pleskId ?? null;
    rows.push({
      kind: account.kind,
      pleskId: account.id,
      ownerKind: ownerKind === 'admin' ? null : ownerKind,
      ownerId,
      name: account.contact.company || account.contact.name || account.login,
      login: account.login,
      email: account.contact.email || null,
      dataHash: hash(importantPersonData({ login: person.login, contact: person.contact, ownerKind, ...(ownerId ? { ownerId } : {}), ...(person.password ? { password: person.password } : {}) })),
    });
  }
  const domainNames = new Map<string, string>();
  for (const domain of estate.domains) {
    const record = toDomainRecord(domain);
    domainNames.set(domain.id, domain.asciiName);
    rows.push({
      kind: 'domain',
      pleskId: domain.id,
      ownerKind: record.owner.kind === 'admin' ? null : record.owner.kind,
      ownerId: record.owner.pleskId ?? null,
      name: domain.name,
      login: domain.asciiName,
      email: domain.admin?.contact.email || null,
      dataHash: hash(
        importantDomainData({
          name: record.name,
          asciiName: record.asciiName,
          ownerKind: record.owner.kind,
          ...(record.owner.pleskId ? { ownerId: record.owner.pleskId } : {}),
          ...(record.administrator ? { administrator: record.administrator } : {}),
        }),
      ),
    });
  }
  for (const mailbox of estate.mailboxes) {
    // Forwarding-only mail names are not mailboxes: nothing to replicate.
    if (!mailbox.enabled || !domainNames.has(mailbox.domainId)) continue;
    rows.push({
      kind: 'mailbox',
      pleskId: mailboxPleskId(mailbox.domainId, mailbox.id),
      ownerKind: 'domain',
      ownerId: mailbox.domainId,
      name: mailbox.address,
      login: mailbox.asciiAddress,
      email: mailbox.address,
      dataHash: hash(importantMailboxData({ address: mailbox.asciiAddress, ...(mailbox.password ? { password: mailbox.password } : {}) })),
    });
  }
  return rows;
}
