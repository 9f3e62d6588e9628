/**
 * Request bodies from templates (connectors/voipnow/request-bodies.ts) must be byte for byte what
 * `soap` renders itself from the WSDL, for every call: the same operation and arguments go through
 * a client rendering every body with `soap` and one answering from templates, and the envelopes
 * they send are compared, over seeded random values (markup characters, quotes, blanks, CDATA,
 * non-ASCII text, numbers, booleans) and argument sets.
 */
import { describe, expect, it } from 'vitest';
import * as soap from 'soap';
import { moduleWsdlFile, type ModuleName } from '../../connectors/voipnow/modules';
import { templateBodies } from '../../connectors/voipnow/transport';
import { templatedRenderer } from '../../connectors/voipnow/request-bodies';
import { CLIENT_INFO, clientInfo, defined } from '../../connectors/voipnow/soap-values';

/** A soap client of `module` that records the envelopes it would send and answers each with an empty 200. */
async function recordingClient(module: ModuleName, templated: boolean) {
  const sent: string[] = [];
  const request = async (config: { data?: string }) => {
    sent.push(String(config.data));
    return { status: 200, statusText: 'OK', headers: {}, data: '', config };
  };
  const client = await soap.createClientAsync(moduleWsdlFile(module), { disableCache: true, request: request as never });
  client.setEndpoint('http://voipnow.invalid/soap2/agent.php');
  client.addSoapHeader({ userCredentials: { username: 'admin', password: 'secret' } }, '', 'h', 'http://4psa.com/HeaderData.xsd/2.5.1');
  if (templated) templateBodies(client);
  const call = async (operation: string, args: unknown) => {
    const method = (client as unknown as Record<string, (a: unknown) => Promise<unknown>>)[`${operation}Async`]!;
    await method.call(client, args).catch(() => undefined); // the empty answer does not parse; the request was sent
    return sent.at(-1)!;
  };
  return call;
}

/** A seeded generator (mulberry32): the same cases every run. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PIECES = ['a', 'Z', '7', ' ', '&', '<', '>', '"', "'", '\t', '\n', '\r', 'é', 'ß', '日本', '&amp;', ']]>', '@@pvsync-value-0@@'];

function text(rand: () => number): string {
  if (rand() < 0.05) return '<![CDATA[raw <b>&</b>]]>';
  let out = '';
  const length = 1 + Math.floor(rand() * 12);
  for (let i = 0; i < length; i++) out += PIECES[Math.floor(rand() * PIECES.length)];
  return out;
}

/** ClientInfo's text fields (passwordAuto, a boolean, is set apart below). */
const INFO_FIELDS = CLIENT_INFO.filter((field) => field !== 'passwordAuto');

function someInfo(rand: () => number): Record<string, unknown> {
  const fields: Record<string, string | number | boolean> = {};
  for (const field of INFO_FIELDS)
    if (rand() < 0.6) fields[field] = field === 'region' && rand() < 0.5 ? Math.floor(rand() * 90) : text(rand);
  if (rand() < 0.3) fields.passwordAuto = rand() < 0.5;
  return clientInfo(fields);
}

const CASES: { module: ModuleName; operation: string; args: (rand: () => number) => unknown }[] = [
  {
    module: 'Client',
    operation: 'AddClient',
    args: (r) => defined({ ...someInfo(r), templateID: Math.floor(r() * 50), parentID: r() < 0.7 ? Math.floor(r() * 999) : undefined }),
  },
  {
    module: 'Client',
    operation: 'GetClients',
    args: (r) => defined({ serverID: text(r), parentID: r() < 0.5 ? Math.floor(r() * 99) : undefined }),
  },
  { module: 'Client', operation: 'EditClient', args: (r) => defined({ ...someInfo(r), ID: Math.floor(r() * 999) }) },
  { module: 'Client', operation: 'GetClientDetails', args: (r) => ({ ID: Math.floor(r() * 999) }) },
  { module: 'Client', operation: 'MoveClients', args: (r) => ({ resellerID: Math.floor(r() * 99), ID: [1, 2, Math.floor(r() * 99)] }) },
  { module: 'Reseller', operation: 'AddReseller', args: (r) => defined({ ...someInfo(r), templateID: Math.floor(r() * 50) }) },
  { module: 'Reseller', operation: 'GetResellers', args: (r) => defined({ serverID: text(r), filter: r() < 0.3 ? text(r) : undefined }) },
  {
    module: 'Extension',
    operation: 'AddExtension',
    args: (r) => defined({ ...someInfo(r), templateID: Math.floor(r() * 50), extensionType: 'term', parentID: Math.floor(r() * 999) }),
  },
  { module: 'Extension', operation: 'GetExtensions', args: (r) => defined({ extensionType: 'term', serverID: text(r) }) },
  {
    module: 'Extension',
    operation: 'SetExtensionPL',
    args: (r) => ({ ID: Math.floor(r() * 99), soundManag: false, soundStorage: { attributes: { unlimited: false }, $value: 0 } }),
  },
];

describe('request bodies from templates', () => {
  it.each(CASES)(
    '$module $operation: the same envelope as soap renders, over 150 seeded argument sets',
    async ({ module, operation, args }) => {
      const plain = await recordingClient(module, false);
      const templated = await recordingClient(module, true);
      const rand = random(operation.length * 7919);
      for (let i = 0; i < 150; i++) {
        const input = args(rand);
        const expected = await plain(operation, structuredClone(input));
        expect(await templated(operation, structuredClone(input)), `${operation} #${i} ${JSON.stringify(input)}`).toBe(expected);
      }
    },
  );

  it('answers a repeated shape from its template, without asking soap to render it again', () => {
    let renders = 0;
    const render = (_name: string, params: unknown) => {
      renders += 1;
      return `<Op>${Object.values(params as Record<string, unknown>).join('|')}</Op>`;
    };
    const templated = templatedRenderer(render);
    expect(templated('Op', { a: 'x&y', b: 3 }, 'ns', 'uri', 'T')).toBe('<Op>x&amp;y|3</Op>');
    expect(templated('Op', { a: '<q>', b: 4 }, 'ns', 'uri', 'T')).toBe('<Op>&lt;q&gt;|4</Op>');
    expect(renders).toBe(1);
    // Another shape (b a string), nested values, an empty string: soap renders them.
    templated('Op', { a: 'x', b: '3' }, 'ns', 'uri', 'T');
    templated('Op', { a: { b: 1 } }, 'ns', 'uri', 'T');
    templated('Op', { a: '' }, 'ns', 'uri', 'T');
    expect(renders).toBe(4);
  });
});
