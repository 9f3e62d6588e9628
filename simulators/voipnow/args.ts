import { SimFault } from './rules';

/**
 * Reading SOAP request values as the `soap` package hands them over: text for simple elements,
 * objects for complex ones, arrays for repeated ones, `{}` for an empty element.
 */

export type Args = Record<string, unknown>;

export function asArgs(value: unknown): Args {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Args) : {};
}

/** The text of a simple element; undefined when absent. An empty element is ''. */
export function text(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'object' && '$value' in value) return text((value as { $value: unknown }).$value);
  if (typeof value === 'object' && Object.keys(value).length === 0) return '';
  throw new SimFault('117', 'Malformed parameter: expected text.');
}

export function int(value: unknown, param: string): number | undefined {
  const raw = text(value)?.trim();
  if (raw === undefined || raw === '') return undefined;
  if (!/^\d+$/.test(raw)) throw new SimFault('117', `Malformed parameter ${param}: expected a number.`);
  return Number(raw);
}

export function bool(value: unknown): boolean | undefined {
  const raw = text(value)?.trim().toLowerCase();
  if (raw === undefined || raw === '') return undefined;
  return raw === '1' || raw === 'true';
}

export function list(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}
