import http from 'node:http';
import https from 'node:https';
import { badResponse, httpFault, transportFault } from './errors';
import { SyncError } from '../../domain';

/**
 * One HTTP POST of an XML packet to agent.php. Node's own http/https rather than fetch: fetch
 * cannot switch certificate verification per request without an extra dependency, and we need
 * to stop reading a body the moment it passes the size cap.
 */

export const AGENT_PATH = '/enterprise/control/agent.php';

export interface TransportOptions {
  url: string;
  headers: Record<string, string>;
  tlsVerify: boolean;
  timeoutMs: number;
  maxResponseBytes: number;
  maxSockets: number;
}

export interface Transport {
  post(body: string): Promise<string>;
  close(): void;
}

export function createTransport(options: TransportOptions): Transport {
  const endpoint = agentUrl(options.url);
  // Keep-alive: an estate read sends hundreds of packets; new TLS handshakes would dominate.
  const agent =
    endpoint.protocol === 'https:'
      ? new https.Agent({ keepAlive: true, maxSockets: options.maxSockets, rejectUnauthorized: options.tlsVerify })
      : new http.Agent({ keepAlive: true, maxSockets: options.maxSockets });
  return { post: (body) => post(options, endpoint, agent, body), close: () => agent.destroy() };
}

/** Settles a call once: the first error or answer wins. */
type Finish = (error: SyncError | undefined, value?: string) => void;

function post(options: TransportOptions, endpoint: URL, agent: http.Agent, body: string): Promise<string> {
  const payload = Buffer.from(body, 'utf8');
  const shownUrl = endpoint.origin;
  return new Promise<string>((resolve, reject) => {
    let settled = false;
    const finish: Finish = (error, value) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (error) reject(error);
      else resolve(value ?? '');
    };
    let request: http.ClientRequest;
    try {
      request = (endpoint.protocol === 'https:' ? https : http).request(endpoint, {
        method: 'POST',
        agent,
        headers: { ...options.headers, 'Content-Type': 'text/xml; charset=UTF-8', 'Content-Length': String(payload.length) },
      });
    } catch {
      // Node refuses header values with control characters; the message would quote them.
      reject(
        new SyncError('pleskAuthFailed', { message: 'The Plesk credentials contain characters that cannot be sent in an HTTP header' }),
      );
      return;
    }
    const timer = setTimeout(() => {
      finish(new SyncError('pleskUnavailable', { message: `Plesk server at ${shownUrl} did not answer within ${options.timeoutMs} ms` }));
      request.destroy();
    }, options.timeoutMs);
    request.on('error', (error) => finish(transportFault(error, shownUrl)));
    request.on('response', (response) => readResponse(response, options.maxResponseBytes, shownUrl, finish));
    request.end(payload);
  });
}

/** Reads an answer's body, refusing an error status, and a body past the size cap as soon as it passes it. */
function readResponse(response: http.IncomingMessage, limit: number, shownUrl: string, finish: Finish): void {
  const status = response.statusCode ?? 0;
  if (status < 200 || status >= 300) {
    response.resume();
    finish(httpFault(status, shownUrl));
    return;
  }
  const declared = Number(response.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    finish(badResponse(`the server announced ${declared} bytes, more than the limit of ${limit}`));
    response.destroy();
    return;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  response.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size > limit) {
      finish(badResponse(`the response is larger than the limit of ${limit} bytes`));
      response.destroy();
      return;
    }
    chunks.push(chunk);
  });
  response.on('error', (error) => finish(transportFault(error, shownUrl)));
  response.on('end', () => finish(undefined, Buffer.concat(chunks).toString('utf8')));
  // A server that closes mid-body without 'end' is a broken connection.
  response.on('close', () => {
    if (!response.complete) finish(transportFault(new Error('connection closed before the response was complete'), shownUrl));
  });
}

/** Accepts `https://host:8443`, `https://host:8443/` or the full agent.php URL. */
export function agentUrl(url: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new SyncError('pleskRejected', { message: `"${url}" is not a valid Plesk URL` });
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new SyncError('pleskRejected', { message: `Plesk URL must start with https:// or http://, got ${parsed.protocol}` });
  }
  if (!parsed.pathname.endsWith(AGENT_PATH)) parsed.pathname = parsed.pathname.replace(/\/+$/, '') + AGENT_PATH;
  // Credentials in the URL would end up in logs; the options carry them instead.
  parsed.username = '';
  parsed.password = '';
  return parsed;
}
