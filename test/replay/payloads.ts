/**
 * Recorded histories are committed with their payloads decoded: the engine's payloads are sealed
 * with a run's random ENCRYPTION_KEY (temporal/codec.ts), so the recorder opens every payload
 * before writing the history, and the replay worker needs no key at all.
 */
import type { Payload, PayloadCodec } from '@temporalio/common';

interface JsonPayload {
  metadata?: Record<string, string>;
  data?: string;
}

const isJsonPayload = (value: unknown): value is JsonPayload =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as JsonPayload).metadata === 'object' &&
  typeof (value as JsonPayload).metadata?.encoding === 'string';

const toPayload = (json: JsonPayload): Payload => ({
  metadata: Object.fromEntries(Object.entries(json.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64')])),
  ...(json.data !== undefined ? { data: Buffer.from(json.data, 'base64') } : {}),
});

const toJson = (payload: Payload): JsonPayload => ({
  metadata: Object.fromEntries(Object.entries(payload.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v).toString('base64')])),
  ...(payload.data ? { data: Buffer.from(payload.data).toString('base64') } : {}),
});

/** Every payload of a history in proto-JSON form, decoded with `codec` (in place), wherever it sits. */
export async function decodeHistoryPayloads(node: unknown, codec: PayloadCodec): Promise<void> {
  if (Array.isArray(node)) {
    for (let i = 0; i < node.length; i += 1) {
      const item: unknown = node[i];
      if (isJsonPayload(item)) node[i] = toJson((await codec.decode([toPayload(item)]))[0]!);
      else await decodeHistoryPayloads(item, codec);
    }
    return;
  }
  if (typeof node !== 'object' || node === null) return;
  const record = node as Record<string, unknown>;
  for (const [field, value] of Object.entries(record)) {
    if (isJsonPayload(value)) record[field] = toJson((await codec.decode([toPayload(value)]))[0]!);
    else await decodeHistoryPayloads(value, codec);
  }
}

/** Whether any payload of the history is still sealed (the committed files must hold none). */
export function hasSealedPayload(node: unknown): boolean {
  if (Array.isArray(node)) return node.some(hasSealedPayload);
  if (typeof node !== 'object' || node === null) return false;
  if (isJsonPayload(node)) return Buffer.from(node.metadata!.encoding!, 'base64').toString() === 'binary/encrypted';
  return Object.values(node).some(hasSealedPayload);
}
