import { badResponse, pleskFault, PLESK_ERRCODE, type Secrets } from './errors';
import { type Transport } from './transport';
import { child, children, parseXml, text, XmlRefused, type XmlNode } from './xml';

/**
 * Sending packets and reading what comes back: the envelope, <system> errors, and the results of
 * each operation in the order they were sent.
 */

export interface OperationResult {
  ok: boolean;
  errcode: number | undefined;
  errtext: string;
  id: string | undefined;
  filterId: string | undefined;
  /** The whole <result> element (data, mailname, ...). */
  node: XmlNode;
}

export class Session {
  constructor(
    private readonly transport: Transport,
    private readonly secrets: Secrets,
  ) {}

  /**
   * Posts one packet; returns its <packet> element. Throws the mapped SyncError for a <system>
   * error, and pleskBadResponse for anything that is not a safe, well-formed Plesk packet.
   */
  async send(operations: string, version: string | undefined): Promise<XmlNode> {
    const versionAttribute = version === undefined ? '' : ` version="${version}"`;
    const body = `<?xml version="1.0" encoding="UTF-8"?><packet${versionAttribute}>${operations}</packet>`;
    const raw = await this.transport.post(body);
    let root: XmlNode;
    try {
      root = parseXml(raw);
    } catch (error) {
      if (error instanceof XmlRefused) throw badResponse(error.message);
      throw error;
    }
    const packet = child(root, 'packet');
    if (!packet) throw badResponse('the answer is not a Plesk <packet>');
    const system = child(packet, 'system');
    if (system && text(system, 'status') === 'error') {
      throw pleskFault(readCode(system), text(system, 'errtext') ?? '', 'request', this.secrets);
    }
    return packet;
  }

  /** Results of every `operation` under every `operator` element, one array per operation sent. */
  operationResults(packet: XmlNode, operator: string, operation: string): OperationResult[][] {
    const out: OperationResult[][] = [];
    for (const op of children(packet, operator)) {
      for (const node of children(op, operation)) out.push(children(node, 'result').map(readResult));
    }
    return out;
  }

  /**
   * Keeps results that are ok and carry an object; drops objects that vanished (1013) between
   * listing and reading; throws on any other error.
   */
  okResults(results: readonly OperationResult[], where: string): OperationResult[] {
    const kept: OperationResult[] = [];
    for (const result of results) {
      if (result.ok) {
        // A lone ok result without id is Plesk's way of saying "nothing matched".
        if (result.id !== undefined || result.node['mailname'] !== undefined) kept.push(result);
      } else if (result.errcode !== PLESK_ERRCODE.objectNotFound) {
        throw this.fault(result, where);
      }
    }
    return kept;
  }

  fault(result: OperationResult, where: string): Error {
    return pleskFault(result.errcode ?? 0, result.errtext, where, this.secrets);
  }
}

function readCode(node: XmlNode): number {
  const code = Number(text(node, 'errcode'));
  return Number.isFinite(code) ? code : 0;
}

function readResult(node: XmlNode): OperationResult {
  const status = text(node, 'status');
  return {
    ok: status === 'ok',
    errcode: status === 'ok' ? undefined : readCode(node),
    errtext: text(node, 'errtext') ?? '',
    id: text(node, 'id') || undefined,
    filterId: text(node, 'filter-id') || undefined,
    node,
  };
}
