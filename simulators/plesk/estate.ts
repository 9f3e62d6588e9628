import { DICTIONARY_PASSWORDS } from './estate-data';
import { allot, DEMO_SIZE, estateCounts, ESTATE_RATES, EstateGenerator, flags } from './estate-parts';
import { ADMIN_ID, type SimCustomer, type SimDomain, type SimEstate, type SimMailbox, type SimReseller } from './model';
import { seedOf } from './prng';

/**
 * The estate generator: deterministic from (size, seed), sized by total account count
 * (resellers + customers + domains + mailboxes). Special cases come at exact rates (see
 * ESTATE_RATES): each is allotted to round(count x rate) randomly chosen objects, and to at least
 * one object when the population allows, so even the 30-account demo estate shows every case.
 * 100,000 accounts take well under a second.
 */

export { DEMO_SIZE, ESTATE_RATES, estateCounts, MAX_SIZE, type EstateCounts } from './estate-parts';

export interface EstateOptions {
  /** Total accounts; default DEMO_SIZE (2 resellers, 5 customers, 8 domains, 15 mailboxes). */
  size?: number;
  seed?: number;
  /** The administrator's login (the simulator's login). */
  adminLogin?: string;
}

type AdminCase = 'complete' | 'incomplete' | 'none';

/** A login from the local part of an email (even an invalid one), made of Plesk's login characters. */
function loginBase(email: string, fallback: string): string {
  return email.split('@')[0]?.replace(/[^a-z0-9.]/g, '') || fallback;
}

export function generateEstate(options: EstateOptions = {}): SimEstate {
  const size = options.size ?? DEMO_SIZE;
  const seed = options.seed ?? 1;
  const counts = estateCounts(size);
  const gen = new EstateGenerator(seed);
  // Each special case draws from its own stream, so changing one rate leaves the others in place.
  const stream = (name: string): EstateGenerator['rng'] => new EstateGenerator(seedOf(name, seed)).rng;

  const sites = counts.domains >= 2 ? Math.min(Math.round(counts.domains * ESTATE_RATES.sites), counts.domains - 1) : 0;
  const webspaces = counts.domains - sites;
  const adminCases = allot<AdminCase>(webspaces, ESTATE_RATES.domainAdmin, stream('domainAdmin'));
  // A "none" webspace either has no domain user at all or a disabled one (Plesk 8/9 kept one per domain).
  const disabledNone = adminCases.map((c) => c === 'none' && gen.rng.chance(1 / 3));
  const adminCount = adminCases.filter((c, i) => c !== 'none' || disabledNone[i]).length;

  const accounts = counts.resellers + counts.customers;
  const contacts = accounts + adminCount;
  const nonAsciiName = flags(contacts, ESTATE_RATES.nonAsciiName, stream('nonAsciiName'));
  const nonAsciiCompany = flags(contacts, ESTATE_RATES.nonAsciiCompany, stream('nonAsciiCompany'));
  const invalidEmail = flags(contacts, ESTATE_RATES.invalidEmail, stream('invalidEmail'));
  const contactCase = (i: number) => ({
    nonAsciiName: !!nonAsciiName[i],
    nonAsciiCompany: !!nonAsciiCompany[i],
    invalidEmail: !!invalidEmail[i],
  });
  const unsupported = flags(accounts, ESTATE_RATES.unsupportedLocale, stream('unsupportedLocale'));
  const disabled = flags(accounts + counts.domains, ESTATE_RATES.disabled, stream('disabled'));

  let nextAccountId = ADMIN_ID + 1;
  const resellers: SimReseller[] = [];
  for (let i = 0; i < counts.resellers; i++) {
    const id = nextAccountId++;
    const contact = gen.contact(contactCase(i), gen.country(!!unsupported[i]));
    const login = `res-${loginBase(contact.email, 'reseller')}${id}`;
    resellers.push({ id, guid: gen.rng.guid(), login, password: '', status: disabled[i] ? 16 : 0, crDate: gen.crDate(), contact });
  }

  const customerOwners = allot(
    counts.customers,
    resellers.length > 0
      ? { reseller: ESTATE_RATES.customerOwnedByReseller, admin: 1 - ESTATE_RATES.customerOwnedByReseller }
      : { reseller: 0, admin: 1 },
    stream('customerOwner'),
  );
  const customers: SimCustomer[] = [];
  for (let i = 0; i < counts.customers; i++) {
    const k = counts.resellers + i;
    const id = nextAccountId++;
    const contact = gen.contact(contactCase(k), gen.country(!!unsupported[k]));
    const ownerId = customerOwners[i] === 'reseller' ? gen.rng.pick(resellers).id : ADMIN_ID;
    const login = `${loginBase(contact.email, 'client')}${id}`;
    customers.push({ id, guid: gen.rng.guid(), login, password: '', status: disabled[k] ? 16 : 0, crDate: gen.crDate(), ownerId, contact });
  }

  const ownerWeights = {
    client: customers.length > 0 ? ESTATE_RATES.webspaceOwner.client : 0,
    reseller: resellers.length > 0 ? ESTATE_RATES.webspaceOwner.reseller : 0,
    admin: ESTATE_RATES.webspaceOwner.admin,
  };
  const total = ownerWeights.client + ownerWeights.reseller + ownerWeights.admin;
  const webspaceOwners = allot(
    webspaces,
    { client: ownerWeights.client / total, reseller: ownerWeights.reseller / total, admin: ownerWeights.admin / total },
    stream('webspaceOwner'),
  );
  const idn = flags(counts.domains, ESTATE_RATES.idnDomain, stream('idnDomain'));
  const incompleteKinds = ['password', 'phone', 'address'] as const;
  let incompleteSeen = 0;
  let adminIndex = accounts;
  const domains: SimDomain[] = [];
  let nextDomainId = 1;
  for (let i = 0; i < counts.domains; i++) {
    const id = nextDomainId++;
    const { name, asciiName } = gen.domainName(id, !!idn[i]);
    const base = { id, guid: gen.rng.guid(), name, asciiName, status: disabled[accounts + i] ? 16 : 0, crDate: gen.crDate() };
    if (i >= webspaces) {
      // Webspaces come first in the list, so any of the first `webspaces` domains can hold a site.
      domains.push({ ...base, type: 'site', webspaceId: (domains[gen.rng.int(webspaces)] as SimDomain).id });
      continue;
    }
    const owner = webspaceOwners[i];
    const ownerId = owner === 'client' ? gen.rng.pick(customers).id : owner === 'reseller' ? gen.rng.pick(resellers).id : ADMIN_ID;
    const domain: SimDomain = { ...base, type: 'webspace', ownerId };
    const adminCase = adminCases[i];
    if (adminCase !== 'none' || disabledNone[i]) {
      const missing = adminCase === 'incomplete' ? incompleteKinds[incompleteSeen++ % incompleteKinds.length] : undefined;
      const contact = gen.contact(contactCase(adminIndex++), gen.country(false));
      domain.admin = gen.admin(domain, contact, adminCase !== 'none', missing);
    }
    domains.push(domain);
  }

  const mailboxes: SimMailbox[] = [];
  const withoutPassword = flags(counts.mailboxes, ESTATE_RATES.mailboxWithoutPassword, stream('mailboxWithoutPassword'));
  const mailboxDisabled = flags(counts.mailboxes, ESTATE_RATES.mailboxDisabled, stream('mailboxDisabled'));
  const takenNames = new Map<number, Set<string>>();
  for (let i = 0; i < counts.mailboxes; i++) {
    const domain = gen.rng.pick(domains);
    const taken = takenNames.get(domain.id) ?? new Set<string>();
    takenNames.set(domain.id, taken);
    const mailbox: SimMailbox = {
      id: i + 1,
      domainId: domain.id,
      name: gen.mailboxName(taken),
      password: '',
      enabled: !mailboxDisabled[i],
      quota: gen.rng.chance(0.5) ? -1 : 1073741824,
    };
    if (withoutPassword[i]) delete mailbox.password;
    mailboxes.push(mailbox);
  }

  assignPasswords(gen, { resellers, customers, domains, mailboxes }, stream('weakPassword'));
  return {
    format: 1,
    seed,
    size,
    admin: { id: ADMIN_ID, login: options.adminLogin ?? 'admin', guid: gen.rng.guid() },
    nextAccountId,
    nextDomainId,
    nextMailboxId: counts.mailboxes + 1,
    resellers,
    customers,
    domains,
    mailboxes,
  };
}

/**
 * Every password that exists is strong, equal to its login, or a dictionary word, at the weak
 * rates. A mailbox's login is its full address (what a user would type).
 */
function assignPasswords(
  gen: EstateGenerator,
  estate: Pick<SimEstate, 'resellers' | 'customers' | 'domains' | 'mailboxes'>,
  rng: EstateGenerator['rng'],
): void {
  const domainsById = new Map(estate.domains.map((d) => [d.id, d]));
  const holders: { login: string; set: (password: string) => void }[] = [
    ...[...estate.resellers, ...estate.customers].map((a) => ({ login: a.login, set: (p: string) => (a.password = p) })),
    ...estate.domains.flatMap((d) => {
      const admin = d.admin;
      return admin?.password !== undefined ? [{ login: admin.login, set: (p: string) => (admin.password = p) }] : [];
    }),
    ...estate.mailboxes.flatMap((m) =>
      m.password !== undefined
        ? [{ login: `${m.name}@${domainsById.get(m.domainId)?.asciiName ?? ''}`, set: (p: string) => (m.password = p) }]
        : [],
    ),
  ];
  const { login, dictionary } = ESTATE_RATES.weakPassword;
  const kinds = allot(holders.length, { login, dictionary, strong: 1 - login - dictionary }, rng);
  holders.forEach((holder, i) => {
    const kind = kinds[i];
    holder.set(kind === 'login' ? holder.login : kind === 'dictionary' ? gen.rng.pick(DICTIONARY_PASSWORDS) : gen.strongPassword());
  });
}
