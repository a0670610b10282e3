import { ConversationQueries, type ConversationFilters, type ConversationRow, type Cursor } from '../../src/staff/ConversationQueries';
import { staffDb } from '../../src/staff/staffTables';
import type { Database } from '../../src/store/openDatabase';
import { TranscriptRepository } from '../../src/store/TranscriptRepository';
import { createTempDatabaseFolder, type TempDatabaseFolder } from '../store/tempDatabase';

/** Keyset paging must return every matching conversation once, newest first, whatever the page size and ties. */
describe('staff conversation list paging', () => {
  let folder: TempDatabaseFolder;
  let database: Database;
  let queries: ConversationQueries;

  beforeAll(async () => {
    folder = createTempDatabaseFolder();
    database = await folder.open();
    queries = new ConversationQueries(database, new TranscriptRepository(database));
    const db = staffDb(database.db);
    // 60 conversations on 12 distinct timestamps, so pages split runs of equal created_at across channels and ids.
    const rows = Array.from({ length: 60 }, (_, i) => ({
      channel_id: ['directline', 'wechat', 'emulator'][i % 3] ?? 'directline',
      conversation_id: `c${String(i).padStart(2, '0')}`,
      created_at: `2026-01-${String(1 + (i % 12)).padStart(2, '0')}T10:00:00.000Z`,
      updated_at: '2026-02-01T00:00:00.000Z',
      locale: i % 2 ? 'es-MX' : 'en-US',
    }));
    await db.insertInto('conversations').values(rows).execute();
    const withLead = rows.filter((_, i) => i % 4 === 0);
    await db
      .insertInto('leads')
      .values(withLead.map((r, i) => ({ id: `lead-${r.conversation_id}`, channel_id: r.channel_id, conversation_id: r.conversation_id, locale: 'en-US', outcome: i % 2 ? 'urgent' : 'refer', reasons: '[]', office_id: 'main', answers: 'x', summary: 'x', contact: null, status: 'new', end_reason: null, created_at: r.created_at, updated_at: r.created_at })))
      .execute();
    await db
      .insertInto('handoffs')
      .values(withLead.slice(0, 10).map((r, i) => ({ channel_id: r.channel_id, conversation_id: r.conversation_id, lead_id: `lead-${r.conversation_id}`, reference: 'x', state: i % 2 ? 'waiting' : 'ended', end_reason: null, updated_at: r.created_at })))
      .execute();
  });

  afterAll(async () => {
    await folder.cleanup();
  });

  const key = (r: ConversationRow) => `${r.createdAt}|${r.channelId}|${r.conversationId}`;

  async function walk(filters: ConversationFilters, limit: number): Promise<ConversationRow[]> {
    const seen: ConversationRow[] = [];
    let cursor: Cursor | undefined;
    for (let guard = 0; guard < 100; guard += 1) {
      const page = await queries.list(filters, limit, cursor);
      seen.push(...page.items);
      if (!page.next) return seen;
      cursor = page.next;
    }
    throw new Error('paging did not end');
  }

  it.each<[string, ConversationFilters]>([
    ['no filter', {}],
    ['locale', { locale: 'es-MX' }],
    ['outcome urgent', { outcome: 'urgent' }],
    ['outcome none', { outcome: 'none' }],
    ['handoff waiting', { handoff: 'waiting' }],
    ['handoff none', { handoff: 'none' }],
    ['dates', { from: '2026-01-03T00:00:00.000Z', to: '2026-01-09T00:00:00.000Z' }],
  ])('pages through every match once, newest first: %s', async (_name, filters) => {
    const all = (await queries.list(filters, 1000)).items;
    expect(all.length).toBeGreaterThan(0);
    const keys = all.map(key);
    expect([...keys].sort().reverse()).toEqual(keys);
    for (const limit of [1, 4, 7]) expect((await walk(filters, limit)).map(key)).toEqual(keys);
  });

  it('filters by handoff state and by its absence', async () => {
    const waiting = (await queries.list({ handoff: 'waiting' }, 1000)).items;
    const none = (await queries.list({ handoff: 'none' }, 1000)).items;
    expect(waiting).toHaveLength(5);
    expect(waiting.every((r) => r.handoffState === 'waiting')).toBe(true);
    expect(none).toHaveLength(50);
    expect(none.every((r) => r.handoffState === null)).toBe(true);
  });
});
