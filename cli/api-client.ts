/**
 * The CLI talks to the same HTTP API as everyone else (no shortcut into the database), so what it
 * can do is exactly what its token may do. Failures become CliError with the API's own message.
 */
import fs from 'node:fs';
import path from 'node:path';

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

export interface ApiAnswer<T> {
  status: number;
  body: T;
}

export interface Connection {
  api: string;
  token: string;
}

/** --api, else PVSYNC_API, else the local default; --token, else PVSYNC_TOKEN, else DATA_DIR/admin.token. */
export function resolveConnection(options: { api?: string; token?: string }, env: NodeJS.ProcessEnv = process.env): Connection {
  const api = (options.api ?? env.PVSYNC_API ?? 'http://localhost:3000').replace(/\/+$/, '');
  let token = options.token ?? env.PVSYNC_TOKEN;
  if (!token) {
    const file = path.resolve(env.DATA_DIR ?? '.data', 'admin.token');
    if (!fs.existsSync(file))
      throw new CliError(`No token: pass --token, set PVSYNC_TOKEN, or run where ${file} exists (npm start writes it)`);
    token = fs.readFileSync(file, 'utf8').trim();
  }
  return { api, token };
}

export class ApiClient {
  constructor(private readonly connection: Connection) {}

  get api(): string {
    return this.connection.api;
  }

  /**
   * Calls the API. Statuses in `accept` come back as answers (a 409 question about templates, a
   * 202 still running); any other 4xx/5xx is a CliError carrying the API's message.
   */
  async call<T>(method: string, route: string, options: { body?: unknown; accept?: number[] } = {}): Promise<ApiAnswer<T>> {
    let response: Response;
    try {
      response = await fetch(`${this.connection.api}${route}`, {
        method,
        headers: {
          authorization: `Bearer ${this.connection.token}`,
          ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
      });
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
      throw new CliError(`Cannot reach the API at ${this.connection.api} (${cause}); is it running? (--api or PVSYNC_API)`);
    }
    const text = await response.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : {};
    } catch {
      // Not JSON: keep the text for the message below.
    }
    if (response.ok || options.accept?.includes(response.status)) return { status: response.status, body: body as T };
    const message =
      typeof body === 'object' && body && 'message' in body ? String((body as { message: unknown }).message) : `HTTP ${response.status}`;
    throw new CliError(message);
  }

  async get<T>(route: string): Promise<T> {
    return (await this.call<T>('GET', route)).body;
  }
}
