/**
 * Reading and writing Plesk XML packets safely.
 *
 * A Plesk response is untrusted input: a hostile or broken server could send an entity bomb, a
 * document too large to hold, or garbage. The reader below refuses any DOCTYPE or ENTITY
 * declaration, checks well-formedness as it reads (one pass: tags match, one root element, names
 * and attributes well formed, `&` only as a reference), and decodes only the five predefined
 * entities and numeric character references, so nothing can expand.
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

/**
 * Parses a packet or throws XmlRefused with a message saying why and where (never the content
 * itself, which may contain passwords).
 */
export function parseXml(text: string): XmlNode {
  return readTree(text);
}

/** An element being read: its node is made when its first child element closes (most are leaves). */
interface OpenElement {
  name: string;
  node: XmlNode | undefined;
  text: string;
}

/** "malformed (line L, column C: what)": the line and column are counted only when refusing. */
function malformed(xml: string, at: number, what: string): XmlRefused {
  let line = 1;
  let lineStart = 0;
  for (let i = xml.indexOf('\n'); i !== -1 && i < at; i = xml.indexOf('\n', i + 1)) {
    line += 1;
    lineStart = i + 1;
  }
  return new XmlRefused(`the XML is malformed (line ${line}, column ${at - lineStart + 1}: ${what})`);
}

const DECLARATION = /^<!(DOCTYPE|ENTITY)/i;

/**
 * Reads a packet into XmlNode, refusing it unless it is well formed: every element an array
 * entry under its name, a leaf as its text (entities decoded, CDATA as is, comments and
 * processing instructions skipped, attributes checked and ignored), text beside child elements
 * dropped. Scanning with indexOf instead of a general parser's character loop, and checking
 * well-formedness in the same pass, makes a 100,000-account scan several times cheaper
 * (bench/README.md, issue 16). Names are checked exactly in ASCII; any non-ASCII character is
 * taken as a name character.
 */
export function readTree(xml: string): XmlNode {
  const root: OpenElement = { name: '', node: undefined, text: '' };
  const stack: OpenElement[] = [root];
  let at = xml.charCodeAt(0) === 0xfeff ? 1 : 0;
  const start = at;
  for (;;) {
    const lt = xml.indexOf('<', at);
    const current = stack[stack.length - 1]!;
    const end = lt === -1 ? xml.length : lt;
    if (end !== at) {
      if (stack.length === 1) {
        const stray = skipBlanks(xml, at);
        if (stray < end) throw malformed(xml, stray, 'text outside the root element');
      } else if (current.node === undefined) {
        current.text += decodeEntities(checkedText(xml, at, end));
      } else if (!isBlank(xml, at, end)) {
        // Text beside child elements is dropped, so once an element has one its text is not kept.
        checkedText(xml, at, end);
      }
    }
    if (lt === -1) break;
    const next = xml.charCodeAt(lt + 1);
    if (next === 47 /* </name> */) {
      if (stack.length < 2) throw malformed(xml, lt, 'a closing tag that was never opened');
      const open = stack.pop()!;
      let i = lt + 2 + open.name.length;
      if (!xml.startsWith(open.name, lt + 2)) throw malformed(xml, lt, 'a closing tag that does not match the opening one');
      i = skipBlanks(xml, i);
      if (xml.charCodeAt(i) !== 62) throw malformed(xml, lt, 'a closing tag that does not match the opening one');
      add(stack[stack.length - 1]!, open.name, open.node ?? ownCopy(open.text));
      at = i + 1;
    } else if (next === 63 /* <?...?> */) {
      at = afterInstruction(xml, lt, start);
    } else if (xml.startsWith('<!--', lt)) {
      at = after(xml, '-->', lt + 4);
    } else if (xml.startsWith('<![CDATA[', lt)) {
      if (stack.length === 1) throw malformed(xml, lt, 'CDATA outside the root element');
      const cdataEnd = xml.indexOf(']]>', lt + 9);
      if (cdataEnd === -1) throw malformed(xml, lt, 'CDATA that never ends');
      if (current.node === undefined) current.text += xml.slice(lt + 9, cdataEnd);
      at = cdataEnd + 3;
    } else if (next === 33 /* <!...> */) {
      if (DECLARATION.test(xml.slice(lt, lt + 9)))
        throw new XmlRefused('the XML contains a DOCTYPE or ENTITY declaration, which is never part of a Plesk packet');
      throw malformed(xml, lt, 'a declaration that is never part of a Plesk packet');
    } else {
      const nameEnd = endOfName(xml, lt + 1);
      if (nameEnd === lt + 1 || !isNameStart(xml.charCodeAt(lt + 1))) throw malformed(xml, lt, 'a tag without a valid name');
      const gt = tagEnd(xml, nameEnd);
      if (stack.length === 1 && root.node !== undefined) throw malformed(xml, lt, 'more than one root element');
      const name = xml.slice(lt + 1, nameEnd);
      if (xml.charCodeAt(gt - 1) === 47 /* /> */) add(current, name, '');
      else stack.push({ name, node: undefined, text: '' });
      at = gt + 1;
    }
  }
  if (stack.length !== 1) throw malformed(xml, xml.length, 'an element that is never closed');
  if (root.node === undefined) throw new XmlRefused('the XML has no root element');
  return root.node;
}

/**
 * The index just past a processing instruction at `lt`: its target a name, and when it is the
 * XML declaration (`<?xml ...?>`, only at the start: nothing but blanks from `start`), its
 * pseudo-attributes checked as a tag's.
 */
function afterInstruction(xml: string, lt: number, start: number): number {
  const targetEnd = endOfName(xml, lt + 2);
  if (targetEnd === lt + 2 || !isNameStart(xml.charCodeAt(lt + 2)))
    throw malformed(xml, lt, 'a processing instruction without a valid name');
  if (xml.slice(lt + 2, targetEnd).toLowerCase() === 'xml') {
    if (!isBlank(xml, start, lt)) throw malformed(xml, lt, 'an XML declaration after the start');
    return tagEnd(xml, targetEnd, true) + 1;
  }
  const c = xml.charCodeAt(targetEnd);
  if (!isBlankCode(c) && !(c === 63 && xml.charCodeAt(targetEnd + 1) === 62))
    throw malformed(xml, lt, 'a processing instruction without a valid name');
  return after(xml, '?>', targetEnd);
}

/** The index just past the next `token` from `from`. */
function after(xml: string, token: string, from: number): number {
  const found = xml.indexOf(token, from);
  if (found === -1) throw malformed(xml, from, `no closing ${token}`);
  return found + token.length;
}

const isBlankCode = (c: number) => c === 32 || c === 10 || c === 9 || c === 13;

function isBlank(xml: string, from: number, to: number): boolean {
  for (let i = from; i < to; i += 1) if (!isBlankCode(xml.charCodeAt(i))) return false;
  return true;
}

function skipBlanks(xml: string, from: number): number {
  let i = from;
  while (isBlankCode(xml.charCodeAt(i))) i += 1;
  return i;
}

/** A letter, `_`, `:` or any non-ASCII character. */
function isNameStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c === 58 || c >= 128;
}

/** A name start, a digit, `-` or `.`. */
function isNameChar(c: number): boolean {
  return isNameStart(c) || (c >= 48 && c <= 57) || c === 45 || c === 46;
}

/** Where the name starting at `from` ends. */
function endOfName(xml: string, from: number): number {
  let i = from;
  while (i < xml.length && isNameChar(xml.charCodeAt(i))) i += 1;
  return i;
}

/**
 * The `>` that ends a start tag (or with `declaration`, the `?>` of the XML declaration) whose
 * name ends at `from`, after checking its attributes: each a name, `=` and a quoted value without
 * `<`, none repeated, blanks between them.
 */
function tagEnd(xml: string, from: number, declaration = false): number {
  let i = from;
  let seen: Set<string> | undefined;
  for (;;) {
    const c = xml.charCodeAt(i);
    const end = declaration ? 63 : 47;
    if (c === 62 && !declaration) return i;
    if (c === end) {
      if (xml.charCodeAt(i + 1) !== 62) throw malformed(xml, i, `a "${declaration ? '?' : '/'}" inside a tag`);
      return i + 1;
    }
    if (!isBlankCode(c)) throw malformed(xml, i, Number.isNaN(c) ? 'a tag that never ends' : 'a tag with an invalid character');
    i = skipBlanks(xml, i);
    const d = xml.charCodeAt(i);
    if (d === 62 || d === 47 || d === 63) continue;
    const nameEnd = endOfName(xml, i);
    if (nameEnd === i || !isNameStart(d))
      throw malformed(xml, i, Number.isNaN(d) ? 'a tag that never ends' : 'an attribute without a valid name');
    const name = xml.slice(i, nameEnd);
    seen ??= new Set();
    if (seen.has(name)) throw malformed(xml, i, 'a repeated attribute');
    seen.add(name);
    i = skipBlanks(xml, nameEnd);
    if (xml.charCodeAt(i) !== 61) throw malformed(xml, i, 'an attribute without a value');
    i = skipBlanks(xml, i + 1);
    const quote = xml.charCodeAt(i);
    if (quote !== 34 && quote !== 39) throw malformed(xml, i, 'an attribute value without quotes');
    const closing = xml.indexOf(quote === 34 ? '"' : "'", i + 1);
    if (closing === -1) throw malformed(xml, i, 'an attribute value that never ends');
    const lt = xml.indexOf('<', i + 1);
    if (lt !== -1 && lt < closing) throw malformed(xml, lt, 'a "<" inside an attribute value');
    checkedText(xml, i + 1, closing);
    i = closing + 1;
  }
}

/** The text between `from` and `to`, after checking that every `&` in it starts a reference (`&amp;` and XML's other four, `&#10;`, `&#xA;`). */
function checkedText(xml: string, from: number, to: number): string {
  const text = xml.slice(from, to);
  // Searched in the slice: a search in the whole packet would run to its end for every text.
  for (let amp = text.indexOf('&'); amp !== -1; amp = text.indexOf('&', amp + 1)) {
    let i = amp + 1;
    if (text.charCodeAt(i) === 35 /* # */) {
      i += 1;
      const hex = text.charCodeAt(i) === 120; /* x */
      if (hex) i += 1;
      const digitsFrom = i;
      while (isDigit(text.charCodeAt(i), hex)) i += 1;
      if (i === digitsFrom || text.charCodeAt(i) !== 59) throw malformed(xml, from + amp, 'an "&" that starts no reference');
    } else {
      const nameEnd = endOfName(text, i);
      if (nameEnd === i || !isNameStart(text.charCodeAt(i)) || text.charCodeAt(nameEnd) !== 59)
        throw malformed(xml, from + amp, 'an "&" that starts no reference');
      // Without a DTD (refused above) only XML's five entities are declared.
      if (!Object.hasOwn(NAMED, text.slice(i, nameEnd))) throw malformed(xml, from + amp, 'a reference to an undeclared entity');
    }
  }
  return text;
}

function isDigit(c: number, hex: boolean): boolean {
  return (c >= 48 && c <= 57) || (hex && ((c >= 97 && c <= 102) || (c >= 65 && c <= 70)));
}

/**
 * The text as a string of its own. V8 makes a cut of 13 characters or more a view into the string
 * it was cut from, so one leaf kept from a packet would keep the whole packet alive: a scan's
 * snapshot rows kept every packet of the estate (decision 103). Joining a space in front and
 * cutting it off again makes V8 copy the characters into a new string first.
 */
function ownCopy(text: string): string {
  return text.length < 13 ? text : (' ' + text).slice(1);
}

/** A closed child element's value, under its name in its parent's node. */
function add(parent: OpenElement, name: string, value: XmlValue): void {
  const node = (parent.node ??= {});
  const values = node[name];
  if (values === undefined) node[name] = [value];
  else values.push(value);
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
  const value = node?.[name]?.[0];
  if (value === undefined) return undefined;
  return typeof value === 'string' ? {} : value;
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
