import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/** A 32-byte AES key and the short id stored beside every value it encrypts. */
export interface DataKey {
  id: string;
  key: Buffer;
}

const VERSION = 'v1';
const IV_BYTES = 12;
const KEY_BYTES = 32;

/** The id of a key: the start of its SHA-256, so the key itself never has to be named in the data. */
export function identifyKey(key: Buffer): DataKey {
  if (key.length !== KEY_BYTES) throw new Error(`an encryption key has ${KEY_BYTES} bytes, got ${key.length}`);
  return { id: createHash('sha256').update(key).digest('hex').slice(0, 8), key };
}

/**
 * AES-256-GCM for single fields (contact details, screening answers). Each value carries its key id, so after a
 * rotation the old keys stay here for reading while new values are written with the current one.
 */
export class FieldCipher {
  private readonly keys: Map<string, Buffer>;

  constructor(
    private readonly current: DataKey,
    older: readonly DataKey[] = [],
  ) {
    this.keys = new Map([...older, current].map((k) => [k.id, k.key]));
  }

  get keyId(): string {
    return this.current.id;
  }

  /** `v1.<key id>.<iv>.<tag>.<ciphertext>`, base64url parts. */
  encrypt(plaintext: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.current.key, iv);
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [VERSION, this.current.id, iv, cipher.getAuthTag(), body].map(encodePart).join('.');
  }

  /** Throws when the value was changed, or was written with a key this cipher does not hold. */
  decrypt(sealed: string): string {
    const [version, keyId, iv, tag, body] = sealed.split('.');
    if (version !== VERSION || body === undefined) throw new Error('not a value sealed by FieldCipher');
    const key = this.keys.get(keyId);
    if (!key) throw new Error(`no encryption key with id ${keyId}`);
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
  }

  encryptJson(value: unknown): string {
    return this.encrypt(JSON.stringify(value));
  }

  decryptJson(sealed: string): unknown {
    return JSON.parse(this.decrypt(sealed));
  }
}

function encodePart(part: string | Buffer): string {
  return typeof part === 'string' ? part : part.toString('base64url');
}
