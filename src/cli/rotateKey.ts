import { openAppDatabase } from '../app/openAppDatabase';
import { loadConfig } from '../config/loadConfig';
import { FieldCipher } from '../crypto/FieldCipher';
import { loadEncryptionKey } from '../crypto/loadEncryptionKey';
import { rotateKeys } from '../crypto/rotateKeys';
import { createLogger } from '../util/logger';

/**
 * `npm run rotate-key`: with DATA_ENCRYPTION_KEY="new,old[,older]" re-encrypts everything stored under the old
 * keys (and anything stored before encryption at rest) with the new one. Afterwards the old keys can be dropped.
 */
async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const logger = createLogger(config.logLevel);
  const loaded = loadEncryptionKey(config.handoff.encryptionKey, config.dataDir);
  const database = await openAppDatabase(config, logger);
  try {
    const report = await rotateKeys(database, new FieldCipher(loaded.key, loaded.older));
    const total = Object.values(report.rewritten).reduce((a, b) => a + b, 0);
    process.stdout.write(`re-encrypted ${total} values with key ${loaded.key.id}: ${JSON.stringify(report.rewritten)}\n`);
    if (loaded.older.length > 0) process.stdout.write(`the older keys (${loaded.older.map((k) => k.id).join(', ')}) can now be removed from DATA_ENCRYPTION_KEY\n`);
  } finally {
    await database.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`key rotation failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
