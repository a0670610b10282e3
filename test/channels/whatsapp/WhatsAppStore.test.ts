import { randomBytes } from 'node:crypto';
import { WhatsAppIds } from '../../../src/channels/whatsapp/WhatsAppIds';
import { WHATSAPP_WINDOW_MS, WhatsAppStore } from '../../../src/channels/whatsapp/WhatsAppStore';
import { FieldCipher, identifyKey } from '../../../src/crypto/FieldCipher';
import { createEngineDatabase, ENGINES, type EngineDatabase } from '../../pg/testDatabases';

const cipher = new FieldCipher(identifyKey(randomBytes(32)));
const at = (iso: string) => new Date(iso);

describe.each(ENGINES)('the WhatsApp store on %s', (engine) => {
  let folder: EngineDatabase;
  beforeEach(async () => {
    folder = await createEngineDatabase(engine);
  });
  afterEach(() => folder.cleanup());

  it('lets one of two instances claim a delivery both received, also after a restart', async () => {
    const [one, two] = [new WhatsAppStore(await folder.open(), cipher), new WhatsAppStore(await folder.open(), cipher)];
    const claims = await Promise.all(Array.from({ length: 6 }, (_, i) => (i % 2 ? one : two).claim('wm-abc')));
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(await new WhatsAppStore(await folder.open(), cipher).claim('wm-abc')).toBe(false);
  });

  it('gives two instances starting together the same id key, so a number maps to one conversation', async () => {
    const [a, b] = await Promise.all([WhatsAppIds.load(await folder.open(), cipher), WhatsAppIds.load(await folder.open(), cipher)]);
    expect(a.conversationOf('5215512345678')).toBe(b.conversationOf('5215512345678'));
    expect(a.conversationOf('+52 1 55 1234 5678')).toBe(a.conversationOf('5215512345678'));
    expect(a.conversationOf('5215512345678')).not.toBe(a.conversationOf('5215512345679'));
    expect(a.conversationOf('5215512345678')).not.toContain('5512345678');
    expect(a.messageKey('wamid.X')).not.toBe(a.conversationOf('wamid.X'));
    // Another database (another office) has another key: the same number gives another id.
    const other = await createEngineDatabase(engine);
    try {
      expect((await WhatsAppIds.load(await other.open(), cipher)).conversationOf('5215512345678')).not.toBe(a.conversationOf('5215512345678'));
    } finally {
      await other.cleanup();
    }
  });

  it('opens the 24-hour window with each message and closes it a day later', async () => {
    const store = new WhatsAppStore(await folder.open(), cipher);
    expect(await store.windowOf('wa-1')).toEqual({ open: false, lastInAt: null, closesAt: null, reengagedAt: null });
    await store.recordInbound('wa-1', '5215512345678', at('2026-03-01T10:00:00Z'));
    expect(await store.windowOf('wa-1', at('2026-03-02T09:59:00Z'))).toMatchObject({ open: true, closesAt: new Date(Date.parse('2026-03-01T10:00:00Z') + WHATSAPP_WINDOW_MS).toISOString() });
    expect(await store.windowOf('wa-1', at('2026-03-02T10:01:00Z'))).toMatchObject({ open: false });
    expect(await store.phoneOf('wa-1')).toBe('5215512345678');
  });

  it('lets the re-engagement template go out once per closed window, whichever instance asks', async () => {
    const [one, two] = [new WhatsAppStore(await folder.open(), cipher), new WhatsAppStore(await folder.open(), cipher)];
    await one.recordInbound('wa-2', '5215512345670', at('2026-03-01T10:00:00Z'));
    const claims = await Promise.all([one.claimReengagement('wa-2'), two.claimReengagement('wa-2'), one.claimReengagement('wa-2')]);
    expect(claims.filter(Boolean)).toHaveLength(1);
    await two.recordInbound('wa-2', '5215512345670');
    expect(await one.claimReengagement('wa-2')).toBe(true);
  });

  it('keeps messages sealed and gives them back once, oldest first', async () => {
    const database = await folder.open();
    const store = new WhatsAppStore(database, cipher);
    await store.keepPending('wa-3', [{ type: 'text', text: { body: 'uno' } }, { type: 'text', text: { body: 'dos' } }], '131047');
    await store.keepPending('wa-3', [{ type: 'text', text: { body: 'tres' } }], '190');
    expect(await store.pendingCount('wa-3')).toBe(3);
    const [a, b] = await Promise.all([store.takePending('wa-3'), store.takePending('wa-3')]);
    const taken = [...a.messages, ...b.messages].map((m) => (m.text as { body: string }).body);
    expect(taken).toEqual(['uno', 'dos', 'tres']);
    expect(await store.pendingCount('wa-3')).toBe(0);
    // A row that cannot be opened is dropped and counted, never a reason to stop the conversation.
    await database.db.insertInto('whatsapp_pending').values({ conversation_id: 'wa-3', created_at: new Date().toISOString(), reason: 'x', message: 'v1.nokey.a.b.c' }).execute();
    await store.keepPending('wa-3', [{ type: 'text', text: { body: 'cuatro' } }], '131047');
    expect(await store.takePending('wa-3')).toEqual({ messages: [{ type: 'text', text: { body: 'cuatro' } }], unreadable: 1 });
  });

  it('moves a message status only forward, and keeps failed with its code', async () => {
    const store = new WhatsAppStore(await folder.open(), cipher);
    await store.recordStatus('wm-1', 'wa-4', 'accepted', null);
    for (const status of ['read', 'delivered', 'sent'] as const) await store.recordStatus('wm-1', 'wa-4', status, null);
    expect(await store.statusOf('wm-1')).toEqual({ conversationId: 'wa-4', status: 'read', errorCode: null });
    await store.recordStatus('wm-1', 'wa-4', 'failed', 131026);
    await store.recordStatus('wm-1', 'wa-4', 'delivered', null);
    expect(await store.statusOf('wm-1')).toEqual({ conversationId: 'wa-4', status: 'failed', errorCode: 131026 });
  });
});
