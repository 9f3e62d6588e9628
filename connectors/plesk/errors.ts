import { SyncError } from '../../domain';
import { classifyTransport, errorCode } from '../transport-faults';

/**
 * How Plesk's error codes become the one error type connectors throw. Plesk reports failures
 * before execution in <system> and failures of one operation in that operation's <result>; both
 * carry errcode and errtext, which we keep on the SyncError for the log.
 */

/** Plesk error codes we treat specially (reference: Plesk XML API error codes). */
export const PLESK_ERRCODE = {
  authFailed: 1001,
  versionNotSupported: 1005,
  permissionDenied: 1006,
  panelAccessDenied: 1010,
  accountDisabled: 1011,
  lockedLogin: 1012,
  objectNotFound: 1013,
  xmlError: 1014,
  unknownAuthMethod: 1029,
  licenseExpired: 1030,
  badSecretKey: 11003,
} as const;

/** Codes that mean "these credentials will not get in": a retry only brings a lockout closer. */
const AUTH_CODES = new Set<number>([
  PLESK_ERRCODE.authFailed,
  PLESK_ERRCODE.panelAccessDenied,
  PLESK_ERRCODE.accountDisabled,
  PLESK_ERRCODE.lockedLogin,
  PLESK_ERRCODE.unknownAuthMethod,
  PLESK_ERRCODE.badSecretKey,
]);

/** Codes where the request itself is at fault or the server refuses for good: no retry heals them. */
const PERMANENT_CODES = new Set<number>([
  PLESK_ERRCODE.versionNotSupported,
  PLESK_ERRCODE.permissionDenied,
  PLESK_ERRCODE.xmlError,
  PLESK_ERRCODE.licenseExpired,
  1017, // feature not supported by this version
  1019, // invalid value
]);

/** Secrets the client holds, so no server text can carry them into a log. */
export type Secrets = readonly string[];

export function scrub(message: string, secrets: Secrets): string {
  let out = message;
  for (const secret of secrets) {
    if (secret.length >= 3) out = out.split(secret).join('***');
  }
  return out;
}

/** An error Plesk reported (in <system> or in a <result>) as a SyncError. */
export function pleskFault(code: number, errtext: string, where: string, secrets: Secrets): SyncError {
  const serverMessage = scrub(errtext, secrets);
  const message = `Plesk ${where} failed with error ${code}: ${serverMessage}`;
  if (AUTH_CODES.has(code)) return new SyncError('pleskAuthFailed', { serverCode: code, serverMessage, message });
  if (code === PLESK_ERRCODE.objectNotFound) return new SyncError('pleskAccountNotFound', { serverCode: code, serverMessage, message });
  return new SyncError(PERMANENT_CODES.has(code) ? 'pleskRejected' : 'pleskError', { serverCode: code, serverMessage, message });
}

/** The server's answer cannot be accepted (unsafe, oversize, malformed or not a Plesk packet). */
export function badResponse(why: string): SyncError {
  return new SyncError('pleskBadResponse', { message: `Plesk response refused: ${why}` });
}

export function transportFault(error: unknown, url: string): SyncError {
  const code = errorCode(error);
  const detail = error instanceof Error ? error.message : String(error);
  const kind = classifyTransport(error);
  if (kind === 'untrusted') {
    return new SyncError('untrustedCertificate', {
      message: `Plesk server at ${url} presented a certificate that is not trusted (${code}); install a trusted certificate or set tlsVerify to false`,
      ...(code ? { serverMessage: code } : {}),
      cause: error,
    });
  }
  const what = code && kind === 'network' ? code : detail;
  return new SyncError('pleskUnavailable', { message: `Plesk server at ${url} is unreachable: ${what}`, cause: error });
}

export function httpFault(status: number, url: string): SyncError {
  const message = `Plesk server at ${url} answered HTTP ${status}`;
  if (status >= 500 || status === 429 || status === 408) return new SyncError('pleskUnavailable', { message, serverCode: status });
  if (status === 401 || status === 403) return new SyncError('pleskAuthFailed', { message, serverCode: status });
  // 404 and friends: the URL is not a Plesk XML API endpoint; retrying cannot fix configuration.
  return new SyncError('pleskRejected', { message, serverCode: status });
}
