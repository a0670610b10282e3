import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { type DataKey, identifyKey } from './FieldCipher';

export const KEY_FILE = 'encryption.key';

/** A 32-byte key written as 64 hex digits or as base64; undefined when it is neither. */
export function parseEncryptionKey(text: string): Buffer | undefined {
  const value = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(value)) return Buffer.from(value, 'hex');
  if (/^[A-Za-z0-9+/_-]{43}=?$/.test(value)) {
    const bytes = Buffer.from(value.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    return bytes.length === 32 ? bytes : undefined;
  }
  return undefined;
}

/**
 * DATA_ENCRYPTION_KEY may list several keys separated by commas: the first encrypts, all of them decrypt (a key
 * rotation adds the new key in front, runs `npm run rotate-key`, then drops the old one). Undefined when one is bad.
 */
export function parseKeyRing(text: string): Buffer[] | undefined {
  const keys = text.split(',').map((part) => parseEncryptionKey(part));
  return keys.length > 0 && keys.every((k): k is Buffer => k !== undefined) ? keys : undefined;
}

export interface LoadedKey {
  key: DataKey;
  /** Keys that still decrypt values written before the last rotation. */
  older: DataKey[];
  /** True when no key was configured and the development key in the data folder is used. */
  generated: boolean;
}

/**
 * The configured key, or a development key kept in `DATA_DIR/encryption.key` (mode 0600), created on first use.
 * Losing that file makes stored contact details unreadable: production sets DATA_ENCRYPTION_KEY.
 */
export function loadEncryptionKey(configured: string | undefined, dataDir: string): LoadedKey {
  if (configured !== undefined) {
    const ring = parseKeyRing(configured);
    if (!ring) throw new Error('DATA_ENCRYPTION_KEY must be 32 bytes, as 64 hex digits or base64 (several keys: comma-separated, current first)');
    const [current, ...older] = ring.map(identifyKey);
    return { key: current, older, generated: false };
  }
  const file = path.join(dataDir, KEY_FILE);
  fs.mkdirSync(dataDir, { recursive: true });
  try {
    fs.writeFileSync(file, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if (!isAlreadyThere(error)) throw error;
  }
  const key = parseEncryptionKey(fs.readFileSync(file, 'utf8'));
  if (!key) throw new Error(`${KEY_FILE} in the data folder does not hold a 32-byte key`);
  return { key: identifyKey(key), older: [], generated: true };
}

function isAlreadyThere(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === 'EEXIST';
}
