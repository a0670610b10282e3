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

/** The safe-mode push in microsoft/BotFramework-WeChat's test data (MockDataUtility). */
const BOT_FRAMEWORK = {
  token: 'bmwipabotwx',
  encodingAesKey: 'P7PIjIGpA7axbjbffRoWYq7G0BsIaEpqdawIir4KqCt',
  appId: 'wx77f941c869071d99',
  timestamp: '1562066088',
  nonce: '236161902',
  signature: '4e17212123b3ce5a6b11643dc658af83fdb54c7d',
  msgSignature: 'f3187a0efd9709c8f6550190147f43c279e9bc43',
  encrypted:
    '8VfmSJqZFzMlnaDohVD7I0T+9LIG1fT8kl221jOyL9TwkTJ38AZ9A6kMxvADvvxfg+azCEOEXtdVElhLs/roYyf25YfGH4kZp0O2t6XngOzwClG9HAhUV29OomouAqVpZ1ySqV60THKQ8E25N+fYF8RnXboae0r/ZTGnUJPuPwPVtbBj1dIGuFjpls+mnaSyg6Ag04FF5GcqO7exfEugQtNS44yQbmel/EKmxtvzz9CClJ3QnsHUODCMj5e6lYNSM7b84s+OBtKKsD0ObRnrAN5IfFLbDqK6twKlwTqHM0O1icSmfFo2MHT2+iizTcJfpbFnQeIj1zlSQdexvQ8fH9JwoSaHjQad/CyQ4D/PSxYi2Thu2ZFt5C2/NJ0ixL++GlOZpdaL/SQvxsVPrqsNhp7tteT69EVbpZux7c+eib4=',
  decrypted: [
    '<xml><ToUserName><![CDATA[gh_d13df7f4ef38]]></ToUserName>',
    '<FromUserName><![CDATA[of3ss6NTm25BKyE9KfDPD-ALSeWg]]></FromUserName>',
    '<CreateTime>1562066088</CreateTime>',
    '<MsgType><![CDATA[text]]></MsgType>',
    '<Content><![CDATA[hi]]></Content>',
    '<MsgId>22363405356629000</MsgId>',
    '</xml>',
  ].join('\n'),
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

describe('WeChat message crypto against microsoft/BotFramework-WeChat test data', () => {
  const bfKey = decodeAesKey(BOT_FRAMEWORK.encodingAesKey);
  const { token, timestamp, nonce, encrypted } = BOT_FRAMEWORK;

  it('checks the published msg_signature over the ciphertext and the plain signature', () => {
    expect(verifySignature(BOT_FRAMEWORK.msgSignature, token, timestamp, nonce, encrypted)).toBe(true);
    expect(verifySignature(BOT_FRAMEWORK.signature, token, timestamp, nonce)).toBe(true);
  });

  it('refuses their wrong msg_signature (the plain signature given as msg_signature)', () => {
    expect(verifySignature(BOT_FRAMEWORK.signature, token, timestamp, nonce, encrypted)).toBe(false);
  });

  it('decrypts the published push to the published XML', () => {
    expect(decryptMessage(bfKey, BOT_FRAMEWORK.appId, encrypted)).toBe(BOT_FRAMEWORK.decrypted);
  });

  it('refuses their malformed EncodingAESKey', () => {
    expect(() => decodeAesKey('bmwipabotwx')).toThrow(WechatCryptoError);
  });

  it('refuses their push under the other sample\'s key', () => {
    expect(() => decryptMessage(key, BOT_FRAMEWORK.appId, encrypted)).toThrow(WechatCryptoError);
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
