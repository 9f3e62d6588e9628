import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';

/**
 * Writes response bodies exactly as the XSDs in the repo declare them: every element in the
 * namespace of the schema that declares it, in sequence order. The `soap` package's own server
 * serializer puts every child in the response element's namespace and reorders inherited fields,
 * which strict clients (PHP SoapClient among them) read as missing fields; see
 * docs/decisions/011-voipnow-simulator.md.
 *
 * Only the XSD subset our schemas use is understood: named and inline complex types,
 * sequence/choice, complexContent extension, simple types (written as text). Simple content
 * with attributes (common:unlimitedUInt) is written from `{ attributes: {...}, $value }`, the
 * shape the `soap` package reads such an element into.
 */

const XSD = 'http://www.w3.org/2001/XMLSchema';

type XmlNode = Record<string, unknown> & { ':@'?: Record<string, string> };
interface QName {
  ns: string;
  local: string;
}
interface Particle {
  name: string;
  ns: string;
  many: boolean;
  model: Model | undefined;
}
/** A complex content model: its elements in order. `undefined` means simple content. */
interface Model {
  particles: Particle[];
}
interface Declared {
  node: XmlNode;
  schema: SchemaFile;
}
interface SchemaFile {
  targetNamespace: string;
  prefixes: Map<string, string>;
}

const parser = new XMLParser({ preserveOrder: true, ignoreAttributes: false, attributeNamePrefix: '' });

const localName = (tag: string): string => tag.slice(tag.indexOf(':') + 1);
const key = (q: QName): string => `{${q.ns}}${q.local}`;

function tagOf(node: XmlNode): string {
  return Object.keys(node).find((k) => k !== ':@') ?? '';
}
function childrenOf(node: XmlNode): XmlNode[] {
  return (node[tagOf(node)] as XmlNode[] | undefined) ?? [];
}
function attr(node: XmlNode, name: string): string | undefined {
  return node[':@']?.[name];
}

export class ResponseWriter {
  private readonly complexTypes = new Map<string, Declared>();
  private readonly elements = new Map<string, Declared>();
  private readonly models = new Map<string, Model>();
  private readonly prefixOf = new Map<string, string>();

  constructor(root: string) {
    for (const file of listXsd(root)) this.load(file);
  }

  /** The XML of top-level element `name` of namespace `ns` holding `value`, namespaces declared on it. */
  element(ns: string, name: string, value: unknown): string {
    const declared = this.elements.get(key({ ns, local: name }));
    if (!declared) throw new Error(`No element ${name} in ${ns}`);
    const used = new Set<string>([ns]);
    const body = this.write(name, ns, this.elementModel(declared), value, used);
    const xmlns = [...used].map((uri) => ` xmlns:${this.prefix(uri)}="${uri}"`).join('');
    return body.replace(/^<([^\s>/]+)/, `<$1${xmlns}`);
  }

  private load(file: string): void {
    const doc = parser.parse(readFileSync(file, 'utf8')) as XmlNode[];
    const root = doc.find((n) => localName(tagOf(n)) === 'schema');
    if (!root) return;
    const prefixes = new Map<string, string>();
    for (const [name, value] of Object.entries(root[':@'] ?? {})) {
      if (name === 'xmlns') prefixes.set('', value);
      else if (name.startsWith('xmlns:')) prefixes.set(name.slice(6), value);
    }
    const schema: SchemaFile = { targetNamespace: attr(root, 'targetNamespace') ?? '', prefixes };
    for (const node of childrenOf(root)) {
      const kind = localName(tagOf(node));
      const name = attr(node, 'name');
      if (!name) continue;
      const k = key({ ns: schema.targetNamespace, local: name });
      if (kind === 'complexType') this.complexTypes.set(k, { node, schema });
      if (kind === 'element') this.elements.set(k, { node, schema });
    }
  }

  private resolve(qname: string, schema: SchemaFile): QName {
    const colon = qname.indexOf(':');
    const prefix = colon < 0 ? '' : qname.slice(0, colon);
    const ns = schema.prefixes.get(prefix);
    if (ns === undefined) throw new Error(`Unknown prefix "${prefix}" in ${qname}`);
    return { ns, local: qname.slice(colon + 1) };
  }

  private typeModel(q: QName): Model | undefined {
    if (q.ns === XSD) return undefined;
    const k = key(q);
    const cached = this.models.get(k);
    if (cached) return cached;
    const declared = this.complexTypes.get(k);
    if (!declared) return undefined; // a simpleType
    const model: Model = { particles: [] };
    this.models.set(k, model); // set before walking, so recursive types terminate
    const simple = this.walk(childrenOf(declared.node), declared.schema, model.particles);
    if (simple) this.models.delete(k);
    return simple ? undefined : model;
  }

  private elementModel({ node, schema }: Declared): Model | undefined {
    const type = attr(node, 'type');
    if (type) return this.typeModel(this.resolve(type, schema));
    const inline = childrenOf(node).find((n) => localName(tagOf(n)) === 'complexType');
    if (!inline) return undefined;
    const particles: Particle[] = [];
    return this.walk(childrenOf(inline), schema, particles) ? undefined : { particles };
  }

  /** Appends the particles of a content model; returns true when the content is simple. */
  private walk(nodes: XmlNode[], schema: SchemaFile, out: Particle[]): boolean {
    for (const node of nodes) {
      switch (localName(tagOf(node))) {
        case 'sequence':
        case 'choice':
          this.walk(childrenOf(node), schema, out);
          break;
        case 'complexContent': {
          const extension = childrenOf(node).find((n) => localName(tagOf(n)) === 'extension');
          if (!extension) throw new Error('Only complexContent extension is supported');
          const base = this.typeModel(this.resolve(attr(extension, 'base') ?? '', schema));
          out.push(...(base?.particles ?? []));
          this.walk(childrenOf(extension), schema, out);
          break;
        }
        case 'simpleContent':
          return true;
        case 'element': {
          const maxOccurs = attr(node, 'maxOccurs');
          out.push({
            name: attr(node, 'name') ?? '',
            ns: schema.targetNamespace, // every schema here is elementFormDefault="qualified"
            many: maxOccurs === 'unbounded' || Number(maxOccurs ?? '1') > 1,
            model: this.elementModel({ node, schema }),
          });
          break;
        }
        default: // annotation, attribute: nothing to write
      }
    }
    return false;
  }

  private write(name: string, ns: string, model: Model | undefined, value: unknown, used: Set<string>): string {
    used.add(ns);
    const tag = `${this.prefix(ns)}:${name}`;
    if (!model) return simpleElement(tag, value);
    if (typeof value !== 'object' || value === null) throw new Error(`${name} needs an object`);
    const fields = value as Record<string, unknown>;
    for (const field of Object.keys(fields)) {
      if (!model.particles.some((p) => p.name === field)) throw new Error(`${name} has no element ${field}`);
    }
    const written = new Set<string>();
    let inner = '';
    for (const particle of model.particles) {
      // A name can appear twice in a flattened model (e.g. `notice` in a base and an extension):
      // write it once, at its first place.
      if (written.has(particle.name)) continue;
      const item = fields[particle.name];
      if (item === undefined || item === null) continue;
      written.add(particle.name);
      const items = Array.isArray(item) ? item : [item];
      if (items.length > 1 && !particle.many) throw new Error(`${name}/${particle.name} occurs once`);
      for (const one of items) inner += this.write(particle.name, particle.ns, particle.model, one, used);
    }
    return inner === '' ? `<${tag}/>` : `<${tag}>${inner}</${tag}>`;
  }

  private prefix(ns: string): string {
    let prefix = this.prefixOf.get(ns);
    if (!prefix) {
      // http://4psa.com/ClientData.xsd/2.5.1 → clientData, PBXData → pbxData: readable in captured traffic.
      const name = /4psa\.com\/([A-Za-z]+)/.exec(ns)?.[1] ?? `ns${this.prefixOf.size}`;
      const acronym = /^[A-Z]+(?=[A-Z][a-z])/.exec(name)?.[0] ?? name.charAt(0);
      prefix = acronym.toLowerCase() + name.slice(acronym.length);
      this.prefixOf.set(ns, prefix);
    }
    return prefix;
  }
}

function listXsd(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return listXsd(path);
    return name.endsWith('.xsd') ? [path] : [];
  });
}

/** A simple-content element; attributes are unqualified (the schemas' attributeFormDefault). */
function simpleElement(tag: string, value: unknown): string {
  if (typeof value !== 'object' || value === null || value instanceof Date || !('attributes' in value))
    return `<${tag}>${escapeText(value)}</${tag}>`;
  const { attributes, $value } = value as { attributes: Record<string, unknown>; $value?: unknown };
  const attrs = Object.entries(attributes)
    .map(([name, v]) => ` ${name}="${escapeText(v).replace(/"/g, '&quot;')}"`)
    .join('');
  return $value === undefined ? `<${tag}${attrs}/>` : `<${tag}${attrs}>${escapeText($value)}</${tag}>`;
}

export function escapeText(value: unknown): string {
  const text = value instanceof Date ? value.toISOString() : String(value);
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
