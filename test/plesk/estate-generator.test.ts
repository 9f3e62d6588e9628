import { describe, expect, it } from 'vitest';
import { DEMO_SIZE, estateCounts, ESTATE_RATES, generateEstate, type SimEstate } from '../../simulators/plesk';

/** The estate generator: deterministic, sized by account count, special cases at exact rates. */

const DICTIONARY = new Set(['password', 'welcome', 'admin', 'qwerty', 'letmein', '123456']);
const VOIPNOW_LANGUAGES = new Set(['en', 'de', 'fr', 'es', 'it', 'nl', 'ro']);
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const NON_ASCII = /[^\x20-\x7e]/;

function contactsOf(e: SimEstate) {
  const admins = e.domains.flatMap((d) => (d.admin ? [{ email: d.admin.email, name: d.admin.name, company: d.admin.company }] : []));
  return [...e.resellers, ...e.customers]
    .map((a) => ({ email: a.contact.email, name: a.contact.pname, company: a.contact.cname }))
    .concat(admins);
}

function passwordsOf(e: SimEstate) {
  const domains = new Map(e.domains.map((d) => [d.id, d]));
  return [
    ...[...e.resellers, ...e.customers].map((a) => ({ login: a.login, password: a.password })),
    ...e.domains.flatMap((d) => (d.admin?.password !== undefined ? [{ login: d.admin.login, password: d.admin.password }] : [])),
    ...e.mailboxes.flatMap((m) =>
      m.password !== undefined ? [{ login: `${m.name}@${domains.get(m.domainId)?.asciiName}`, password: m.password }] : [],
    ),
  ];
}

/** Exact allotment: round(count x rate), give or take the rounding of one. */
function expectRate(count: number, population: number, rate: number): void {
  expect(Math.abs(count - population * rate)).toBeLessThanOrEqual(1);
}

describe('estate generator', () => {
  it('gives the same estate for the same seed and a different one for another seed', () => {
    expect(generateEstate({ size: 500, seed: 42 })).toEqual(generateEstate({ size: 500, seed: 42 }));
    expect(generateEstate({ size: 500, seed: 43 })).not.toEqual(generateEstate({ size: 500, seed: 42 }));
  });

  it('makes the small demo estate by default: 2 resellers, 5 customers, 8 domains, 15 mailboxes', () => {
    const e = generateEstate();
    expect(DEMO_SIZE).toBe(30);
    expect([e.resellers.length, e.customers.length, e.domains.length, e.mailboxes.length]).toEqual([2, 5, 8, 15]);
  });

  it('shows every special case even in the demo estate', () => {
    const e = generateEstate();
    const webspaces = e.domains.filter((d) => d.type === 'webspace');
    expect(webspaces.some((d) => d.admin?.enabled && d.admin.password && d.admin.phone && d.admin.address)).toBe(true);
    expect(webspaces.some((d) => d.admin?.enabled && (!d.admin.password || !d.admin.phone || !d.admin.address))).toBe(true);
    expect(webspaces.some((d) => !d.admin?.enabled)).toBe(true);
    expect(e.domains.some((d) => d.type === 'site')).toBe(true);
    expect(e.domains.some((d) => d.name !== d.asciiName)).toBe(true);
    expect(e.mailboxes.some((m) => m.password === undefined)).toBe(true);
    expect(contactsOf(e).some((c) => !EMAIL.test(c.email))).toBe(true);
    expect(contactsOf(e).some((c) => NON_ASCII.test(c.name))).toBe(true);
    expect([...e.resellers, ...e.customers].some((a) => !VOIPNOW_LANGUAGES.has(a.contact.locale.slice(0, 2)))).toBe(true);
    expect(passwordsOf(e).some((p) => p.password === p.login)).toBe(true);
    expect(passwordsOf(e).some((p) => DICTIONARY.has(p.password))).toBe(true);
    expect(e.customers.some((c) => c.ownerId === 1) && e.customers.some((c) => c.ownerId !== 1)).toBe(true);
  });

  it('sizes estates by account count in realistic proportions: 1% resellers, 10% customers, 25% domains, the rest mailboxes', () => {
    expect(estateCounts(10_000)).toEqual({ resellers: 100, customers: 1000, domains: 2500, mailboxes: 6400 });
    expect(estateCounts(0)).toEqual({ resellers: 0, customers: 0, domains: 0, mailboxes: 0 });
    expect(() => estateCounts(-1)).toThrow(RangeError);
  });

  it('produces each special case at its documented rate', () => {
    const e = generateEstate({ size: 10_000, seed: 7 });
    const R = ESTATE_RATES;
    const webspaces = e.domains.filter((d) => d.type === 'webspace');
    const enabledAdmins = webspaces.filter((d) => d.admin?.enabled);
    const complete = enabledAdmins.filter((d) => d.admin?.password !== undefined && d.admin.phone && d.admin.address);
    expectRate(complete.length, webspaces.length, R.domainAdmin.complete);
    expectRate(enabledAdmins.length - complete.length, webspaces.length, R.domainAdmin.incomplete);
    expectRate(webspaces.length - enabledAdmins.length, webspaces.length, R.domainAdmin.none);
    expectRate(e.domains.length - webspaces.length, e.domains.length, R.sites);
    expectRate(e.domains.filter((d) => d.name !== d.asciiName).length, e.domains.length, R.idnDomain);
    expectRate(e.mailboxes.filter((m) => m.password === undefined).length, e.mailboxes.length, R.mailboxWithoutPassword);
    expectRate(e.mailboxes.filter((m) => !m.enabled).length, e.mailboxes.length, R.mailboxDisabled);
    const contacts = contactsOf(e);
    expectRate(contacts.filter((c) => !EMAIL.test(c.email)).length, contacts.length, R.invalidEmail);
    expectRate(contacts.filter((c) => NON_ASCII.test(c.name)).length, contacts.length, R.nonAsciiName);
    const accounts = [...e.resellers, ...e.customers];
    expectRate(accounts.filter((a) => !VOIPNOW_LANGUAGES.has(a.contact.locale.slice(0, 2))).length, accounts.length, R.unsupportedLocale);
    const passwords = passwordsOf(e);
    expectRate(passwords.filter((p) => p.password === p.login).length, passwords.length, R.weakPassword.login);
    expectRate(passwords.filter((p) => DICTIONARY.has(p.password)).length, passwords.length, R.weakPassword.dictionary);
    expectRate(e.customers.filter((c) => c.ownerId !== 1).length, e.customers.length, R.customerOwnedByReseller);
    const ownedBy = (test: (id: number) => boolean) => webspaces.filter((d) => test(d.ownerId ?? 0)).length;
    const resellerIds = new Set(e.resellers.map((r) => r.id));
    expectRate(
      ownedBy((id) => id === 1),
      webspaces.length,
      R.webspaceOwner.admin,
    );
    expectRate(
      ownedBy((id) => resellerIds.has(id)),
      webspaces.length,
      R.webspaceOwner.reseller,
    );
  });

  it('keeps names unique: logins, domain names and mail names within a domain', () => {
    const e = generateEstate({ size: 20_000, seed: 3 });
    const logins = [...e.resellers, ...e.customers].map((a) => a.login);
    expect(new Set(logins).size).toBe(logins.length);
    expect(new Set(e.domains.map((d) => d.asciiName)).size).toBe(e.domains.length);
    const addresses = e.mailboxes.map((m) => `${m.name}@${m.domainId}`);
    expect(new Set(addresses).size).toBe(addresses.length);
  });

  it('generates an estate of 100,000 accounts, exactly that many', () => {
    const e = generateEstate({ size: 100_000, seed: 1 });
    expect(e.resellers.length + e.customers.length + e.domains.length + e.mailboxes.length).toBe(100_000);
  });
});
