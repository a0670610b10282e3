import { randomBytes } from 'node:crypto';
import { FieldCipher, identifyKey } from '../../src/crypto/FieldCipher';
import { LeadRepository } from '../../src/handoff/LeadRepository';
import { HandoffStore } from '../../src/handoff/HandoffStore';
import { AccountRepository } from '../../src/staff/AccountRepository';
import { AuditLog } from '../../src/staff/AuditLog';
import { ConversationQueries, decodeCursor, encodeCursor } from '../../src/staff/ConversationQueries';
import { DashboardQueries } from '../../src/staff/DashboardQueries';
import { LoginThrottle } from '../../src/staff/LoginThrottle';
import { SessionStore } from '../../src/staff/SessionStore';
import type { Database } from '../../src/store/openDatabase';
import { TranscriptRepository } from '../../src/store/TranscriptRepository';
import { createEngineDatabase, ENGINES, type EngineDatabase } from '../pg/testDatabases';

const cipher = new FieldCipher(identifyKey(randomBytes(32)));
const PASSWORD = 'a long enough password';

/** The staff app's stores on both engines: the same calls, the same answers. */
describe.each(ENGINES)('the staff stores on %s', (engine) => {
  let folder: EngineDatabase;
  let database: Database;
  let audit: AuditLog;
  let accounts: AccountRepository;

  beforeEach(async () => {
    folder = await createEngineDatabase(engine);
    database = await folder.open();
    audit = new AuditLog(database);
    accounts = new AccountRepository(database, audit);
  });
  afterEach(() => folder.cleanup());

  it('creates, finds, refuses duplicates of, and disables accounts; single sign-on makes and updates them', async () => {
    const admin = await accounts.create({ email: 'Admin@Example.org', role: 'admin', password: PASSWORD }, { id: 'cli', address: null });
    expect(await accounts.findByEmail('admin@example.org')).toMatchObject({ id: admin.id, role: 'admin', disabled: false });
    await expect(accounts.create({ email: 'admin@example.org', role: 'staff', password: PASSWORD }, { id: 'cli', address: null })).rejects.toThrow('already exists');
    expect(await accounts.hasActiveAdmin()).toBe(true);
    const sso = await accounts.fromSingleSignOn('sso@example.org', 'staff', '10.0.0.1');
    expect(sso).toMatchObject({ created: true, account: { role: 'staff' } });
    expect(await accounts.fromSingleSignOn('SSO@example.org', 'admin', '10.0.0.1')).toMatchObject({ created: false, account: { role: 'admin' } });
    expect(await accounts.disable(admin.id, { id: 'cli', address: null })).toBe(true);
    expect(await accounts.disable(admin.id, { id: 'cli', address: null })).toBe(false);
    expect(await accounts.hasActiveAdmin()).toBe(true);
    expect((await audit.list({ limit: 10 })).map((e) => e.action).reverse()).toEqual(['account.create', 'account.create', 'account.role', 'account.disable']);
  });

  it('keeps sessions until sign-out, idleness or disabling, and stores only the hash of the cookie', async () => {
    const account = await accounts.create({ email: 'staff@example.org', role: 'staff', password: PASSWORD }, { id: 'cli', address: null });
    const sessions = new SessionStore(database, { idleMs: 60_000, absoluteMs: 3_600_000 });
    const first = await sessions.create(account.id, '127.0.0.1');
    const live = await sessions.resolve(first.token);
    expect(live).toMatchObject({ accountId: account.id, role: 'staff', csrfToken: first.csrfToken });
    expect(JSON.stringify(await database.db.selectFrom('staff_sessions' as never).selectAll().execute())).not.toContain(first.token);
    await sessions.end(live?.tokenHash ?? '');
    expect(await sessions.resolve(first.token)).toBeUndefined();

    const idle = await sessions.create(account.id, '127.0.0.1');
    await database.db.updateTable('staff_sessions' as never).set({ last_seen_at: new Date(Date.now() - 120_000).toISOString() } as never).execute();
    expect(await sessions.resolve(idle.token)).toBeUndefined();

    const third = await sessions.create(account.id, '127.0.0.1');
    await accounts.disable(account.id, { id: 'cli', address: null });
    expect(await sessions.resolve(third.token)).toBeUndefined();
  });

  it('locks an account after repeated failures and forgets them after a success', async () => {
    const throttle = new LoginThrottle(database, { accountFailures: 3, addressFailures: 10, windowMs: 60_000, lockMs: 60_000 });
    for (let i = 0; i < 2; i += 1) await throttle.recordFailure('a@example.org', '10.0.0.2');
    expect(await throttle.lockedUntil('a@example.org', '10.0.0.2')).toBeUndefined();
    await throttle.recordSuccess('a@example.org');
    for (let i = 0; i < 3; i += 1) await throttle.recordFailure('a@example.org', '10.0.0.2');
    expect(Date.parse((await throttle.lockedUntil('a@example.org', '10.0.0.3')) ?? '')).toBeGreaterThan(Date.now());
  });

  it('keeps the audit log append-only in the database itself', async () => {
    await audit.record({ actor: 'a', action: 'export', target: null, detail: null, address: null });
    // The driver's error may come from another realm (a native module), so its message is read, not its class.
    const outcome = (write: Promise<unknown>) => write.then(() => 'written', (error: unknown) => String((error as { message?: unknown }).message));
    expect(await outcome(database.db.updateTable('audit_log').set({ actor: 'someone else' }).execute())).toMatch(/append-only/);
    expect(await outcome(database.db.deleteFrom('audit_log').execute())).toMatch(/append-only/);
    expect((await audit.list({ limit: 10 })).map((e) => e.actor)).toEqual(['a']);
  });

  it('pages the audit log newest first and filters it', async () => {
    for (let i = 0; i < 5; i += 1) await audit.record({ actor: i % 2 ? 'x' : 'y', action: i < 3 ? 'conversation.read' : 'export', target: `t${i}`, detail: { i }, address: '127.0.0.1' });
    const first = await audit.list({ limit: 2 });
    expect(first.map((e) => e.target)).toEqual(['t4', 't3']);
    expect((await audit.list({ limit: 2, before: first[1]?.id })).map((e) => e.target)).toEqual(['t2', 't1']);
    expect((await audit.list({ limit: 10, action: 'export' })).map((e) => e.detail)).toEqual([{ i: 4 }, { i: 3 }]);
    expect((await audit.list({ limit: 10, actor: 'x' })).map((e) => e.target)).toEqual(['t3', 't1']);
  });

  it('lists conversations newest first with filters and a cursor, and finds text by decrypting', async () => {
    const transcripts = new TranscriptRepository(database, cipher);
    const leads = new LeadRepository(database, cipher, []);
    const handoffs = new HandoffStore(database, cipher);
    for (let i = 0; i < 7; i += 1) {
      const timestamp = new Date(Date.parse('2026-11-01T12:00:00Z') + i * 3_600_000).toISOString();
      await transcripts.append({ channelId: i % 2 ? 'wechat' : 'webchat', conversationId: `c${i}`, activityId: `a${i}`, direction: 'in', timestamp, activity: { type: 'message', text: i === 2 ? 'necesito un abogado' : 'hola' }, locale: i % 3 === 0 ? 'zh' : 'es' });
    }
    await leads.create({ id: 'l2', channelId: 'webchat', conversationId: 'c2', locale: 'es', outcome: 'urgent', reasons: [], officeId: 'o', answers: {}, summary: '' });
    await handoffs.begin({ channelId: 'webchat', conversationId: 'c2' }, 'l2', {});
    await database.db.updateTable('leads' as never).set({ created_at: '2026-11-01T14:30:00.000Z' } as never).execute();
    const queries = new ConversationQueries(database, transcripts);
    const page1 = await queries.list({}, 3);
    expect(page1.items.map((r) => r.conversationId)).toEqual(['c6', 'c5', 'c4']);
    const cursor = decodeCursor(encodeCursor(page1.next ?? { created: '', channel: '', id: '' }));
    expect((await queries.list({}, 3, cursor)).items.map((r) => r.conversationId)).toEqual(['c3', 'c2', 'c1']);
    expect((await queries.list({ channel: 'wechat' }, 10)).items.map((r) => r.conversationId)).toEqual(['c5', 'c3', 'c1']);
    expect((await queries.list({ locale: 'zh' }, 10)).items.map((r) => r.conversationId)).toEqual(['c6', 'c3', 'c0']);
    expect((await queries.list({ outcome: 'urgent' }, 10)).items).toEqual([expect.objectContaining({ conversationId: 'c2', outcome: 'urgent', leadStatus: 'new', handoffState: 'waiting' })]);
    expect((await queries.list({ outcome: 'none' }, 10)).items).toHaveLength(6);
    expect((await queries.list({ handoff: 'waiting' }, 10)).items.map((r) => r.conversationId)).toEqual(['c2']);
    expect((await queries.list({ from: '2026-11-01T14:00:00.000Z', to: '2026-11-01T16:00:00.000Z' }, 10)).items.map((r) => r.conversationId)).toEqual(['c3', 'c2']);
    expect((await queries.list({ q: 'ABOGADO' }, 10)).items.map((r) => r.conversationId)).toEqual(['c2']);

    const dashboard = await new DashboardQueries(database).figures('2026-11-01', '2026-11-01', 'America/Los_Angeles');
    expect(dashboard.conversations.total).toBe(7);
    expect(dashboard.conversations.byLanguage).toEqual({ en: 0, es: 4, zh: 3, unknown: 0 });
    expect(dashboard.leads.byOutcome).toEqual({ urgent: 1, qualified: 0, refer: 0 });
    expect(dashboard.handoffs).toEqual({ waiting: 1, staff: 0, ended: 0 });
    expect(dashboard.dropOff).toEqual([{ step: 'unknown', conversations: 6 }]);
  });
});
