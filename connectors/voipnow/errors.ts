import { XMLParser } from 'fast-xml-parser';
import { SyncError } from '../../domain/errors';
import { faultCodeKey, readVoipnowFault } from '../../domain/voipnow-faults';
import { classifyTransport } from '../transport-faults';

/**
 * Turning whatever a SOAP call ended with into the one error type connectors throw. A SOAP 1.1
 * Fault is read by domain/voipnow-faults.ts from its code and words; a transport failure
 * (timeout, refused or reset connection, TLS, HTTP 5xx without a fault) becomes
 * `voipnowUnavailable`, which is retried.
 */

export interface SoapFault {
  /**
   * The code as VoipNow sent it: the digits of faultcode (leading zeros kept, "030"), else those
   * of detail/code, else faultcode itself ("SOAP-ENV:Server"); undefined when there is none.
   */
  code: string | undefined;
  message: string;
}

const parser = new XMLParser({ removeNSPrefix: true, ignoreAttributes: true, parseTagValue: false });

/** The Fault of a SOAP 1.1 response body, if it holds one. */
export function parseFault(body: string): SoapFault | undefined {
  if (!body.includes('Fault')) return undefined;
  let doc: unknown;
  try {
    doc = parser.parse(body);
  } catch {
    return undefined;
  }
  const fault = (doc as { Envelope?: { Body?: { Fault?: Record<string, unknown> } } }).Envelope?.Body?.Fault;
  if (!fault) return undefined;
  const faultcode = textOf(fault.faultcode).trim();
  const detail = fault.detail as Record<string, unknown> | undefined;
  const local = faultcode.replace(/^[\w.-]+:/, '');
  const digits = /^\d+$/.test(local) ? local : /\d+/.exec(textOf(detail?.code))?.[0];
  return { code: digits ?? (faultcode || undefined), message: textOf(fault.faultstring) };
}

function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return '';
}

interface HttpishError {
  code?: string;
  message?: string;
  response?: { status?: number; data?: unknown };
  body?: unknown;
}

/** Replaces every secret (passwords, app secret) in a text by ***. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (secret.length > 0) out = out.split(secret).join('***');
  return out;
}

/** A request envelope fit for a log: password and appSecret elements emptied, known secrets masked. */
export function redactXml(xml: string, secrets: readonly string[] = []): string {
  const masked = xml.replace(/<((?:[\w.-]+:)?(?:password|appSecret|cryptedAuth))(\s[^>]*)?>[\s\S]*?<\/\1>/g, '<$1$2>***</$1>');
  return redact(masked, secrets);
}

/**
 * The SyncError for a failed call: its message is the product reason's text; the server's code
 * and words (or the transport's) go to serverCode/serverMessage. `secrets` never reach them.
 */
export function toSyncError(error: unknown, operation: string, secrets: readonly string[]): SyncError {
  if (error instanceof SyncError) return error;
  const e = (error ?? {}) as HttpishError;
  const status = e.response?.status;
  const body = typeof e.response?.data === 'string' ? e.response.data : typeof e.body === 'string' ? e.body : '';
  const fault = body ? parseFault(body) : undefined;
  if (fault) {
    const serverMessage = redact(fault.message, secrets);
    const reading = readVoipnowFault(fault.code, serverMessage);
    const key = faultCodeKey(fault.code);
    return new SyncError(reading.reason, {
      message: reading.message,
      ...(key === undefined ? {} : { serverCode: Number(key) }),
      // As sent, when leading zeros make it more than the number ("030"): the log shows it so.
      ...(key !== undefined && fault.code !== key ? { serverCodeText: fault.code } : {}),
      serverMessage,
    });
  }
  const code = e.code ?? '';
  const detail = redact(`${code ? `${code} ` : ''}${e.message ?? String(error)}`.trim(), secrets);
  if (status !== undefined) {
    // An HTTP answer without a SOAP fault: a server or proxy in trouble (5xx) heals, the rest
    // (404 at a wrong URL, 401 from a proxy) needs the settings fixed.
    const reason = status >= 500 ? 'voipnowUnavailable' : 'voipnowRejected';
    return new SyncError(reason, { serverMessage: `HTTP ${status} from ${operation}` });
  }
  const transport = classifyTransport(error);
  if (transport === 'untrusted') return new SyncError('untrustedCertificate', { serverMessage: `${operation}: ${detail}` });
  if (transport === 'network') return new SyncError('voipnowUnavailable', { serverMessage: `${operation}: ${detail}` });
  // Anything else (an answer we cannot read): a server fault, worth a retry.
  return new SyncError('voipnowFault', { serverMessage: `${operation}: ${detail}` });
}
