/**
 * The one classifier of transport failures both connectors use (issue 14): which Node and HTTP
 * client error codes mean "the server cannot be reached or broke the connection" (retrying heals
 * it) and which mean "its certificate is not trusted" (retrying does not).
 */

/** Network error codes of Node, undici and axios for a server we cannot reach or that broke the connection. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'ESOCKETTIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ERR_SOCKET_CONNECTION_TIMEOUT',
  'ERR_CANCELED',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
]);

export type TransportKind = 'network' | 'untrusted';

function isTlsCode(code: string): boolean {
  return (
    code.startsWith('ERR_TLS') ||
    code.startsWith('ERR_SSL') ||
    code.includes('CERT') ||
    code === 'DEPTH_ZERO_SELF_SIGNED_CERT' ||
    code === 'UNABLE_TO_VERIFY_LEAF_SIGNATURE'
  );
}

/** The error's code, when it has a string one. */
export function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** What kind of transport failure `error` is, or undefined when it is none. */
export function classifyTransport(error: unknown): TransportKind | undefined {
  const code = errorCode(error) ?? '';
  if (isTlsCode(code)) return 'untrusted';
  if (NETWORK_CODES.has(code)) return 'network';
  const message = error instanceof Error ? error.message : '';
  if (/timeout|timed out|socket hang up|network|connection closed/i.test(message)) return 'network';
  return undefined;
}
