/**
 * "Important data": the fields of a Plesk account that end up in VoipNow (spec section 2), plus
 * its owner. Discovery compares a hash of them between scans: a different hash means the account
 * changed, so an account that failed with a data error is tried again, and a different owner
 * means it moved. Pure; the hash function is applied by the caller (node:crypto in activities).
 * The texts must not change: every stored hash would differ and every account look changed.
 */
import type { Contact, PleskAccount, PleskOwner } from './records';

const CONTACT_FIELDS = ['name', 'company', 'email', 'phone', 'fax', 'address', 'city', 'state', 'pcode', 'country', 'locale'] as const;

function contactText(contact: Contact | undefined): string[] {
  return CONTACT_FIELDS.map((field) => contact?.[field] ?? '');
}

function ownerText(owner: PleskOwner): string[] {
  return [owner.kind, owner.kind === 'admin' ? '' : owner.pleskId];
}

/** The text whose hash is the account's dataHash. Passwords count (a new one must reach VoipNow). */
export function importantData(account: PleskAccount): string {
  switch (account.kind) {
    case 'reseller':
    case 'client':
      return ['person', account.login, ...ownerText(account.owner), ...contactText(account.contact), account.password ?? ''].join('\u0000');
    case 'domain': {
      const admin = account.administrator;
      const adminText = [admin ? 'admin' : 'none', admin?.login ?? '', ...contactText(admin?.contact), admin?.password ?? ''];
      return ['domain', account.name, account.asciiName, ...ownerText(account.owner), ...adminText].join('\u0000');
    }
    case 'mailbox':
      return ['mailbox', account.asciiAddress, account.password ?? ''].join('\u0000');
  }
}
