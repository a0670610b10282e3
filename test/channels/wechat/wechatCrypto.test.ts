import { createCipheriv, createHash } from 'node:crypto';
import {
  computeSignature,
  decodeAesKey,
  decryptMessage,
  encryptMessage,
  verifySignature,
  WechatCryptoError,
} from '../../../src/channels/wechat/wechatCrypto';

/** WeChat's own WXBizMsgCrypt sample values (Java sample). */
const SAMPLE = {
  token: 'pamtest',
  encodingAesKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
  appId: 'wxb11529c136998cb6',
  random: 'aaaabbbbccccdddd',
  message: '我是中文abcd123',
  encrypted: 'jn1L23DB+6ELqJ+6bruv21Y6MD7KeIfP82D6gU39rmkgczbWwt5+3bnyg5K55bgVtVzd832WzZGMhkP72vVOfg==',
};

const key = decodeAesKey(SAMPLE.encodingAesKey);

describe('WeChat message crypto against the published sample', () => {
  it('encrypts the sample message to the published ciphertext', () => {
    expect(encryptMessage(key, SAMPLE.appId, SAMPLE.message, Buffer.from(SAMPLE.random))).toBe(SAMPLE.encrypted);
  });

  it('decrypts the published ciphertext back to the sample message', () => {
    expect(decryptMessage(key, SAMPLE.appId, SAMPLE.encrypted)).toBe(SAMPLE.message);
  });

  it('round-trips long Chinese text with a random prefix', () => {
    const text = '您好'.repeat(500);
    expect(decryptMessage(key, SAMPLE.appId, encryptMessage(key, SAMPLE.appId, text))).toBe(text);
  });
});

describe('WeChat message crypto refuses', () => {
  function rawCipher(plain: Buffer): string {
    const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16)).setAutoPadding(false);
    return Buffer.concat([cipher.update(plain), cipher.final()]).toString('base64');
  }

  it.each([
    ['a key of the wrong length', () => decodeAesKey('abc')],
    ['a key with characters outside base64', () => decodeAesKey('!'.repeat(43))],
    ['another AppID', () => decryptMessage(key, 'wx0000000000000000', SAMPLE.encrypted)],
    ['a tampered ciphertext', () => decryptMessage(key, SAMPLE.appId, `A${SAMPLE.encrypted.slice(1)}`)],
    ['a ciphertext that is not whole blocks', () => decryptMessage(key, SAMPLE.appId, Buffer.alloc(17).toString('base64'))],
    ['bad padding', () => decryptMessage(key, SAMPLE.appId, rawCipher(Buffer.alloc(32, 0)))],
    [
      'a length field past the buffer',
      () => {
        const plain = Buffer.alloc(64, 0);
        plain.writeUInt32BE(1000, 16);
        plain.fill(12, 52);
        return decryptMessage(key, SAMPLE.appId, rawCipher(plain));
      },
    ],
  ])('%s', (_name, attempt) => {
    expect(attempt).toThrow(WechatCryptoError);
  });
});

describe('WeChat signatures', () => {
  it('is the SHA-1 of the values sorted in code-unit order and joined', () => {
    const expected = createHash('sha1').update(['1409304348', 'pamtest', 'xxxxxx'].join('')).digest('hex');
    expect(computeSignature('pamtest', '1409304348', 'xxxxxx')).toBe(expected);
    expect(computeSignature('xxxxxx', 'pamtest', '1409304348')).toBe(expected);
  });

  it.each([
    ['the right signature', true, (s: string) => s],
    ['the right signature in upper case', true, (s: string) => s.toUpperCase()],
    ['a signature with one digit changed', false, (s: string) => `${s.slice(0, -1)}${s.endsWith('0') ? '1' : '0'}`],
    ['an empty signature', false, () => ''],
    ['a signature of the wrong length', false, (s: string) => s.slice(2)],
  ])('accepts %s: %s', (_name, ok, alter) => {
    const signature = computeSignature(SAMPLE.token, '1409304348', 'nonce', SAMPLE.encrypted);
    expect(verifySignature(alter(signature), SAMPLE.token, '1409304348', 'nonce', SAMPLE.encrypted)).toBe(ok);
  });
});
