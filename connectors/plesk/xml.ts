import { XMLValidator } from 'fast-xml-parser';

/**
 * Reading and writing Plesk XML packets safely.
 *
 * A Plesk response is untrusted input: a hostile or broken server could send an entity bomb, a
 * document too large to hold, or garbage. We refuse any DOCTYPE or ENTITY declaration before the
 * text is read, validate well-formedness (fast-xml-parser's validator), and decode only the five
 * predefined entities and numeric character references ourselves, so nothing can expand. The
 * validated text is then read by readTree below.
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
  return readTree(text);
}

interface OpenElement {
  name: string;
  node: XmlNode;
  text: string;
  hasChildren: boolean;
}

const malformed = () => new XmlRefused('the XML is malformed');

/**
 * Reads a packet that XMLValidator has found well-formed into XmlNode: every element an array
 * entry under its name, a leaf as its text (entities decoded, CDATA as is, comments and
 * processing instructions skipped, attributes ignored), text beside child elements dropped.
 * Scanning with indexOf instead of a general parser's character loop makes a 100,000-account
 * scan several times cheaper (bench/README.md, issue 16).
 */
export function readTree(xml: string): XmlNode {
  const root: OpenElement = { name: '', node: {}, text: '', hasChildren: false };
  const stack: OpenElement[] = [root];
  let at = 0;
  for (;;) {
    const lt = xml.indexOf('<', at);
    const current = stack[stack.length - 1]!;
    // Text beside child elements is dropped, so once an element has one its text is not kept.
    if (lt !== at && stack.length > 1 && !current.hasChildren) current.text += decodeEntities(xml.slice(at, lt === -1 ? xml.length : lt));
    if (lt === -1) break;
    const next = xml.charCodeAt(lt + 1);
    if (next === 47 /* </name> */) {
      at = after(xml, '>', lt);
      if (stack.length < 2) throw malformed();
      close(stack.pop()!, stack[stack.length - 1]!);
    } else if (next === 63 /* <?...?> */) {
      at = after(xml, '?>', lt);
    } else if (xml.startsWith('<!--', lt)) {
      at = after(xml, '-->', lt + 4);
    } else if (xml.startsWith('<![CDATA[', lt)) {
      const end = xml.indexOf(']]>', lt + 9);
      if (end === -1) throw malformed();
      current.text += xml.slice(lt + 9, end);
      at = end + 3;
    } else if (next === 33 /* <!...> */) {
      throw new XmlRefused('the XML contains a declaration that is never part of a Plesk packet');
    } else {
      const nameEnd = endOfName(xml, lt + 1);
      if (nameEnd === lt + 1) throw malformed();
      const name = xml.slice(lt + 1, nameEnd);
      const gt = tagEnd(xml, nameEnd);
      const selfClosing = xml.charCodeAt(gt - 1) === 47;
      const element: OpenElement = { name, node: {}, text: '', hasChildren: false };
      if (selfClosing) close(element, current);
      else stack.push(element);
      at = gt + 1;
    }
  }
  if (stack.length !== 1 || !root.hasChildren) throw new XmlRefused('the XML has no root element');
  return root.node;
}

/** The index just past the next `token` from `from`. */
function after(xml: string, token: string, from: number): number {
  const found = xml.indexOf(token, from);
  if (found === -1) throw malformed();
  return found + token.length;
}

/** Where a tag's name ends: at whitespace, `/` or `>`. */
function endOfName(xml: string, from: number): number {
  let i = from;
  for (; i < xml.length; i += 1) {
    const c = xml.charCodeAt(i);
    if (c === 62 || c === 47 || c === 32 || c === 9 || c === 10 || c === 13) break;
  }
  return i;
}

/** The `>` that ends a tag whose name ends at `from` (a `>` inside a quoted attribute value does not). */
function tagEnd(xml: string, from: number): number {
  const gt = xml.indexOf('>', from);
  if (gt === -1) throw malformed();
  if (gt === from) return gt;
  let quoted = false;
  for (let i = from; i < gt && !quoted; i += 1) quoted = xml.charCodeAt(i) === 34 || xml.charCodeAt(i) === 39;
  if (!quoted) return gt;
  let quote = 0;
  for (let i = from; i < xml.length; i += 1) {
    const c = xml.charCodeAt(i);
    if (quote !== 0) {
      if (c === quote) quote = 0;
    } else if (c === 34 || c === 39) quote = c;
    else if (c === 62) return i;
  }
  throw malformed();
}

function close(element: OpenElement, parent: OpenElement): void {
  const value: XmlValue = element.hasChildren ? element.node : element.text;
  (parent.node[element.name] ??= []).push(value);
  parent.hasChildren = true;
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
