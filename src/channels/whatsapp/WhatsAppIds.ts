import { createHmac, randomBytes } from 'node:crypto';
import type { FieldCipher } from '../../crypto/FieldCipher';
import type { Database } from '../../store/openDatabase';

export const ID_KEY_NAME = 'id-hash';

/**
 * Stands in for a person's number and for Meta's message ids (which carry the number) wherever Camino stores or
 * logs an id: a keyed HMAC-SHA256, stable across restarts and instances, useless without the key. The key is made
 * once, kept sealed in the database (so it follows DATA_ENCRYPTION_KEY through `npm run rotate-key`).
 */
export class WhatsAppIds {
  private constructor(private readonly key: Buffer) {}

  /** Reads the key, or makes it; two instances starting at once agree on the first one written. */
  static async load(database: Database, cipher: FieldCipher): Promise<WhatsAppIds> {
    const read = async () => (await database.db.selectFrom('whatsapp_keys').select('value').where('name', '=', ID_KEY_NAME).executeTakeFirst())?.value;
    let sealed = await read();
    if (!sealed) {
      const fresh = cipher.encrypt(randomBytes(32).toString('base64'));
      await database.db.insertInto('whatsapp_keys').values({ name: ID_KEY_NAME, value: fresh }).onConflict((oc) => oc.column('name').doNothing()).execute();
      sealed = await read();
    }
    if (!sealed) throw new Error('the WhatsApp id key could not be stored');
    return WhatsAppIds.fromSealed(sealed, cipher);
  }

  /** From the stored (sealed) key, as read by `load` or by an operator's tool reading the database. */
  static fromSealed(sealed: string, cipher: FieldCipher): WhatsAppIds {
    return new WhatsAppIds(Buffer.from(cipher.decrypt(sealed), 'base64'));
  }

  private hash(kind: string, value: string): string {
    return createHmac('sha256', this.key).update(`${kind}\u0000${value}`).digest('base64url').slice(0, 32);
  }

  /** The conversation id (and user id) of a WhatsApp number, digits only as Meta writes it. */
  conversationOf(phone: string): string {
    return `wa-${this.hash('number', phone.replace(/\D/g, ''))}`;
  }

  /** What is stored for a message id (`wamid.…`), in and out. */
  messageKey(wamid: string): string {
    return `wm-${this.hash('message', wamid)}`;
  }
}
