/**
 * How a Plesk account becomes a VoipNow account (product spec sections 1 and 2): which contact
 * data, which login, which password. Pure: the activity reads Plesk, calls these rules, and
 * sends the result to VoipNow.
 */
import {
  DOMAIN_ADMIN_REQUIRED,
  type Contact,
  type DomainAdminField,
  type DomainAdministrator,
  type PleskDomain,
  type PleskMailbox,
  type PleskPerson,
  type VoipnowAccountData,
} from './records';

export interface DerivedAccount {
  data: VoipnowAccountData;
  /** Present when Plesk gave the password; else the activity generates one. */
  password?: string;
  /** Where the contact data came from, for the log. */
  contactSource: 'self' | 'domainAdministrator' | 'owner';
  /** The Plesk state/province of that contact data (trimmed): VoipNow's region when one matches (placeRegion). */
  state: string;
}

/**
 * The login with the server's suffix (product spec section 10: several Plesk servers may hold the
 * same logins, VoipNow's must be unique; decision 098). No suffix: the Plesk login as it is.
 */
export function withLoginSuffix(derived: DerivedAccount, suffix: string): DerivedAccount {
  return suffix ? { ...derived, data: { ...derived.data, login: `${derived.data.login}${suffix}` } } : derived;
}

/** A Plesk password that is empty or only whitespace counts as none: a random one is generated. */
export function givenPassword(password: string | undefined): string | undefined {
  return password !== undefined && password.trim() !== '' ? password : undefined;
}

/** Region names compared without case, accents or repeated spaces ("Bucuresti" is "Bucureşti"). */
function regionKey(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

/**
 * The Plesk state goes to VoipNow's region: the region of the country whose name matches it
 * (`regions` from PBX GetRegions). Only when none matches does the state text stay in the notes.
 */
export function placeRegion(data: VoipnowAccountData, state: string, regions: readonly { id: number; name: string }[]): VoipnowAccountData {
  const wanted = regionKey(state);
  const match = wanted === '' ? undefined : regions.find((region) => regionKey(region.name) === wanted);
  if (!match) return data;
  const { notes: _notes, ...rest } = data;
  return { ...rest, region: match.id, notes: '' };
}

/** An owner without contact data (the Plesk admin's, when Plesk does not give them). */
const NO_CONTACT: Contact = {
  name: '',
  company: '',
  email: '',
  phone: '',
  fax: '',
  address: '',
  city: '',
  state: '',
  pcode: '',
  country: '',
  locale: '',
};

/** The required fields a domain administrator lacks (empty when it is complete). */
export function missingAdministratorData(admin: Pick<DomainAdministrator, 'contact' | 'password'>): DomainAdminField[] {
  return DOMAIN_ADMIN_REQUIRED.filter((field) => {
    const value = field === 'password' ? admin.password : admin.contact[field];
    return !value?.trim();
  });
}

/** Present, enabled and complete: only then are its data and password used. */
export function isCompleteAdministrator(
  admin: DomainAdministrator | null | undefined,
): admin is DomainAdministrator & { password: string } {
  return Boolean(admin) && admin!.enabled !== false && missingAdministratorData(admin!).length === 0;
}

/** Plesk locale (de-DE, en_US, pt-BR) to VoipNow's two-letter interface language. */
export function interfaceLanguage(locale: string | undefined): string | undefined {
  const code = locale?.trim().slice(0, 2).toLowerCase();
  return code && /^[a-z]{2}$/.test(code) ? code : undefined;
}

function stateOf(contact: Contact): string {
  return (contact.state ?? '').trim();
}

function toData(contact: Contact, login: string, locale: string | undefined): VoipnowAccountData {
  const text = (value: string | undefined) => (value ?? '').trim();
  const lang = interfaceLanguage(locale);
  return {
    name: text(contact.name) || login,
    company: text(contact.company),
    login,
    email: text(contact.email),
    phone: text(contact.phone),
    fax: text(contact.fax),
    address: text(contact.address),
    city: text(contact.city),
    pcode: text(contact.pcode),
    country: text(contact.country).toUpperCase(),
    ...(lang ? { interfaceLang: lang } : {}),
    notes: text(contact.state) ? `State/province: ${text(contact.state)}` : '',
  };
}

/** Plesk reseller or client to VoipNow reseller: its own contact details. */
export function deriveReseller(person: PleskPerson): DerivedAccount {
  return {
    data: toData(person.contact, person.login, person.contact.locale),
    ...(givenPassword(person.password) ? { password: person.password } : {}),
    contactSource: 'self',
    state: stateOf(person.contact),
  };
}

/**
 * Domain to VoipNow client: the domain administrator's data and password when it is complete,
 * else the owner's data and interface language and a generated password. `owner` is null for a
 * domain of the Plesk admin, which takes the admin's contact data (`adminContact`, Plesk's server get).
 */
export function deriveClient(domain: PleskDomain, owner: PleskPerson | null, adminContact?: Contact): DerivedAccount {
  const login = domain.asciiName.toLowerCase();
  const admin = domain.administrator;
  const ownerContact = owner?.contact ?? adminContact ?? NO_CONTACT;
  if (isCompleteAdministrator(admin)) {
    return {
      data: toData({ ...admin.contact, country: admin.contact.country || ownerContact.country }, login, ownerContact.locale),
      password: admin.password,
      contactSource: 'domainAdministrator',
      state: stateOf(admin.contact),
    };
  }
  return { data: toData(ownerContact, login, ownerContact.locale), contactSource: 'owner', state: stateOf(ownerContact) };
}

/**
 * Mailbox to phone-terminal extension: contact data from the domain administrator when complete,
 * else from the client owning the domain (with its language); the mailbox's own password, else a
 * generated one.
 */
export function deriveExtension(
  mailbox: PleskMailbox,
  domain: PleskDomain,
  owner: PleskPerson | null,
  adminContact?: Contact,
): DerivedAccount {
  const login = mailbox.asciiAddress.toLowerCase();
  const admin = domain.administrator;
  const fromAdmin = isCompleteAdministrator(admin);
  const ownerContact = owner?.contact ?? adminContact ?? NO_CONTACT;
  const contact = fromAdmin ? { ...admin.contact, country: admin.contact.country || ownerContact.country } : ownerContact;
  return {
    data: toData(contact, login, ownerContact.locale),
    ...(givenPassword(mailbox.password) ? { password: mailbox.password } : {}),
    contactSource: fromAdmin ? 'domainAdministrator' : 'owner',
    state: stateOf(contact),
  };
}
