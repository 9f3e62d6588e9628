import { XMLParser, XMLValidator } from 'fast-xml-parser';

/**
 * Reading and writing Plesk XML packets safely.
 *
 * A Plesk response is untrusted input: a hostile or broken server could send an entity bomb, a
 * document too large to hold, or garbage. We refuse any DOCTYPE or ENTITY declaration before the
 * parser sees the text, validate well-formedness, and decode only the five predefined entities
 * and numeric character references ourselves (fast-xml-parser's own entity processing is off, so
 * nothing can expand).
 */

/** One parsed element: its child elements by name, in document order per name. */
export interface XmlNode {
  [name: string]: XmlValue[] | undefined;
}
/** A leaf element is its text ('' when empty); an element with children is a node. */
export type XmlValue = XmlNode | string;

export class XmlRefused extends Error {
  override readonly name = 'XmlRefused';
}

const DECLARATION = /<!(DOCTYPE|ENTITY)/i;

const parser = new XMLParser({
  ignoreAttributes: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  // Logins such as "007" and phone numbers must stay text.
  parseTagValue: false,
  // Passwords may start or end with spaces; whitespace-only text between elements is ignored below.
  trimValues: false,
  processEntities: false,
  htmlEntities: false,
  // Every element may repeat (results, ids, mailnames); arrays everywhere keep the reading uniform.
  isArray: () => true,
  // Callbacks get a matcher instead of a path string built for every element (measurably faster).
  jPath: false,
  tagValueProcessor: (_name, value) => decodeEntities(value),
});

/**
 * Parses a packet or throws XmlRefused with a message saying why (never the content itself,
 * which may contain passwords).
 */
export function parseXml(text: string): XmlNode {
  if (DECLARATION.test(text)) {
    throw new XmlRefused('the XML contains a DOCTYPE or ENTITY declaration, which is never part of a Plesk packet');
  }
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    throw new XmlRefused(`the XML is malformed (line ${valid.err.line}, column ${valid.err.col}: ${valid.err.code})`);
  }
  const parsed: unknown = parser.parse(text);
  if (!parsed || typeof parsed !== 'object') throw new XmlRefused('the XML has no root element');
  return parsed as XmlNode;
}

const ENTITY = /&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);/g;
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

export function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(ENTITY, (whole, body: string) => {
    if (body.startsWith('#')) {
      const code = body[1] === 'x' ? Number.parseInt(body.slice(2), 16) : Number.parseInt(body.slice(1), 10);
      return Number.isFinite(code) && code >= 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED[body] ?? whole;
  });
}

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": 'apos' }[c]};`);
}

/** `<name>text</name>` with the text escaped; `<name/>` when text is empty or undefined. */
export function leaf(name: string, text?: string | number | boolean): string {
  if (text === undefined || text === '') return `<${name}/>`;
  return `<${name}>${escapeXml(String(text))}</${name}>`;
}

/** `<name>...inner...</name>` where inner is already XML. */
export function wrap(name: string, inner: string): string {
  return inner === '' ? `<${name}/>` : `<${name}>${inner}</${name}>`;
}

// ---- reading helpers over XmlNode ----

/** Child elements with children (or empty ones, read as empty nodes). */
export function children(node: XmlNode | undefined, name: string): XmlNode[] {
  const values = node?.[name];
  if (!values) return [];
  return values.map((v) => (typeof v === 'string' ? {} : v));
}

export function child(node: XmlNode | undefined, name: string): XmlNode | undefined {
  return children(node, name)[0];
}

/** Text of the first child element `name`: undefined when absent, '' when empty. */
export function text(node: XmlNode | undefined, name: string): string | undefined {
  const value = node?.[name]?.[0];
  if (value === undefined) return undefined;
  return typeof value === 'string' ? value : '';
}

/** Texts of every child element `name` (e.g. repeated <proto> or <id>). */
export function texts(node: XmlNode | undefined, name: string): string[] {
  return (node?.[name] ?? []).map((v) => (typeof v === 'string' ? v : ''));
}

export function has(node: XmlNode | undefined, name: string): boolean {
  return node?.[name] !== undefined;
}
