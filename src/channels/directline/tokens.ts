import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

export const TOKEN_LIFETIME_S = 30 * 60;

const payloadSchema = z.object({
  cid: z.string().min(1),
  uid: z.string().min(1),
  exp: z.number().int(),
  iat: z.number().int(),
  lc: z.string().max(35).optional(),
  n: z.string().optional(),
});
export type TokenGrant = { conversationId: string; userId: string; expiresAt: number; locale?: string };

function sign(secret: string, body: string): string {
  return createHmac('sha256', secret).update(body).digest('base64url');
}

/** A token is `payload.signature`, both base64url: it grants one conversation and one user until it expires. */
export function issueToken(
  secret: string,
  grant: { conversationId: string; userId: string; locale?: string },
  now = Date.now(),
): { token: string; expiresIn: number } {
  const iat = Math.floor(now / 1000);
  const payload = { cid: grant.conversationId, uid: grant.userId, lc: grant.locale, iat, exp: iat + TOKEN_LIFETIME_S, n: randomBytes(6).toString('base64url') };
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
  return { token: `${body}.${sign(secret, body)}`, expiresIn: TOKEN_LIFETIME_S };
}

/** The grant of a genuine, unexpired token; undefined for anything forged, tampered, malformed or expired. */
export function verifyToken(secret: string, token: string, now = Date.now()): TokenGrant | undefined {
  const [body, signature, extra] = token.split('.');
  if (!body || !signature || extra !== undefined) return undefined;
  const expected = Buffer.from(sign(secret, body));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  const parsed = payloadSchema.safeParse(decoded);
  if (!parsed.success || parsed.data.exp * 1000 <= now) return undefined;
  return { conversationId: parsed.data.cid, userId: parsed.data.uid, expiresAt: parsed.data.exp * 1000, locale: parsed.data.lc };
}
