import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { SQLITE_FILE } from '../../../src/app/createApp';
import { FieldCipher } from '../../../src/crypto/FieldCipher';
import { loadEncryptionKey } from '../../../src/crypto/loadEncryptionKey';
import { openText } from '../../../src/crypto/sealing';
import { ID_KEY_NAME, WhatsAppIds } from '../../../src/channels/whatsapp/WhatsAppIds';

export interface StoredActivity {
  seq: number;
  channelId: string;
  conversationId: string;
  activityId: string;
  direction: 'in' | 'out';
  activity: Record<string, unknown>;
}

interface ActivityRow {
  seq: number;
  channel_id: string;
  conversation_id: string;
  activity_id: string;
  direction: 'in' | 'out';
  data: string;
}

/**
 * Reads the service's SQLite file from outside the process, read-only, as an operator's tool would. Activities are
 * sealed at rest; the key is the one the service used (DATA_ENCRYPTION_KEY, or the development key in the data folder).
 */
export class TranscriptDb {
  private readonly db: BetterSqlite3.Database;
  private readonly cipher: FieldCipher;

  constructor(dataDir: string, configuredKey?: string) {
    this.db = new BetterSqlite3(path.join(dataDir, SQLITE_FILE), { readonly: true, fileMustExist: true });
    const loaded = loadEncryptionKey(configuredKey, dataDir);
    this.cipher = new FieldCipher(loaded.key, loaded.older);
  }

  /** Rows in every table of the database, by table name. */
  countRows(): Record<string, number> {
    const tables = this.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as Array<{ name: string }>;
    return Object.fromEntries(tables.map(({ name }) => [name, (this.db.prepare(`SELECT count(*) AS n FROM "${name}"`).get() as { n: number }).n]));
  }

  /** Every logged activity of the channel, grouped by conversation, in logged order. */
  activitiesByConversation(channelId: string): Map<string, StoredActivity[]> {
    const rows = this.db.prepare('SELECT seq, channel_id, conversation_id, activity_id, direction, data FROM activities WHERE channel_id = ? ORDER BY seq').all(channelId) as ActivityRow[];
    const byConversation = new Map<string, StoredActivity[]>();
    for (const row of rows) {
      const list = byConversation.get(row.conversation_id) ?? [];
      list.push({
        seq: row.seq,
        channelId: row.channel_id,
        conversationId: row.conversation_id,
        activityId: row.activity_id,
        direction: row.direction,
        activity: JSON.parse(openText(this.cipher, row.data)) as Record<string, unknown>,
      });
      byConversation.set(row.conversation_id, list);
    }
    return byConversation;
  }

  /** The service's WhatsApp id hashing, from the key it keeps sealed in the database. */
  whatsappIds(): WhatsAppIds {
    const row = this.db.prepare('SELECT value FROM whatsapp_keys WHERE name = ?').get(ID_KEY_NAME) as { value: string } | undefined;
    if (!row) throw new Error('the service has not made its WhatsApp id key (is WhatsApp on?)');
    return WhatsAppIds.fromSealed(row.value, this.cipher);
  }

  close(): void {
    this.db.close();
  }
}
