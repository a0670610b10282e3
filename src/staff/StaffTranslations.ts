import { createHash } from 'node:crypto';
import type { FieldCipher } from '../crypto/FieldCipher';
import type { Llm } from '../llm';
import type { LlmFailure } from '../llm/LlmClient';
import type { ConversationKey } from '../handoff/HandoffStore';
import type { Database } from '../store/openDatabase';
import { staffDb } from './staffTables';

export type SourceLocale = 'en' | 'es' | 'zh';
export type TargetLocale = 'en' | 'es';

export type TranslationResult = { ok: true; translations: string[]; cached: number; translated: number } | { ok: false; reason: 'off' | LlmFailure };

/** Texts per model call: a long transcript goes in a few calls, each small enough to answer within the timeout. */
export const TRANSLATION_BATCH = 20;

/**
 * Translations of chat messages for staff, made by the configured language model and kept in `translation_cache`
 * (sealed, keyed by a digest of the conversation, the languages and the text), so a conversation is translated once;
 * deleting or purging the conversation removes its translations.
 */
export class StaffTranslations {
  constructor(
    private readonly database: Database,
    private readonly cipher: FieldCipher,
    private readonly llm: Llm | undefined,
  ) {}

  /** Why the staff app can not translate, or undefined when it can. */
  get unavailableReason(): string | undefined {
    return this.llm ? undefined : 'no language model is configured (OPENAI_BASE_URL and OPENAI_API_KEY are not set)';
  }

  /** One translation per text of the conversation, in order; texts already translated for it come from the cache. */
  async translate(conversation: ConversationKey, texts: readonly string[], from: SourceLocale, to: TargetLocale): Promise<TranslationResult> {
    if (!this.llm) return { ok: false, reason: 'off' };
    const digest = (text: string) => digestOf(conversation, from, to, text);
    const keys = texts.map(digest);
    const found = new Map<string, string>();
    const db = staffDb(this.database.db);
    for (let i = 0; i < keys.length; i += 500) {
      const rows = await db.selectFrom('translation_cache').select(['key', 'translation']).where('key', 'in', keys.slice(i, i + 500)).execute();
      for (const row of rows) found.set(row.key, this.cipher.decrypt(row.translation));
    }
    const cached = keys.filter((k) => found.has(k)).length;
    const missing = [...new Set(texts.filter((_, i) => !found.has(keys[i] ?? '')))];
    for (let i = 0; i < missing.length; i += TRANSLATION_BATCH) {
      const batch = missing.slice(i, i + TRANSLATION_BATCH);
      const result = await this.llm.translateForStaff(batch, from, to);
      if (!result.ok) return { ok: false, reason: result.reason };
      const now = new Date().toISOString();
      const rows = batch.map((text, j) => ({ key: digest(text), channel_id: conversation.channelId, conversation_id: conversation.conversationId, from_locale: from, to_locale: to, translation: this.cipher.encrypt(result.value[j] ?? ''), created_at: now }));
      await db.insertInto('translation_cache').values(rows).onConflict((oc) => oc.column('key').doNothing()).execute();
      batch.forEach((text, j) => found.set(digest(text), result.value[j] ?? ''));
    }
    return { ok: true, translations: keys.map((k) => found.get(k) ?? ''), cached, translated: missing.length };
  }
}

function digestOf(conversation: ConversationKey, from: string, to: string, text: string): string {
  return createHash('sha256').update([conversation.channelId, conversation.conversationId, from, to, text].join('\u0000')).digest('hex');
}
