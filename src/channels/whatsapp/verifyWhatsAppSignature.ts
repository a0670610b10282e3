import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Checks `X-Hub-Signature-256: sha256=<hex>`: HMAC-SHA256 of the raw body, exactly as received, keyed with the
 * app secret, compared in constant time. The body must not be parsed and re-serialised first: Meta signs its bytes.
 */
export function verifyWhatsAppSignature(header: string | undefined, rawBody: Buffer, appSecret: string): boolean {
  const match = /^sha256=([0-9a-fA-F]{64})$/.exec(header?.trim() ?? '');
  if (!match) return false;
  const given = Buffer.from(match[1].toLowerCase(), 'hex');
  const expected = createHmac('sha256', appSecret).update(rawBody).digest();
  return timingSafeEqual(given, expected);
}

/** The same as Meta computes it, for tests and the local fake. */
export function signWhatsAppBody(rawBody: Buffer | string, appSecret: string): string {
  return `sha256=${createHmac('sha256', appSecret).update(rawBody).digest('hex')}`;
}

/** The verify token of the webhook check, compared in constant time. */
export function sameSecret(given: string, expected: string): boolean {
  const a = createHmac('sha256', 'camino-compare').update(given).digest();
  const b = createHmac('sha256', 'camino-compare').update(expected).digest();
  return timingSafeEqual(a, b);
}
