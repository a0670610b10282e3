import type { FieldCipher } from './FieldCipher';

const SEALED_PREFIX = 'v1.';

/** True for a value FieldCipher wrote; JSON and plain text never start this way. */
export function isSealed(stored: string): boolean {
  return stored.startsWith(SEALED_PREFIX);
}

/** Encrypts `text` when a cipher is given (the service always gives one; some unit tests of the stores do not). */
export function sealText(cipher: FieldCipher | undefined, text: string): string {
  return cipher ? cipher.encrypt(text) : text;
}

/** Reads a sealed value, or a value written before encryption at rest (kept readable until `npm run rotate-key`). */
export function openText(cipher: FieldCipher | undefined, stored: string): string {
  if (!isSealed(stored)) return stored;
  if (!cipher) throw new Error('this value is encrypted and no key was given to read it');
  return cipher.decrypt(stored);
}
