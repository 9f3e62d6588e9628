import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PleskSimulator } from '../../simulators/plesk';
import { clientFor, LOGIN, PASSWORD, startSim, stopAll } from './helpers';

/** The simulator's agent.php as an independent client (curl, fetch) sees it. */

const run = promisify(execFile);
const parser = new XMLParser({ parseTagValue: false, isArray: (name) => ['result', 'proto', 'customer', 'get'].includes(name) });

let obsidian: PleskSimulator;
let plesk9: PleskSimulator;

beforeAll(async () => {
  obsidian = await startSim({ generation: 'obsidian', estate: { size: 120, seed: 9 } });
  plesk9 = await startSim({ generation: 'plesk9', estate: { size: 30, seed: 9 } });
});
afterAll(stopAll);

/** Posts a packet with the admin's credentials; the password travels as UTF-8 bytes, as curl sends it. */
async function post(sim: PleskSimulator, body: string): Promise<string> {
  const response = await fetch(`${sim.url}/enterprise/control/agent.php`, {
    method: 'POST',
    headers: { 'Content-Type': 'text/xml', HTTP_AUTH_LOGIN: LOGIN, HTTP_AUTH_PASSWD: Buffer.from(PASSWORD).toString('latin1') },
    body,
  });
  expect(response.status).toBe(200);
  return response.text();
}

describe('Plesk simulator protocol', () => {
  it('answers the raw customer packet posted with curl with every customer of the estate', async () => {
    const packet = '<packet><customer><get><filter/><dataset><gen_info/></dataset></get></customer></packet>';
    const { stdout } = await run('curl', [
      '-sS',
      '-X',
      'POST',
      '-H',
      'Content-Type: text/xml',
      '-H',
      `HTTP_AUTH_LOGIN: ${LOGIN}`,
      '-H',
      `HTTP_AUTH_PASSWD: ${PASSWORD}`,
      '--data-binary',
      packet,
      `${obsidian.url}/enterprise/control/agent.php`,
    ]);
    const results = parser.parse(stdout).packet.customer[0].get[0].result as {
      status: string;
      id: string;
      data: { gen_info: { login: string } };
    }[];
    const customers = obsidian.snapshot().customers;
    expect(results).toHaveLength(customers.length);
    expect(results.map((r) => r.status)).toEqual(customers.map(() => 'ok'));
    expect(results.map((r) => [r.id, r.data.gen_info.login])).toEqual(customers.map((c) => [String(c.id), c.login]));
  });

  it('answers several operators and operations of one packet in the order asked', async () => {
    const [first, second] = obsidian.snapshot().customers;
    const xml = await post(
      obsidian,
      `<packet version="1.6.9.0"><customer><get><filter><id>${second?.id}</id></filter><dataset/></get><get><filter><id>${first?.id}</id></filter><dataset/></get></customer>` +
        '<server><get_protos/></server><customer><get><filter><id>99999</id></filter><dataset/></get></customer></packet>',
    );
    expect(xml.indexOf(`<id>${second?.id}</id>`)).toBeLessThan(xml.indexOf(`<id>${first?.id}</id>`));
    expect(xml.indexOf('<get_protos>')).toBeGreaterThan(xml.indexOf(`<id>${first?.id}</id>`));
    // A filter value that matches nothing is a per-result error; the rest of the packet still ran.
    expect(xml).toMatch(
      /<result><status>error<\/status><errcode>1013<\/errcode><errtext>client does not exist<\/errtext><filter-id>99999<\/filter-id><id>99999<\/id><\/result>/,
    );
  });

  it('lists its protocols newest first, and each generation only its own', async () => {
    const protosOf = async (sim: PleskSimulator) =>
      parser.parse(await post(sim, '<packet><server><get_protos/></server></packet>')).packet.server.get_protos.result[0].protos
        .proto as string[];
    expect((await protosOf(obsidian)).slice(0, 2)).toEqual(['1.6.9.1', '1.6.9.0']);
    expect((await protosOf(plesk9))[0]).toBe('1.6.0.2');
  });

  it('refuses an unknown protocol version with 1005 and accepts a short one', async () => {
    expect(await post(obsidian, '<packet version="1.2.3.4"><server><get_protos/></server></packet>')).toMatch(
      /<system><status>error<\/status><errcode>1005<\/errcode>/,
    );
    expect(await post(obsidian, '<packet version="1.6.9"><server><get_protos/></server></packet>')).toMatch(
      /^<\?xml[^>]*\?><packet version="1\.6\.9\.1">/,
    );
  });

  it('answers the user operator up to 1.6.9.0 only, as Plesk Obsidian does', async () => {
    const ask = (version: string) =>
      post(obsidian, `<packet version="${version}"><user><get><filter><all/></filter><dataset><gen-info/></dataset></get></user></packet>`);
    expect(await ask('1.6.9.0')).toMatch(/<is-built-in>1<\/is-built-in>/);
    expect(await ask('1.6.9.1')).toMatch(/<errcode>1014<\/errcode><errtext>Element &apos;user&apos;/);
  });

  it('refuses operators of the other generation and malformed packets with 1014 before running anything', async () => {
    expect(await post(plesk9, '<packet><customer><get><filter/><dataset/></get></customer></packet>')).toMatch(/<errcode>1014<\/errcode>/);
    expect(await post(obsidian, '<packet><client><get><filter/><dataset/></get></client></packet>')).toMatch(/<errcode>1014<\/errcode>/);
    expect(await post(obsidian, '<packet><customer><get><filter/>')).toMatch(/<errcode>1014<\/errcode>/);
    expect(await post(obsidian, '<packet><customer><get><filter><nick>x</nick></filter><dataset/></get></customer></packet>')).toMatch(
      /<errcode>1014<\/errcode>/,
    );
  });

  it('answers an empty estate with one bare ok result for customers and none for webspaces, which the connector reads as empty lists', async () => {
    const empty = await startSim({ estate: { size: 0 } });
    const xml = await post(
      empty,
      '<packet><customer><get><filter/><dataset/></get></customer><webspace><get><filter/><dataset/></get></webspace></packet>',
    );
    expect(xml).toContain('<customer><get><result><status>ok</status></result></get></customer><webspace><get/></webspace>');
    const estate = await clientFor(empty).readEstate();
    expect([estate.resellers, estate.customers, estate.domains, estate.mailboxes]).toEqual([[], [], [], []]);
  });

  it('answers a GET on agent.php with 405 and unknown paths with 404', async () => {
    expect((await fetch(`${obsidian.url}/enterprise/control/agent.php`)).status).toBe(405);
    expect((await fetch(`${obsidian.url}/nothing`)).status).toBe(404);
  });
});
