/**
 * The Plesk extension's sign-in hand-off (plesk-extension/plib/library/HandOff.php signs it):
 *
 *   <payload>.<signature>, both base64url without padding
 *   payload   = JSON {v: 1, server, role, id?, login, name?, iat, exp, nonce}
 *   signature = HMAC-SHA256(shared secret, "pvsync-handoff.v1." + <payload as sent>)
 *
 * The secret is the one kept (sealed) in the settings of `server`. A hand-off is refused when the
 * signature does not match, when it has expired or lives longer than allowed, and when its nonce
 * was used before (handoff_nonces), so a copied link signs nobody in twice.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { Type, type Static } from 'typebox';
import { Value } from 'typebox/value';
import { REFUSAL_TEXT, type HandoffRefusal } from './handoff-refusals';

export type { HandoffRefusal };

export const HANDOFF_CONTEXT = 'pvsync-handoff.v1.';
/** The longest a hand-off may live (exp - iat): the extension signs for 60 s. */
export const MAX_LIFETIME_S = 300;
/** Clock difference tolerated between the Plesk server and ours. */
export const CLOCK_SKEW_S = 30;

const Payload = Type.Object(
  {
    v: Type.Literal(1),
    server: Type.String({ pattern: '^[a-z0-9][a-z0-9_-]{0,39}$' }),
    role: Type.Union([Type.Literal('admin'), Type.Literal('reseller'), Type.Literal('client'), Type.Literal('mailbox')]),
    /** Plesk client ID of a reseller or client. */
    id: Type.Optional(Type.String({ pattern: '^[0-9]{1,18}$' })),
    /** Plesk login; for a mailbox its e-mail address. */
    login: Type.String({ minLength: 1, maxLength: 255 }),
    name: Type.Optional(Type.String({ maxLength: 255 })),
    iat: Type.Integer(),
    exp: Type.Integer(),
    nonce: Type.String({ pattern: '^[A-Za-z0-9_-]{16,64}$' }),
  },
  { additionalProperties: false },
);
export type HandoffPayload = Static<typeof Payload>;

export class HandoffRefused extends Error {
  constructor(readonly refusal: HandoffRefusal) {
    super(REFUSAL_TEXT[refusal]);
  }
}

export function signHandoff(secret: string, payloadPart: string): string {
  return createHmac('sha256', secret)
    .update(HANDOFF_CONTEXT + payloadPart)
    .digest('base64url');
}

/** Splits and parses a hand-off without trusting it yet: the server it names picks the secret. */
export function parseHandoff(handoff: string): { payload: HandoffPayload; payloadPart: string; signature: string } {
  const match = /^([A-Za-z0-9_-]{1,4000})\.([A-Za-z0-9_-]{43})$/.exec(handoff);
  if (!match) throw new HandoffRefused('malformed');
  const [, payloadPart, signature] = match as unknown as [string, string, string];
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(payloadPart, 'base64url').toString('utf8'));
  } catch {
    throw new HandoffRefused('malformed');
  }
  if (!Value.Check(Payload, payload)) throw new HandoffRefused('malformed');
  if ((payload.role === 'reseller' || payload.role === 'client') && !payload.id) throw new HandoffRefused('malformed');
  return { payload, payloadPart, signature };
}

/** Checks signature and time; the nonce is the caller's (it needs the database). */
export function verifyHandoff(
  parsed: ReturnType<typeof parseHandoff>,
  secret: string,
  nowS = Math.floor(Date.now() / 1000),
): HandoffPayload {
  const expected = Buffer.from(signHandoff(secret, parsed.payloadPart));
  const given = Buffer.from(parsed.signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw new HandoffRefused('bad-signature');
  const { iat, exp } = parsed.payload;
  if (exp <= iat || exp - iat > MAX_LIFETIME_S || iat > nowS + CLOCK_SKEW_S) throw new HandoffRefused('malformed');
  if (nowS > exp + CLOCK_SKEW_S) throw new HandoffRefused('expired');
  return parsed.payload;
}
