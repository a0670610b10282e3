import fc from 'fast-check';
import { issueToken } from '../../../src/channels/directline/tokens';
import { computeSignature } from '../../../src/channels/wechat/wechatCrypto';
import { WECHAT_TOKEN } from './wechatUser';

export interface HostileRequest {
  /** What kind of attack, for the figures. */
  kind: string;
  method: string;
  /** Sent as is, without normalisation (path tricks stay tricks). */
  path: string;
  headers: Record<string, string>;
  body?: string | Buffer;
}

const json = { 'content-type': 'application/json' };
const hex = (minLength: number, maxLength: number) => fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength, maxLength });
const xml = { 'content-type': 'text/xml' };

/** Text that breaks things: control characters, lone surrogates, bidi overrides, huge and combining runs. */
const nastyText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 64 }),
  fc.constantFrom('\u0000', '\ud800', '\udfff', '\u202e\u202d', '\ufeff', 'A\u0301\u0301\u0301\u0301', '💥'.repeat(500), '../../../../etc/passwd', '%00', '${jndi:ldap://127.0.0.1/x}', '<script>alert(1)</script>', "' OR 1=1 --"),
);
const wrongType = fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.integer(), { maxLength: 3 }), fc.double(), fc.constant({}), fc.constant(''));
const nested = (depth: number, open: string, close: string) => open.repeat(depth) + close.repeat(depth);
const deep = fc.integer({ min: 500, max: 200_000 }).chain((depth) => fc.constantFrom(nested(depth, '[', ']'), nested(depth, '{"a":', '}').replace(/:}/, ':1}'), `${'{"a":'.repeat(depth)}`));

/** An activity missing a field botbuilder needs, or with a field of the wrong type: it must never run a turn. */
const brokenActivity = fc
  .record({
    field: fc.constantFrom('type', 'channelId', 'serviceUrl', 'conversation', 'from', 'text', 'locale', 'id'),
    value: fc.oneof(wrongType, fc.constant(undefined), fc.string({ minLength: 5001, maxLength: 6000 }).map((s) => s), nastyText.map((s) => ({ id: '' + s.slice(0, 0) }))),
    extra: fc.dictionary(fc.constantFrom('__proto__', 'constructor', 'prototype', 'channelData', 'entities', 'attachments', 'value'), fc.oneof(wrongType, nastyText)),
    text: nastyText,
  })
  .map(({ field, value, extra, text }) => {
    const activity: Record<string, unknown> = { type: 'message', channelId: 'emulator', serviceUrl: 'http://127.0.0.1:9', conversation: { id: 'fuzz' }, from: { id: 'fuzz' }, text, ...extra };
    // The chosen field is made wrong in a way the schema must refuse: absent, wrong type, too long, or an empty id.
    if (field === 'text' || field === 'locale' || field === 'id') activity[field] = typeof value === 'string' ? value.padEnd(6000, 'x') : (value ?? 1);
    else if (value === undefined) delete activity[field];
    else activity[field] = typeof value === 'string' ? value.slice(0, 0) : value;
    return JSON.stringify(activity);
  });

const badJson = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 200 }).map((s) => `{${s}`),
  fc.constantFrom('', '{', '{"type":', 'null', '[]', '"text"', '1e999999', '{"a":1,}', "{'type':'message'}", 'NaN', 'undefined'),
  deep,
  fc.uint8Array({ minLength: 1, maxLength: 300 }).map((bytes) => Buffer.concat([Buffer.from('{"text":"'), Buffer.from(bytes), Buffer.from([0xc0, 0xaf, 0xff])])),
);

export const apiMessages: fc.Arbitrary<HostileRequest> = fc.oneof(
  brokenActivity.map((body) => ({ kind: '/api/messages broken activity', method: 'POST', path: '/api/messages', headers: json, body })),
  badJson.map((body) => ({ kind: '/api/messages bad JSON', method: 'POST', path: '/api/messages', headers: json, body })),
  fc.integer({ min: 300_000, max: 2_000_000 }).map((n) => ({ kind: '/api/messages huge body', method: 'POST', path: '/api/messages', headers: json, body: `{"type":"message","text":"${'x'.repeat(n)}"}` })),
  fc.constantFrom('text/plain', 'application/xml', 'multipart/form-data; boundary=x', 'application/x-www-form-urlencoded').map((type) => ({ kind: '/api/messages wrong content type', method: 'POST', path: '/api/messages', headers: { 'content-type': type }, body: 'type=message&text=hi' })),
  fc.constantFrom('GET', 'PUT', 'DELETE', 'PATCH').map((method) => ({ kind: '/api/messages wrong method', method, path: '/api/messages', headers: {} })),
);

/** Tokens that are not genuine: random, signed with another secret, tampered, "alg none", expired-looking, huge. */
const forgedToken = fc.oneof(
  fc.string({ unit: 'grapheme-ascii', maxLength: 80 }).filter((s) => /^[\x21-\x7e]*$/.test(s)),
  fc.record({ secret: fc.string({ minLength: 32, maxLength: 40 }), cid: fc.string({ minLength: 1, maxLength: 40 }) }).map(({ secret, cid }) => issueToken(secret, { conversationId: cid, userId: 'u' }).token),
  fc.constantFrom('eyJhbGciOiJub25lIn0.eyJjaWQiOiJ4IiwidWlkIjoieSJ9.', 'a.b.c', '.', '..', 'Bearer', 'null', 'undefined'),
  fc.integer({ min: 10_000, max: 15_000 }).map((n) => 'A'.repeat(n)),
);
const conversationId = fc.oneof(hex(1, 40), fc.constantFrom('..%2f..%2fetc%2fpasswd', '%00', '%2e%2e', 'a%20b', '%E2%80%AE', '..', '%252e%252e'));
const watermark = fc.oneof(fc.constant(''), fc.constantFrom('-1', 'NaN', '1e400', '9'.repeat(400), '0x10', '1;DROP TABLE activities'), fc.integer().map(String));

export const directLine: fc.Arbitrary<HostileRequest> = fc
  .record({ token: forgedToken, id: conversationId, wm: watermark, body: fc.oneof(brokenActivity, badJson.map(String), fc.constant('{"type":"message","text":"hi"}')) })
  .chain(({ token, id, wm, body }) => {
    const auth = { authorization: `Bearer ${token}` };
    return fc.constantFrom<HostileRequest>(
      { kind: 'Direct Line tokens/generate with a wrong secret', method: 'POST', path: '/v3/directline/tokens/generate', headers: { ...json, ...auth }, body },
      { kind: 'Direct Line tokens/refresh forged', method: 'POST', path: '/v3/directline/tokens/refresh', headers: { ...json, ...auth } },
      { kind: 'Direct Line conversations forged', method: 'POST', path: '/v3/directline/conversations', headers: { ...json, ...auth }, body },
      { kind: 'Direct Line reconnect forged', method: 'GET', path: `/v3/directline/conversations/${id}?watermark=${encodeURIComponent(wm)}`, headers: auth },
      { kind: 'Direct Line post activity forged', method: 'POST', path: `/v3/directline/conversations/${id}/activities`, headers: { ...json, ...auth }, body },
      { kind: 'Direct Line poll forged', method: 'GET', path: `/v3/directline/conversations/${id}/activities?watermark=${encodeURIComponent(wm)}`, headers: auth },
      { kind: 'Direct Line stream without upgrade', method: 'GET', path: `/v3/directline/conversations/${id}/stream?t=${encodeURIComponent(token)}`, headers: {} },
      { kind: 'Direct Line path tricks', method: 'GET', path: `/v3/directline/${id}/../../../../etc/passwd`, headers: auth },
      { kind: 'Direct Line unknown route', method: 'DELETE', path: `/v3/directline/conversations/${id}`, headers: auth },
    );
  });

let nonce = 0;
/** A correctly signed plain-mode query, so the body itself gets parsed. */
function signedQuery(): string {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const n = `fz${(nonce += 1)}`;
  return `signature=${computeSignature(WECHAT_TOKEN, timestamp, n)}&timestamp=${timestamp}&nonce=${n}`;
}
const hostileXml = fc.oneof(
  fc.constant('<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><xml><ToUserName>a</ToUserName><FromUserName>&xxe;</FromUserName><CreateTime>1</CreateTime><MsgType>text</MsgType><Content>&xxe;</Content><MsgId>1</MsgId></xml>'),
  fc.constant(`<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">${Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`).join('')}]><xml><Content>&lol9;</Content></xml>`),
  fc.integer({ min: 70_000, max: 300_000 }).map((n) => `<xml><Content><![CDATA[${'x'.repeat(n)}]]></Content></xml>`),
  fc.integer({ min: 100, max: 20_000 }).map((n) => `<xml>${'<a>'.repeat(n)}${'</a>'.repeat(n)}</xml>`),
  fc.string({ unit: 'binary', maxLength: 300 }).map((s) => `<xml><ToUserName>${s}`),
  fc.constantFrom('', '<xml/>', '<xml></xml>', '<xml><MsgType>text</MsgType></xml>', '<notxml><a>1</a></notxml>', '<xml><FromUserName>o</FromUserName><FromUserName>p</FromUserName></xml>', '<xml><FromUserName><x>1</x></FromUserName><MsgType>text</MsgType></xml>', '{"json":true}'),
);

export const wechat: fc.Arbitrary<HostileRequest> = fc.oneof(
  hostileXml.map((body) => ({ kind: '/wechat signed hostile XML', method: 'POST', path: `/wechat?${signedQuery()}`, headers: xml, body })),
  fc.record({ body: hostileXml, sig: hex(0, 40), ts: fc.oneof(fc.constant(String(Math.floor(Date.now() / 1000))), fc.constantFrom('', '0', '-1', '99999999999999', 'abc')) }).map(({ body, sig, ts }) => ({
    kind: '/wechat bad signature or timestamp',
    method: 'POST',
    path: `/wechat?signature=${sig}&timestamp=${ts}&nonce=x`,
    headers: xml,
    body,
  })),
  hex(0, 40).map((sig) => ({ kind: '/wechat URL check forged', method: 'GET', path: `/wechat?signature=${sig}&timestamp=1&nonce=2&echostr=%3Cscript%3E`, headers: {} })),
  fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded').map((type) => ({ kind: '/wechat wrong content type', method: 'POST', path: `/wechat?${signedQuery()}`, headers: { 'content-type': type }, body: '<xml></xml>' })),
  fc.constant(null).map(() => ({ kind: '/wechat safe mode push without a key', method: 'POST', path: `/wechat?${signedQuery()}&encrypt_type=aes&msg_signature=00`, headers: xml, body: '<xml><Encrypt>AAAA</Encrypt></xml>' })),
);

export const staff: fc.Arbitrary<HostileRequest> = fc
  .record({
    method: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH'),
    rest: fc.oneof(fc.webPath(), fc.constantFrom('', '/', '/login', '/api/transcripts', '/../../etc/passwd', '/%2e%2e/%2e%2e/', '/admin?x=<script>', '/export.csv')),
    token: forgedToken,
  })
  .map(({ method, rest, token }) => {
    const path = `/staff${rest.startsWith('/') || rest === '' ? rest : `/${rest}`}`;
    // GET /staff is the public sign-in page (200 by design); any other method on it is hostile.
    const verb = method === 'GET' && /^\/staff\/?(?:[?#].*)?$/.test(path) ? 'PUT' : method;
    return { kind: '/staff any path', method: verb, path, headers: { authorization: `Bearer ${token}`, cookie: `session=${token.slice(0, 200)}` }, body: verb === 'GET' ? undefined : '{"user":"admin","password":"x"}' };
  });
