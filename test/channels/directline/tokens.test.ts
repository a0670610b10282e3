import { issueToken, TOKEN_LIFETIME_S, verifyToken } from '../../../src/channels/directline/tokens';

const SECRET = 'a-test-secret-that-is-long-enough-0123456789';
const NOW = Date.UTC(2026, 0, 14, 12, 0, 0);
const grant = { conversationId: 'conv1', userId: 'web_user1', locale: 'es-ES' };
const good = issueToken(SECRET, grant, NOW).token;
const [body, signature] = good.split('.');
const reencode = (change: Record<string, unknown>) => {
  const payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Record<string, unknown>;
  return Buffer.from(JSON.stringify({ ...payload, ...change })).toString('base64url');
};

describe('Direct Line tokens', () => {
  it('grant the one conversation and user they were issued for, for 30 minutes', () => {
    expect(verifyToken(SECRET, good, NOW)).toEqual({ ...grant, expiresAt: NOW + TOKEN_LIFETIME_S * 1000 });
    expect(verifyToken(SECRET, good, NOW + (TOKEN_LIFETIME_S - 1) * 1000)).toBeDefined();
  });

  it.each([
    ['expired', good, NOW + TOKEN_LIFETIME_S * 1000],
    ['signed with another secret', issueToken(`${SECRET}x`, grant, NOW).token, NOW],
    ['for another conversation with the old signature', `${reencode({ cid: 'conv2' })}.${signature}`, NOW],
    ['with its expiry pushed back', `${reencode({ exp: 9_999_999_999 })}.${signature}`, NOW],
    ['without a signature', body, NOW],
    ['with an extra part', `${good}.x`, NOW],
    ['with a truncated signature', `${body}.${signature.slice(0, -2)}`, NOW],
    ['empty', '', NOW],
    ['not base64 JSON', 'bm90IGpzb24.c2ln', NOW],
  ])('refuse a token that is %s', (_name, token, now) => {
    expect(verifyToken(SECRET, token, now)).toBeUndefined();
  });

  it('differ each time, even for the same grant at the same second', () => {
    expect(issueToken(SECRET, grant, NOW).token).not.toBe(issueToken(SECRET, grant, NOW).token);
  });
});
