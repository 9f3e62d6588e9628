/**
 * Request bodies rendered from templates that `soap` itself made. `soap` renders a request body
 * by walking the WSDL's schema for every element of every call (`objectToDocumentXML`), the
 * largest share of the connector's CPU and allocations in a bulk run (issue 16, bench/README.md).
 * For a call whose arguments are flat (every value a string, number or boolean), the body
 * depends on the values only where they are written: so the first call of each shape (the
 * operation and which arguments, of which types) asks `soap` to render it with a marker in place
 * of each value, and later calls of that shape fill the markers with the values, escaped as
 * `soap` escapes them. Anything else (nested values, attributes, empty strings, a body in which a
 * marker does not appear exactly once) is rendered by `soap` every time, as before.
 */
import { xmlEscape } from 'soap/lib/utils';

type Render = (name: string, params: unknown, nsPrefix: string, nsURI: string, type: string, options?: unknown) => string;

/** Shapes kept at most: operations × argument sets in use are a few dozen. */
const MAX_TEMPLATES = 500;
const marker = (i: number) => `@@pvsync-value-${i}@@`;
const MARKERS = /@@pvsync-value-(\d+)@@/g;

/** A template: literal text, then the index of the value that follows it, alternating; ends with text. */
type Template = (string | number)[];

type Scalar = string | number | boolean;

/** The arguments as [name, value] pairs when every value is a non-empty string, a number or a boolean. */
function flatScalars(params: unknown): [string, Scalar][] | undefined {
  if (params === null || typeof params !== 'object' || Array.isArray(params)) return undefined;
  const entries = Object.entries(params);
  for (const [, value] of entries) {
    if (typeof value === 'string' ? value === '' : typeof value !== 'number' && typeof value !== 'boolean') return undefined;
  }
  return entries as [string, Scalar][];
}

function compile(rendered: string, count: number): Template | undefined {
  const template: Template = [];
  const seen = new Set<number>();
  let last = 0;
  for (const match of rendered.matchAll(MARKERS)) {
    const index = Number(match[1]);
    if (seen.has(index) || index >= count) return undefined;
    seen.add(index);
    template.push(rendered.slice(last, match.index), index);
    last = match.index! + match[0].length;
  }
  if (seen.size !== count) return undefined;
  template.push(rendered.slice(last));
  return template;
}

/** `render` (a WSDL's objectToDocumentXML, bound), answering flat calls from templates. */
export function templatedRenderer(render: Render): Render {
  const templates = new Map<string, Template | null>();
  return (name, params, nsPrefix, nsURI, type, options) => {
    const entries = flatScalars(params);
    // overrideBaseElement is the one call option the rendering reads: such calls are rendered by `soap`.
    if (!entries || (options as { overrideBaseElement?: unknown } | undefined)?.overrideBaseElement)
      return render(name, params, nsPrefix, nsURI, type, options);
    const shape = `${name} ${nsURI} ${type} ${entries.map(([key, value]) => `${key}:${typeof value}`).join(' ')}`;
    let template = templates.get(shape);
    if (template === undefined) {
      if (templates.size >= MAX_TEMPLATES) return render(name, params, nsPrefix, nsURI, type, options);
      const markers = Object.fromEntries(entries.map(([key], i) => [key, marker(i)]));
      template = compile(render(name, markers, nsPrefix, nsURI, type, options), entries.length) ?? null;
      templates.set(shape, template);
    }
    if (template === null) return render(name, params, nsPrefix, nsURI, type, options);
    let out = '';
    for (const part of template) out += typeof part === 'string' ? part : String(xmlEscape(entries[part]![1]));
    return out;
  };
}
