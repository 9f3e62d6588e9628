/**
 * The console talks to the JSON API only (the same routes, roles and checks as the CLI): the
 * browser's session cookie authenticates, and every state-changing request carries the session's
 * CSRF token. Errors come back in the API's words (`message`), which the screens show as they are.
 */

export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly body: Record<string, unknown>,
  ) {
    super(message);
  }
}

let csrfToken = '';
let onSignedOut: (() => void) | undefined;

export function setCsrfToken(token: string): void {
  csrfToken = token;
}

/** Called when the API says the session has ended (401): the app shows the sign-in page. */
export function whenSignedOut(handler: () => void): void {
  onSignedOut = handler;
}

type Query = Record<string, string | number | boolean | undefined | null>;

export function withQuery(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query))
    if (value !== undefined && value !== null && value !== '') params.set(name, String(value));
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

export async function api<T>(
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  path: string,
  body?: unknown,
  options: { query?: Query } = {},
): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET') headers['x-csrf-token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(withQuery(`/api/v1${path}`, options.query), {
      method,
      headers,
      credentials: 'same-origin',
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
  } catch {
    throw new ApiFailure(0, 'network', 'The server cannot be reached. Check your connection and try again.', {});
  }
  if (response.status === 204) return undefined as T;
  const data = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (!response.ok) {
    const message = typeof data.message === 'string' ? data.message : `The server answered ${response.status}`;
    const failure = new ApiFailure(response.status, typeof data.error === 'string' ? data.error : 'error', message, data);
    if (response.status === 401 && !path.startsWith('/session')) onSignedOut?.();
    throw failure;
  }
  return data as T;
}

export const get = <T>(path: string, query?: Query) => api<T>('GET', path, undefined, query ? { query } : {});
export const post = <T>(path: string, body?: unknown, query?: Query) => api<T>('POST', path, body ?? {}, query ? { query } : {});

/** The message to show for anything a call threw. */
export function messageOf(error: unknown): string {
  if (error instanceof ApiFailure) return error.message;
  return error instanceof Error ? error.message : String(error);
}

/** `plesk1/client/7` → the path of that account's screen. */
export const accountPath = (key: string) => `/console/accounts/${key}`;
