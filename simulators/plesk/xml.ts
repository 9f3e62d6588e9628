import { XMLParser, XMLValidator } from 'fast-xml-parser';

/**
 * The simulator's side of XML: request packets parsed into an ordered element tree (operators and
 * operations must be answered in the order they came), and small writers for responses. Kept
 * apart from the connector's code on purpose: the simulator is a second, independent reading of
 * the protocol, so a shared misunderstanding cannot hide in shared code.
 */

export interface Element {
  name: string;
  attributes: Record<string, string>;
  children: Element[];
  /** Text content (entities decoded), '' for elements with children. */
  text: string;
}

export class BadPacket extends Error {}

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  processEntities: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
});

type Ordered = Record<string, unknown>;

const ENTITY = /&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);/g;
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(text: string): string {
  return text.replace(ENTITY, (whole, body: string) => {
    if (!body.startsWith('#')) return NAMED[body] ?? whole;
    const code = body[1] === 'x' ? Number.parseInt(body.slice(2), 16) : Number.parseInt(body.slice(1), 10);
    return code >= 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

function toElements(nodes: readonly Ordered[]): Element[] {
  const out: Element[] = [];
  for (const node of nodes) {
    const name = Object.keys(node).find((k) => k !== ':@');
    if (!name || name === '#text') continue;
    const content = (node[name] ?? []) as Ordered[];
    const attributes = (node[':@'] ?? {}) as Record<string, string>;
    const textParts = content.filter((c) => '#text' in c).map((c) => String(c['#text']));
    out.push({ name, attributes, children: toElements(content), text: decode(textParts.join('')) });
  }
  return out;
}

/** Parses a request packet; BadPacket (answered as error 1014) for anything unsafe or malformed. */
export function parsePacket(xml: string): Element {
  if (/<!(DOCTYPE|ENTITY)/i.test(xml)) throw new BadPacket('DOCTYPE and ENTITY declarations are not allowed');
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new BadPacket(`XML parse error at line ${valid.err.line}: ${valid.err.msg}`);
  const [root] = toElements(parser.parse(xml) as Ordered[]);
  if (!root || root.name !== 'packet') throw new BadPacket('the root element must be <packet>');
  return root;
}

export function find(element: Element | undefined, name: string): Element | undefined {
  return element?.children.find((c) => c.name === name);
}

export function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": 'apos' }[c]};`);
}

/** `<name>text</name>`, or `<name/>` for empty text. */
export function el(name: string, value?: string | number | boolean): string {
  if (value === undefined || value === '') return `<${name}/>`;
  return `<${name}>${escape(String(value))}</${name}>`;
}

/** `<name>inner</name>` with inner already XML. */
export function node(name: string, inner: string): string {
  return inner === '' ? `<${name}/>` : `<${name}>${inner}</${name}>`;
}

export function okResult(inner: string): string {
  return `<result><status>ok</status>${inner}</result>`;
}

export function errorResult(code: number, text: string, inner = ''): string {
  return `<result><status>error</status><errcode>${code}</errcode><errtext>${escape(text)}</errtext>${inner}</result>`;
}

export function systemError(version: string, code: number, text: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?><packet version="${version}"><system><status>error</status><errcode>${code}</errcode><errtext>${escape(text)}</errtext></system></packet>`;
}
