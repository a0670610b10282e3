import { createCipheriv } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { FieldCipher, identifyKey } from '../../src/crypto/FieldCipher';
import { KEY_FILE, loadEncryptionKey, parseEncryptionKey } from '../../src/crypto/loadEncryptionKey';
import { makeTempDir } from '../helpers/testRuntime';

function flipFirstByte(part: string): string {
  const bytes = Buffer.from(part, 'base64url');
  bytes[0] ^= 0x01;
  return bytes.toString('base64url');
}

const keyA = identifyKey(Buffer.alloc(32, 1));
const keyB = identifyKey(Buffer.alloc(32, 2));

describe('FieldCipher', () => {
  it.each(['+16267956777', 'María José <maria@example.com>', '微信 yimin7788', ''])('seals and opens %j, never keeping the plain text', (plain) => {
    const cipher = new FieldCipher(keyA);
    const sealed = cipher.encrypt(plain);
    if (plain) expect(sealed).not.toContain(plain);
    expect(sealed.split('.')[1]).toBe(keyA.id);
    expect(cipher.decrypt(sealed)).toBe(plain);
  });

  it('gives a different ciphertext each time (random IV)', () => {
    const cipher = new FieldCipher(keyA);
    expect(cipher.encrypt('same')).not.toBe(cipher.encrypt('same'));
  });

  it('matches AES-256-GCM computed independently with the same key and IV', () => {
    const sealed = new FieldCipher(keyA).encrypt('hola');
    const [, , iv, tag, body] = sealed.split('.');
    const reference = createCipheriv('aes-256-gcm', keyA.key, Buffer.from(iv, 'base64url'));
    const expected = Buffer.concat([reference.update('hola', 'utf8'), reference.final()]);
    expect(Buffer.from(body, 'base64url')).toEqual(expected);
    expect(Buffer.from(tag, 'base64url')).toEqual(reference.getAuthTag());
  });

  it.each([
    ['a changed body', (s: string) => s.split('.').map((p, i) => (i === 4 ? flipFirstByte(p) : p)).join('.')],
    ['a changed tag', (s: string) => s.split('.').map((p, i) => (i === 3 ? Buffer.alloc(16).toString('base64url') : p)).join('.')],
    ['not a sealed value', () => 'plain text'],
  ])('refuses %s', (_name, tamper) => {
    const cipher = new FieldCipher(keyA);
    expect(() => cipher.decrypt(tamper(cipher.encrypt('secret value')))).toThrow();
  });

  it('reads values of an older key after rotation and writes with the new one', () => {
    const old = new FieldCipher(keyA).encrypt('before rotation');
    const rotated = new FieldCipher(keyB, [keyA]);
    expect(rotated.decrypt(old)).toBe('before rotation');
    expect(rotated.encrypt('after').split('.')[1]).toBe(keyB.id);
    expect(() => new FieldCipher(keyB).decrypt(old)).toThrow(/no encryption key/);
  });
});

describe('loadEncryptionKey', () => {
  const bytes = Buffer.from(Array.from({ length: 32 }, (_, i) => i));

  it.each([
    ['hex', bytes.toString('hex')],
    ['base64', bytes.toString('base64')],
    ['base64url', bytes.toString('base64url')],
  ])('accepts a 32-byte key as %s', (_name, text) => {
    expect(parseEncryptionKey(text)).toEqual(bytes);
    expect(loadEncryptionKey(text, makeTempDir()).generated).toBe(false);
  });

  it.each([['too short', 'abcd'], ['31 bytes', Buffer.alloc(31).toString('hex')], ['not base64', '!'.repeat(44)]])('refuses %s', (_name, text) => {
    expect(parseEncryptionKey(text)).toBeUndefined();
    expect(() => loadEncryptionKey(text, makeTempDir())).toThrow(/32 bytes/);
  });

  it('reads a key ring: the first key encrypts, every key decrypts', () => {
    const older = Buffer.alloc(32, 1);
    const loaded = loadEncryptionKey(`${bytes.toString('hex')}, ${older.toString('base64')}`, makeTempDir());
    expect(loaded.key.key).toEqual(bytes);
    expect(loaded.older.map((k) => k.key)).toEqual([older]);
    const sealedWithOld = new FieldCipher(identifyKey(older)).encrypt('written before the rotation');
    const ring = new FieldCipher(loaded.key, loaded.older);
    expect(ring.decrypt(sealedWithOld)).toBe('written before the rotation');
    expect(ring.encrypt('new').split('.')[1]).toBe(loaded.key.id);
  });

  it('generates a development key once, readable only by the owner, and keeps using it', () => {
    const dir = makeTempDir();
    const first = loadEncryptionKey(undefined, dir);
    const second = loadEncryptionKey(undefined, dir);
    expect(first.generated).toBe(true);
    expect(second.key.id).toBe(first.key.id);
    expect(fs.statSync(path.join(dir, KEY_FILE)).mode & 0o777).toBe(0o600);
  });
});
