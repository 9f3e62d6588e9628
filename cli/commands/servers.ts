/**
 * `servers`: the Plesk servers feeding VoipNow (decision 098): list them, add one (its discovery
 * starts at once), remove one (its discovery stops; links and history stay). The Plesk password
 * or secret key is read from PVSYNC_PLESK_SECRET, never from the command line (shell history).
 */
import { CliError, type ApiClient } from '../api-client';
import { when } from '../words';

interface ServerRow {
  pleskServer: string;
  pleskUrl?: string;
  soapTag?: string;
  linked?: number;
  removed?: boolean;
  removedAt?: string | null;
}

export async function listServers(client: ApiClient, print: (line: string) => void): Promise<number> {
  const { items } = await client.get<{ items: ServerRow[] }>('/api/v1/servers');
  if (items.length === 0) print('No Plesk servers registered.');
  for (const server of items) {
    const state = server.removed ? `removed ${when(server.removedAt ?? null)}` : 'served';
    print(
      `${server.pleskServer.padEnd(16)} ${state.padEnd(22)} tag ${server.soapTag ?? '-'}, ${server.linked ?? 0} linked, ${server.pleskUrl ?? ''}`,
    );
  }
  return 0;
}

export interface AddOptions {
  url: string;
  login?: string;
  key?: boolean;
  tag?: string;
  loginSuffix?: string;
}

export async function addServer(
  client: ApiClient,
  name: string,
  options: AddOptions,
  secret: string | undefined,
  print: (line: string) => void,
): Promise<number> {
  if (!secret)
    throw new CliError('Set PVSYNC_PLESK_SECRET to the Plesk password (or secret key with --key); it is not taken on the command line');
  const body = {
    pleskServer: name,
    plesk: options.key
      ? { url: options.url, authMethod: 'key', secret }
      : { url: options.url, authMethod: 'password', login: options.login ?? 'admin', secret },
    ...(options.tag ? { soap: { tag: options.tag } } : {}),
    ...(options.loginSuffix ? { voipnow: { loginSuffix: options.loginSuffix } } : {}),
  };
  const answer = await client.call<{ soap: { tag: string }; message?: string }>('POST', '/api/v1/servers', {
    body,
    accept: [400, 409, 422],
  });
  if (answer.status >= 400) throw new CliError(answer.body.message ?? `Registering ${name} failed`);
  print(`Registered ${name} (SOAP tag ${answer.body.soap.tag}); its discovery runs now and every 5 minutes.`);
  return 0;
}

export async function removeServer(client: ApiClient, name: string, print: (line: string) => void): Promise<number> {
  const answer = await client.call<{ message?: string }>('DELETE', `/api/v1/servers/${encodeURIComponent(name)}`, { accept: [404, 409] });
  if (answer.status >= 400) throw new CliError(answer.body.message ?? `Removing ${name} failed`);
  print(`Removed ${name}: its discovery stopped; its links and history stay until purged. Nothing was deleted in VoipNow.`);
  return 0;
}
