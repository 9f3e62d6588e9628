import { type IncomingHttpHeaders } from 'node:http';
import { legacyOperators, modernOperators, type Operators, type PacketContext } from './operators';
import { type EstateStore } from './store';
import { BadPacket, parsePacket, systemError } from './xml';

/**
 * agent.php: checks a packet before running anything (authentication, XML, version, known
 * operators), answering failures there with <system>, then runs its operations in order.
 */

export type Generation = 'obsidian' | 'plesk9';

/** What get_protos answers, newest first. Obsidian offers only the Plesk 10+ protocols (ASSUMED simplification). */
export const PROTOS: Readonly<Record<Generation, readonly string[]>> = {
  obsidian: [
    '1.6.9.1',
    '1.6.9.0',
    '1.6.8.0',
    '1.6.7.0',
    '1.6.6.0',
    '1.6.5.0',
    '1.6.3.5',
    '1.6.3.4',
    '1.6.3.3',
    '1.6.3.2',
    '1.6.3.1',
    '1.6.3.0',
  ],
  plesk9: ['1.6.0.2', '1.6.0.1', '1.6.0.0', '1.5.2.1', '1.5.2.0', '1.5.1.0', '1.5.0.0', '1.4.2.0'],
};

export interface AgentCredentials {
  login: string;
  password: string;
  secretKey: string | undefined;
}

function compare(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 4; i++) if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pa[i] ?? 0) - (pb[i] ?? 0);
  return 0;
}

/** Header values arrive as Latin-1 in Node; clients send UTF-8 bytes. */
function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  const text = Array.isArray(value) ? value[0] : value;
  return text === undefined ? undefined : Buffer.from(text, 'latin1').toString('utf8');
}

export class Agent {
  private readonly modern: Operators;
  private readonly legacy: Operators;

  constructor(
    private readonly store: EstateStore,
    private readonly generation: Generation,
    private readonly credentials: AgentCredentials,
  ) {
    this.modern = modernOperators(store);
    this.legacy = legacyOperators(store);
  }

  get newest(): string {
    return PROTOS[this.generation][0] as string;
  }

  /** undefined when allowed; else the <system> answer: 1001 wrong credentials, 11003 wrong key, 1006 no API access. */
  authenticate(headers: IncomingHttpHeaders): string | undefined {
    const key = header(headers, 'KEY');
    if (key !== undefined) {
      return this.credentials.secretKey !== undefined && key === this.credentials.secretKey
        ? undefined
        : systemError(this.newest, 11003, 'Secret key is invalid');
    }
    const login = header(headers, 'HTTP_AUTH_LOGIN');
    const password = header(headers, 'HTTP_AUTH_PASSWD');
    if (login === this.credentials.login && password === this.credentials.password) return undefined;
    // Resellers and customers log in fine but lack the XML API permission here.
    const account = [...this.store.resellers.values(), ...this.store.customers.values()].find((a) => a.login === login);
    if (account && password !== undefined && account.password === password) {
      return systemError(this.newest, 1006, 'Permission denied: this account is not allowed to use the XML API');
    }
    return systemError(this.newest, 1001, 'Authentication failed: wrong login or password');
  }

  /** The version a packet asks for: absent = newest; short forms (1.6.9) = the newest matching. */
  private resolveVersion(asked: string | undefined): string | undefined {
    const protos = PROTOS[this.generation];
    if (asked === undefined || asked === '') return protos[0];
    if (!/^\d+(\.\d+){1,3}$/.test(asked)) return undefined;
    return protos.find((p) => p === asked) ?? protos.find((p) => p.startsWith(`${asked}.`));
  }

  /** Answers one already-authenticated packet. */
  run(body: string): string {
    let packet;
    try {
      packet = parsePacket(body);
    } catch (error) {
      return systemError(this.newest, 1014, error instanceof BadPacket ? error.message : 'XML parse error');
    }
    const version = this.resolveVersion(packet.attributes['version']);
    if (!version) return systemError(this.newest, 1005, `Unsupported protocol version ${packet.attributes['version'] ?? ''}`);
    const legacy = this.generation === 'plesk9';
    const ctx: PacketContext = { store: this.store, legacy, withOwner: compare(version, '1.6.0.0') >= 0, protos: PROTOS[this.generation] };
    const operators = legacy ? this.legacy : this.modern;
    // Check every operator and operation first: a packet either runs whole or not at all.
    const plan: { operator: string; operations: (() => string)[] }[] = [];
    for (const operator of packet.children) {
      if (operator.name === 'request-settings') continue;
      const handlers = operators[operator.name];
      const tooNew = (operator.name === 'user' && compare(version, '1.6.9.0') > 0) || (operator.name === 'reseller' && !ctx.withOwner);
      if (!handlers || tooNew)
        return systemError(version, 1014, `Element '${operator.name}': This element is not expected (protocol ${version}).`);
      const operations: (() => string)[] = [];
      for (const operation of operator.children) {
        const handler = handlers[operation.name];
        if (!handler) return systemError(version, 1014, `Element '${operation.name}': This element is not expected in <${operator.name}>.`);
        operations.push(() => handler(ctx, operation));
      }
      plan.push({ operator: operator.name, operations });
    }
    try {
      const answers = plan.map(({ operator, operations }) => `<${operator}>${operations.map((run) => run()).join('')}</${operator}>`);
      return `<?xml version="1.0" encoding="UTF-8"?><packet version="${version}">${answers.join('')}</packet>`;
    } catch (error) {
      // Filters the schema would refuse surface while running; nothing changed, so it is still a checkup failure.
      if (error instanceof BadPacket) return systemError(version, 1014, error.message);
      throw error;
    }
  }
}
