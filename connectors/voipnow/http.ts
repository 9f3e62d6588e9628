/**
 * The HTTP client under the `soap` package: node:http(s) on the connector's kept-alive agent, in
 * place of the axios instance `soap` makes by default. `soap` hands it an axios-style request
 * (url, method, headers, data, timeout, agents, and our deadlineMs) and reads an axios-style answer (status,
 * headers, data as text); it is passed to `soap` as its documented `request` option.
 *
 * Why: a replication makes two SOAP calls per account, and axios (with follow-redirects under
 * it) was a sixth of the worker's main-thread CPU and a seventh of what it allocated (issue 16,
 * bench/README.md). `soap` still builds and reads every envelope against the WSDL.
 *
 * Failures keep the shapes connectors/voipnow/errors.ts reads: Node's own errors (ECONNREFUSED,
 * ECONNRESET, TLS codes), ETIMEDOUT when the server is silent for `timeout` ms or the whole call
 * outlasts `deadlineMs`, and any HTTP status as an answer (`soap` reads faults out of 500s).
 */
import http from 'node:http';
import https from 'node:https';

/** The part of an axios request config `soap` 1.x sets. */
export interface SoapHttpRequest {
  url: string;
  method: string;
  headers: Record<string, string | number>;
  data?: string | Buffer | Buffer[];
  timeout?: number;
  /** The whole call's limit in ms (ours, passed through `soap`'s call options): one timer, no AbortSignal per call. */
  deadlineMs?: number;
  httpAgent?: http.Agent;
  httpsAgent?: https.Agent;
}

export interface SoapHttpResponse {
  status: number;
  statusText: string;
  headers: http.IncomingHttpHeaders;
  data: string;
  config: SoapHttpRequest;
}

const MAX_ANSWER_BYTES = 64 * 1024 * 1024;

function timedOut(message: string): Error {
  return Object.assign(new Error(message), { code: 'ETIMEDOUT' });
}

export function soapHttpRequest(config: SoapHttpRequest): Promise<SoapHttpResponse> {
  return new Promise((resolve, reject) => {
    const url = new URL(config.url);
    const secure = url.protocol === 'https:';
    const body = Array.isArray(config.data) ? Buffer.concat(config.data) : config.data;
    const headers = { ...config.headers };
    if (body !== undefined) headers['Content-Length'] = Buffer.byteLength(body);
    const request = (secure ? https : http).request(url, {
      method: config.method,
      headers,
      agent: secure ? config.httpsAgent : config.httpAgent,
    });
    const deadline = config.deadlineMs
      ? setTimeout(() => request.destroy(timedOut(`no complete answer within the call's time limit`)), config.deadlineMs)
      : undefined;
    const settle = () => clearTimeout(deadline);
    if (config.timeout) request.setTimeout(config.timeout, () => request.destroy(timedOut(`timeout of ${config.timeout} ms exceeded`)));
    request.on('error', (error) => {
      settle();
      reject(error);
    });
    request.on('response', (response) => {
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_ANSWER_BYTES) request.destroy(new Error(`the answer is larger than ${MAX_ANSWER_BYTES} bytes`));
        else chunks.push(chunk);
      });
      response.on('error', (error) => {
        settle();
        reject(error);
      });
      response.on('end', () => {
        settle();
        resolve({
          status: response.statusCode ?? 0,
          statusText: response.statusMessage ?? '',
          headers: response.headers,
          data: Buffer.concat(chunks).toString('utf8'),
          config,
        });
      });
    });
    request.end(body);
  });
}
