import { randomBytes } from 'node:crypto';
import { FieldCipher, identifyKey } from '../../src/crypto/FieldCipher';
import { eraseConversation } from '../../src/handoff/eraseConversation';
import { HandoffStore } from '../../src/handoff/HandoffStore';
import { LeadRepository } from '../../src/handoff/LeadRepository';
import { handoffDb } from '../../src/handoff/handoffTables';
import type { Database } from '../../src/store/openDatabase';
import { purgeExpired, RETENTION_LOCK } from '../../src/store/purgeExpired';
import { allPersonalTables } from '../../src/channels/channelRegistry';
import { LeadQueue } from '../../src/staff/LeadQueue';
import { StateStore } from '../../src/store/StateStore';
import { TranscriptRepository } from '../../src/store/TranscriptRepository';
import { createEngineDatabase, ENGINES, type EngineDatabase } from './testDatabases';

const cipher = new FieldCipher(identifyKey(randomBytes(32)));
const CHANNEL = 'webchat';

describe.each(ENGINES)('retention and deletion on %s', (engine) => {
  let folder: EngineDatabase;
  let database: Database;
  let transcripts: TranscriptRepository;
  let state: StateStore;
  let leads: LeadRepository;
  let handoffs: HandoffStore;

  beforeEach(async () => {
    folder = await createEngineDatabase(engine);
    database = await folder.open();
    transcripts = new TranscriptRepository(database, cipher);
    state = new StateStore(database, cipher);
    leads = new LeadRepository(database, cipher, ['webhook']);
    handoffs = new HandoffStore(database, cipher);
  });
  afterEach(() => folder.cleanup());

  /** A conversation with two logged activities, its state, a lead with a pending notification and a handoff. */
  async function seed(conversationId: string): Promise<void> {
    for (const [i, direction] of (['in', 'out'] as const).entries()) {
      await transcripts.append({ channelId: CHANNEL, conversationId, activityId: `${conversationId}-${i}`, direction, timestamp: new Date().toISOString(), activity: { type: 'message', text: `text ${i}` } });
    }
    await state.write({ [`${CHANNEL}/conversations/${conversationId}`]: { step: 3 } });
    const leadId = `lead-${conversationId}`;
    await leads.create({ id: leadId, channelId: CHANNEL, conversationId, locale: 'en', outcome: 'qualified', reasons: ['family'], answers: { location: 'us' }, officeId: 'los-angeles', summary: 'qualified' });
    await handoffs.begin({ channelId: CHANNEL, conversationId }, leadId, { conversation: { id: conversationId } });
    await new LeadQueue(database, cipher).addNote(leadId, 'staff-1', 'call back after 6pm');
    await database.db
      .insertInto('translation_cache')
      .values({ key: `t-${conversationId}`, channel_id: CHANNEL, conversation_id: conversationId, from_locale: 'es', to_locale: 'en', translation: cipher.encrypt('text 0'), created_at: new Date().toISOString() })
      .execute();
  }

  /** How many rows of each kind the conversation still has. */
  async function remaining(conversationId: string): Promise<Record<string, number>> {
    const db = handoffDb(database.db);
    const count = async (rows: Promise<unknown[]>) => (await rows).length;
    return {
      activities: (await transcripts.list(CHANNEL, conversationId)).length,
      state: Object.keys(await state.read([`${CHANNEL}/conversations/${conversationId}`])).length,
      leads: (await leads.listForConversation(CHANNEL, conversationId)).length,
      outbox: await count(db.selectFrom('outbox').select('id').where('lead_id', '=', `lead-${conversationId}`).execute()),
      handoffs: (await handoffs.get({ channelId: CHANNEL, conversationId })) ? 1 : 0,
      notes: (await new LeadQueue(database, cipher).notes(`lead-${conversationId}`)).length,
      translations: await count(database.db.selectFrom('translation_cache').select('key').where('conversation_id', '=', conversationId).execute()),
    };
  }

  const NONE = { activities: 0, state: 0, leads: 0, outbox: 0, handoffs: 0, notes: 0, translations: 0 };
  const ALL = { activities: 2, state: 1, leads: 1, outbox: 1, handoffs: 1, notes: 1, translations: 1 };

  async function backdate(conversationId: string, iso: string): Promise<void> {
    const db = handoffDb(database.db);
    await db.updateTable('conversations').set({ updated_at: iso }).where('conversation_id', '=', conversationId).execute();
    await db.updateTable('state').set({ updated_at: iso }).where('key', '=', `${CHANNEL}/conversations/${conversationId}`).execute();
    await db.updateTable('leads').set({ updated_at: iso }).where('conversation_id', '=', conversationId).execute();
  }

  async function auditRows(): Promise<Array<{ actor: string; action: string; detail: string | null }>> {
    return database.db.selectFrom('audit_log').select(['actor', 'action', 'detail']).orderBy('id').execute();
  }

  it('purges what is older than the retention period, keeps the rest, and records the purge', async () => {
    await seed('old');
    await seed('recent');
    await backdate('old', new Date(Date.now() - 181 * 24 * 3600 * 1000).toISOString());

    const report = await purgeExpired(database, 180, allPersonalTables());
    expect(report).toMatchObject({ conversations: 1, activities: 2, state: 1, leads: 1 });
    expect(await remaining('old')).toEqual(NONE);
    expect(await remaining('recent')).toEqual(ALL);

    const audit = await auditRows();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor: 'system', action: 'retention.purge' });
    expect(JSON.parse(audit[0].detail ?? '{}')).toMatchObject({ conversations: 1, leads: 1, retentionDays: 180 });
  });

  it('deletes one conversation on request in one go, leaving the others, and records it without the conversation id', async () => {
    await seed('mine');
    await seed('theirs');
    const report = await eraseConversation(database, { channelId: CHANNEL, conversationId: 'mine', stateKeys: [`${CHANNEL}/conversations/mine`] });
    expect(report).toEqual({ leads: 1, activities: 2, state: 1, channelRows: 0 });
    expect(await remaining('mine')).toEqual(NONE);
    expect(await remaining('theirs')).toEqual(ALL);
    const audit = await auditRows();
    expect(audit.map((a) => a.action)).toEqual(['conversation.erase']);
    expect(JSON.stringify(audit)).not.toContain('mine');
  });

  it('leaves everything in place when the deletion fails half-way', async () => {
    await seed('mine');
    // Every delete ran, then the transaction fails before it commits: nothing of it may be kept.
    const failing = { ...database, transaction: <T>(fn: Parameters<Database['transaction']>[0]) =>
      database.transaction(async (trx) => {
        const result = (await fn(trx)) as T;
        throw Object.assign(new Error('disk full'), { result });
      }) };
    await expect(eraseConversation(failing as Database, { channelId: CHANNEL, conversationId: 'mine', stateKeys: [`${CHANNEL}/conversations/mine`] })).rejects.toThrow('disk full');
    expect(await remaining('mine')).toEqual(ALL);
  });

  if (engine === 'postgres') {
    it('runs the purge on one instance at a time', async () => {
      const other = await folder.open();
      const skipped = await database.withLock(RETENTION_LOCK, () => purgeExpired(other, 180, allPersonalTables()));
      expect(skipped).toBeUndefined();
      expect(await purgeExpired(other, 180, allPersonalTables())).toMatchObject({ conversations: 0 });
    });
  }
});
