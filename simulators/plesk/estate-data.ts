/**
 * Word lists for generated estates. Realistic enough to exercise what the product must handle:
 * non-ASCII names and companies, IDN domains, countries whose interface language VoipNow lacks.
 */

export const FIRST_NAMES = [
  'Anna',
  'Ben',
  'Clara',
  'David',
  'Emma',
  'Felix',
  'Greta',
  'Hugo',
  'Ida',
  'Jonas',
  'Karl',
  'Lena',
  'Marco',
  'Nina',
  'Oscar',
  'Paula',
  'Quentin',
  'Rosa',
  'Simon',
  'Tara',
  'Ugo',
  'Vera',
  'Walter',
  'Xenia',
  'Yann',
  'Zoe',
] as const;

export const LAST_NAMES = [
  'Smith',
  'Weber',
  'Martin',
  'Garcia',
  'Rossi',
  'de Vries',
  'Popescu',
  'Schmidt',
  'Dubois',
  'Moreno',
  'Bianchi',
  'Jansen',
  'Ionescu',
  'Brown',
  'Fischer',
  'Leroy',
  'Romero',
  'Conti',
  'Bakker',
  'Stan',
] as const;

/** Full names with letters outside ASCII (accents, Polish, Romanian, Japanese, Cyrillic, Greek). */
export const NON_ASCII_NAMES = [
  'Zoë Ångström',
  'Jürgen Müller',
  'José Núñez',
  'Łukasz Wróbel',
  'Søren Kjærgård',
  'Ștefan Țurcanu',
  '山田 太郎',
  'Иван Петров',
  'Ελένη Παπαδοπούλου',
  'François Lefèvre',
  'Çağla Öztürk',
  'Dvořák Jiří',
] as const;

export const COMPANY_SUFFIXES = ['Hosting', 'Media', 'Consulting', 'Design', 'Systems', '& Partners', 'Trading', 'Labs'] as const;

/** Companies with non-ASCII letters; some carry & and quotes, which XML must escape. */
export const NON_ASCII_COMPANIES = [
  'Müller & Söhne GmbH',
  'Café Crème SARL',
  'Łódź Software Sp. z o.o.',
  '株式会社サンプル',
  'ООО «Ромашка»',
  'Ærø Design ApS',
  'Ñandú "Producciones" S.L.',
  'Brașov Web SRL',
] as const;

export interface Country {
  code: string;
  locale: string;
  city: string;
  state: string;
  pcode: string;
  dial: string;
}

/** Countries whose interface language VoipNow knows (en, de, fr, es, it, nl, ro). */
export const SUPPORTED_COUNTRIES: readonly Country[] = [
  { code: 'DE', locale: 'de-DE', city: 'Berlin', state: 'BE', pcode: '10115', dial: '49' },
  { code: 'FR', locale: 'fr-FR', city: 'Paris', state: 'IDF', pcode: '75001', dial: '33' },
  { code: 'ES', locale: 'es-ES', city: 'Madrid', state: 'MD', pcode: '28001', dial: '34' },
  { code: 'IT', locale: 'it-IT', city: 'Roma', state: 'RM', pcode: '00184', dial: '39' },
  { code: 'NL', locale: 'nl-NL', city: 'Amsterdam', state: 'NH', pcode: '1011 AB', dial: '31' },
  { code: 'RO', locale: 'ro-RO', city: 'București', state: 'B', pcode: '010011', dial: '40' },
  { code: 'US', locale: 'en-US', city: 'Austin', state: 'TX', pcode: '73301', dial: '1' },
  { code: 'GB', locale: 'en-GB', city: 'London', state: 'LND', pcode: 'SW1A 1AA', dial: '44' },
];

/** Countries whose interface language VoipNow lacks. */
export const UNSUPPORTED_COUNTRIES: readonly Country[] = [
  { code: 'JP', locale: 'ja-JP', city: '東京', state: '13', pcode: '100-0001', dial: '81' },
  { code: 'BR', locale: 'pt-BR', city: 'São Paulo', state: 'SP', pcode: '01000-000', dial: '55' },
  { code: 'CN', locale: 'zh-CN', city: 'Beijing', state: 'BJ', pcode: '100000', dial: '86' },
  { code: 'RU', locale: 'ru-RU', city: 'Москва', state: 'MOW', pcode: '101000', dial: '7' },
];

export const STREETS = [
  'Main Street',
  'Hauptstraße',
  'Rue de la Paix',
  'Calle Mayor',
  'Via Roma',
  'Keizersgracht',
  'Strada Lipscani',
] as const;

export const DOMAIN_WORDS = [
  'alpha',
  'blue',
  'cedar',
  'delta',
  'ember',
  'fjord',
  'granite',
  'harbor',
  'iris',
  'juniper',
  'kite',
  'lumen',
  'maple',
  'nova',
  'orbit',
  'pixel',
  'quartz',
  'river',
  'summit',
  'tango',
  'umber',
  'vertex',
  'willow',
  'zephyr',
] as const;

/** Labels that need punycode. */
export const IDN_WORDS = ['münchen', 'bäckerei', 'café', 'zürich', 'españa', '日本', 'москва', 'ελλάδα', 'köln', 'ørsted'] as const;

export const TLDS = ['com', 'net', 'org', 'de', 'fr', 'es', 'it', 'nl', 'ro', 'eu'] as const;

export const MAIL_NAMES = ['info', 'office', 'sales', 'support', 'billing', 'contact', 'hello', 'team'] as const;

/** The dictionary words VoipNow's password policy refuses, used for weak passwords. */
export const DICTIONARY_PASSWORDS = ['password', 'welcome', 'admin', 'qwerty', 'letmein', '123456'] as const;

/** Shapes of broken email addresses Plesk lets through (old data, imports). */
export const INVALID_EMAILS = [
  '{local}@',
  'not-an-email',
  '{local}@@example.com',
  '{local} at example.com',
  '@example.com',
  '{local}@example',
] as const;
