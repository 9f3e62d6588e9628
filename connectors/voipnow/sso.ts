/**
 * VoipNow's SSO endpoint: asked with our own (global) account, it gives a one-time login URL for
 * a user. Its answer is JSON, not SOAP, so it is a plain HTTPS POST.
 */
import http from 'node:http';
import https from 'node:https';
import { cryptedAuth } from './crypted-auth';
import type { VoipnowClientOptions } from './types';

export type SsoLogin = { url: string; expiresIn: number };

/** Undefined when SSO is not installed, refuses, or cannot be reached: the caller falls back. */
export async function requestSsoLogin(options: VoipnowClientOptions, login: string): Promise<SsoLogin | undefined> {
  const answer = await postJson(
    `${options.url.replace(/\/+$/, '')}/__sso/token`,
    { login },
    {
      authorization: ssoAuthorization(options),
      tlsVerify: options.tlsVerify !== false,
      timeoutMs: options.timeoutMs,
    },
  ).catch(() => undefined);
  if (answer?.status !== 200) return undefined;
  const body = answer.body as { url?: unknown; expiresIn?: unknown };
  if (typeof body.url !== 'string' || !/^https?:\/\//.test(body.url)) return undefined;
  return { url: body.url, expiresIn: typeof body.expiresIn === 'number' ? body.expiresIn : 60 };
}

/** The global account, as the settings authenticate: Basic for password and app key, the encrypted key otherwise. */
function ssoAuthorization(options: VoipnowClientOptions): string {
  const auth = options.auth;
  if (auth.method === 'encryptedKey') return `CryptedAuth ${cryptedAuth(auth.publicKey, auth.username)}`;
  const [user, secret] = auth.method === 'password' ? [auth.username, auth.password] : [auth.appKey, auth.appSecret];
  return `Basic ${Buffer.from(`${user}:${secret}`).toString('base64')}`;
}

function postJson(
  url: string,
  body: unknown,
  options: { authorization: string; tlsVerify: boolean; timeoutMs: number },
): Promise<{ status: number; body: unknown }> {
  const payload = JSON.stringify(body);
  const target = new URL(url);
  const transport = target.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const request = transport.request(
      target,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), authorization: options.authorization },
        timeout: options.timeoutMs,
        ...(target.protocol === 'https:' ? { rejectUnauthorized: options.tlsVerify } : {}),
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: parseJson(Buffer.concat(chunks).toString('utf8')) }));
        response.on('error', reject);
      },
    );
    request.on('timeout', () => request.destroy(new Error('timeout')));
    request.on('error', reject);
    request.end(payload);
  });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) ?? {};
  } catch {
    return {};
  }
}
