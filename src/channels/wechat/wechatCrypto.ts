import { createCipheriv, createDecipheriv, createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** WeChat pads to 32-byte blocks (PKCS#7 with k = 32), not AES's 16. */
const BLOCK = 32;

export class WechatCryptoError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WechatCryptoError';
  }
}

/** SHA-1 of the values sorted in plain code-unit order and joined: the URL check, plain and safe-mode pushes. */
export function computeSignature(...values: string[]): string {
  const joined = [...values].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).join('');
  return createHash('sha1').update(joined, 'utf8').digest('hex');
}

export function verifySignature(expected: string | undefined, ...values: string[]): boolean {
  if (!expected || !/^[0-9a-f]{40}$/i.test(expected)) return false;
  return timingSafeEqual(Buffer.from(computeSignature(...values), 'hex'), Buffer.from(expected.toLowerCase(), 'hex'));
}

/** The 43-character EncodingAESKey is base64 of the 32-byte AES key without its final "=". */
export function decodeAesKey(encodingAesKey: string): Buffer {
  if (!/^[A-Za-z0-9+/]{43}$/.test(encodingAesKey)) throw new WechatCryptoError('EncodingAESKey must be 43 base64 characters');
  const key = Buffer.from(`${encodingAesKey}=`, 'base64');
  if (key.length !== 32) throw new WechatCryptoError('EncodingAESKey does not decode to 32 bytes');
  return key;
}

function pad(data: Buffer): Buffer {
  const amount = BLOCK - (data.length % BLOCK);
  return Buffer.concat([data, Buffer.alloc(amount, amount)]);
}

function unpad(data: Buffer): Buffer {
  const amount = data.length > 0 ? data[data.length - 1] : 0;
  if (amount < 1 || amount > BLOCK || amount > data.length) throw new WechatCryptoError('bad padding');
  for (let i = data.length - amount; i < data.length; i += 1) if (data[i] !== amount) throw new WechatCryptoError('bad padding');
  return data.subarray(0, data.length - amount);
}

/** 16 random bytes, the message length (4 bytes, big-endian), the message, the AppID; padded; AES-256-CBC. */
export function encryptMessage(key: Buffer, appId: string, message: string, random: Buffer = randomBytes(16)): string {
  if (random.length !== 16) throw new WechatCryptoError('the random prefix is 16 bytes');
  const body = Buffer.from(message, 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32BE(body.length, 0);
  const plain = pad(Buffer.concat([random, length, body, Buffer.from(appId, 'utf8')]));
  const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16)).setAutoPadding(false);
  return Buffer.concat([cipher.update(plain), cipher.final()]).toString('base64');
}

/** Decrypts a safe-mode payload and checks that it was meant for this AppID. */
export function decryptMessage(key: Buffer, appId: string, encrypted: string): string {
  const data = Buffer.from(encrypted, 'base64');
  if (data.length === 0 || data.length % BLOCK !== 0) throw new WechatCryptoError('ciphertext length is not a multiple of 32');
  let plain: Buffer;
  try {
    const decipher = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16)).setAutoPadding(false);
    plain = unpad(Buffer.concat([decipher.update(data), decipher.final()]));
  } catch (error) {
    if (error instanceof WechatCryptoError) throw error;
    throw new WechatCryptoError('ciphertext could not be decrypted');
  }
  if (plain.length < 20) throw new WechatCryptoError('plaintext too short');
  const length = plain.readUInt32BE(16);
  if (20 + length > plain.length) throw new WechatCryptoError('message length points past the end of the buffer');
  const message = plain.subarray(20, 20 + length).toString('utf8');
  const receivedAppId = plain.subarray(20 + length).toString('utf8');
  if (receivedAppId !== appId) throw new WechatCryptoError('the message is for another AppID');
  return message;
}
