import { describe, expect, it } from 'vitest';
import {
  deriveClient,
  deriveExtension,
  deriveReseller,
  givenPassword,
  placeRegion,
  interfaceLanguage,
  isCompleteAdministrator,
  missingAdministratorData,
  type Contact,
  type PleskDomain,
  type PleskPerson,
} from '../../domain';

const contact = (over: Partial<Contact> = {}): Contact => ({
  name: 'Jane Roe',
  company: 'Acme',
  email: 'jane@acme.test',
  phone: '+49 30 123',
  fax: '+49 30 124',
  address: 'Main St 1',
  city: 'Berlin',
  state: 'Berlin',
  pcode: '10115',
  country: 'de',
  locale: 'de-DE',
  ...over,
});

const owner: PleskPerson = {
  kind: 'client',
  pleskId: '7',
  guid: undefined,
  status: 0,
  login: 'acme',
  contact: contact({ name: 'Owner Person', email: 'owner@acme.test', locale: 'fr-FR' }),
  owner: { kind: 'admin' },
};
const completeAdmin = {
  login: 'admin-of-domain',
  enabled: true,
  contact: contact({ name: 'Domain Admin', email: 'da@acme.test' }),
  password: 'Adm1n-Pass',
  missing: [],
  complete: true,
};
const domain = (administrator?: PleskDomain['administrator']): PleskDomain => ({
  kind: 'domain',
  pleskId: '12',
  guid: undefined,
  name: 'münchen.de',
  asciiName: 'xn--mnchen-3ya.de',
  type: 'webspace',
  webspaceId: undefined,
  status: 0,
  owner: { kind: 'client', pleskId: '7' },
  administrator: administrator ?? null,
});

describe('mapping a reseller or client to a VoipNow reseller', () => {
  it('takes the contact details of the account itself and its login', () => {
    const derived = deriveReseller({ ...owner, kind: 'reseller' });
    expect(derived.contactSource).toBe('self');
    expect(derived.data).toMatchObject({
      name: 'Owner Person',
      login: 'acme',
      email: 'owner@acme.test',
      country: 'DE',
      interfaceLang: 'fr',
    });
    expect(derived.password).toBeUndefined();
  });

  it('keeps a password Plesk returned, and names the account by its login when it has no contact name', () => {
    const derived = deriveReseller({ ...owner, password: 'Given-Pass-1', contact: contact({ name: '' }) });
    expect(derived.password).toBe('Given-Pass-1');
    expect(derived.data.name).toBe('acme');
  });

  it('puts the state into the notes (VoipNow regions are numeric IDs)', () => {
    expect(deriveReseller(owner).data.notes).toBe('State/province: Berlin');
    expect(deriveReseller({ ...owner, contact: contact({ state: '' }) }).data.notes).toBe('');
  });
});

describe('mapping a domain to a VoipNow client', () => {
  it('uses a complete domain administrator: its data and password, the ASCII domain name as login', () => {
    const derived = deriveClient(domain(completeAdmin), owner);
    expect(derived.contactSource).toBe('domainAdministrator');
    expect(derived.password).toBe('Adm1n-Pass');
    expect(derived.data).toMatchObject({ name: 'Domain Admin', email: 'da@acme.test', login: 'xn--mnchen-3ya.de', interfaceLang: 'fr' });
  });

  it.each(['address', 'email', 'phone', 'fax', 'company', 'city', 'state', 'pcode'] as const)(
    'falls back to the owner and a generated password when the administrator lacks %s',
    (field) => {
      const derived = deriveClient(domain({ ...completeAdmin, contact: contact({ [field]: '' }) }), owner);
      expect(derived.contactSource).toBe('owner');
      expect(derived.password).toBeUndefined();
      expect(derived.data.email).toBe('owner@acme.test');
      expect(derived.data.interfaceLang).toBe('fr');
    },
  );

  it('falls back to the owner when the administrator has no password, is disabled, or there is none', () => {
    const { password: _password, ...noPassword } = completeAdmin;
    expect(deriveClient(domain(noPassword), owner).contactSource).toBe('owner');
    expect(deriveClient(domain({ ...completeAdmin, enabled: false }), owner).contactSource).toBe('owner');
    expect(deriveClient(domain(), owner).contactSource).toBe('owner');
  });

  it('reports what a domain administrator lacks', () => {
    const { password: _password, ...noPassword } = completeAdmin;
    expect(missingAdministratorData({ ...noPassword, contact: contact({ fax: ' ' }) })).toEqual(['fax', 'password']);
    expect(isCompleteAdministrator(completeAdmin)).toBe(true);
    expect(isCompleteAdministrator(undefined)).toBe(false);
  });
});

describe('mapping a mailbox to a phone-terminal extension', () => {
  const mailbox = {
    kind: 'mailbox' as const,
    pleskId: '12.5',
    mailNameId: '5',
    domainId: '12',
    name: 'anna',
    address: 'anna@münchen.de',
    asciiAddress: 'anna@xn--mnchen-3ya.de',
    enabled: true,
    password: 'Mail-Pass-9',
  };

  it('uses the mailbox password and the complete domain administrator contact, with the full address as login', () => {
    const derived = deriveExtension(mailbox, domain(completeAdmin), owner);
    expect(derived).toMatchObject({ password: 'Mail-Pass-9', contactSource: 'domainAdministrator' });
    expect(derived.data).toMatchObject({ login: 'anna@xn--mnchen-3ya.de', name: 'Domain Admin' });
  });

  it('uses the owning client with its language when there is no complete administrator, and no password when the mailbox has none', () => {
    const { password: _password, ...noPassword } = mailbox;
    const derived = deriveExtension(noPassword, domain(), owner);
    expect(derived.contactSource).toBe('owner');
    expect(derived.password).toBeUndefined();
    expect(derived.data).toMatchObject({ email: 'owner@acme.test', interfaceLang: 'fr' });
  });
});

describe('interface language', () => {
  it.each([
    ['de-DE', 'de'],
    ['en_US', 'en'],
    ['PT-br', 'pt'],
    ['', undefined],
    [undefined, undefined],
    ['1x', undefined],
  ])('turns the Plesk locale %s into %s', (locale, expected) => {
    expect(interfaceLanguage(locale)).toBe(expected);
  });
});

describe('contact data as the manual says (issue 11 rule 10)', () => {
  const data = {
    name: 'N',
    company: '',
    login: 'n',
    email: '',
    phone: '',
    fax: '',
    address: '',
    city: '',
    pcode: '',
    country: 'RO',
    notes: 'State/province: Iasi',
  };
  const regions = [
    { id: 601, name: 'Bucureşti' },
    { id: 603, name: 'Iaşi' },
  ];

  it('puts the state into the matching region (case, accents and spaces aside) and out of the notes', () => {
    expect(placeRegion(data, '  IASI ', regions)).toEqual({ ...data, region: 603, notes: '' });
  });

  it('keeps the state in the notes when no region matches', () => {
    expect(placeRegion(data, 'Atlantis', regions)).toEqual(data);
    expect(placeRegion(data, '', regions)).toEqual(data);
  });

  it('counts a whitespace-only password as none', () => {
    expect(givenPassword('   ')).toBeUndefined();
    expect(givenPassword('')).toBeUndefined();
    expect(givenPassword(' Real#Pass-1 ')).toBe(' Real#Pass-1 ');
  });
});
