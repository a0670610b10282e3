import type { RunningApp } from '../helpers/httpApp';
import { request, signIn, startApp, type StaffClient } from './staffHelpers';

/**
 * The dashboard over seeded conversations and leads with fixed times. The firm's offices are in
 * America/Los_Angeles (UTC-8 in November), so 2026-11-03T05:00Z is still 2 November there.
 */
let running: RunningApp;
let staff: StaffClient;

async function conversation(id: string, createdAt: string, locale: string | undefined, lastStep?: string): Promise<void> {
  const transcripts = running.app.runtime.transcripts;
  await transcripts.append({ channelId: 'webchat', conversationId: id, activityId: `${id}-in`, direction: 'in', timestamp: createdAt, activity: { type: 'message', text: 'hola' } });
  if (lastStep) {
    await transcripts.append({
      channelId: 'webchat', conversationId: id, activityId: `${id}-out`, direction: 'out', timestamp: createdAt,
      activity: { type: 'message', text: '…', locale, channelData: { camino: { tags: [lastStep] } } },
    });
  } else if (locale) {
    await transcripts.append({ channelId: 'webchat', conversationId: id, activityId: `${id}-out`, direction: 'out', timestamp: createdAt, activity: { type: 'message', text: '…', locale } });
  }
  await running.app.database.db.updateTable('conversations').set({ created_at: createdAt } as never).where('conversation_id', '=', id).execute();
}

async function lead(conversationId: string, outcome: 'urgent' | 'qualified' | 'refer', createdAt: string, contactedAfterMinutes?: number, close?: 'retained' | 'declined'): Promise<void> {
  const leads = running.app.runtime.screening.leads;
  const id = `lead-${conversationId}`;
  await leads.create({ id, channelId: 'webchat', conversationId, locale: 'es', outcome, reasons: [], officeId: 'los-angeles', answers: {}, summary: '' });
  await running.app.runtime.screening.handoffs.begin({ channelId: 'webchat', conversationId }, id, { conversation: { id: conversationId } });
  const firstContact = contactedAfterMinutes === undefined ? null : new Date(Date.parse(createdAt) + contactedAfterMinutes * 60_000).toISOString();
  await running.app.database.db
    .updateTable('leads' as never)
    .set({ created_at: createdAt, first_contact_at: firstContact, status: close ? 'closed' : firstContact ? 'contacted' : 'new', end_reason: close ?? null } as never)
    .where('id' as never, '=', id as never)
    .execute();
}

beforeAll(async () => {
  running = await startApp();
  staff = await signIn(running, 'dash@example.org', 'staff');
  await conversation('c1', '2026-11-01T18:00:00.000Z', 'es', 'screening:q.fear.prompt');
  await conversation('c2', '2026-11-01T19:00:00.000Z', 'zh', 'screening:q.fear.prompt');
  await conversation('c3', '2026-11-03T05:00:00.000Z', 'en', 'card:mexico-returns');
  await conversation('c4', '2026-11-03T17:00:00.000Z', 'zh', 'screening:office.prompt');
  await conversation('c5', '2026-11-04T17:00:00.000Z', undefined);
  await conversation('c6', '2026-11-04T18:00:00.000Z', 'es', 'screening:office.prompt');
  await conversation('outside', '2026-10-20T18:00:00.000Z', 'es', 'menu.prompt');
  await lead('c4', 'urgent', '2026-11-03T17:05:00.000Z', 10);
  await lead('c6', 'qualified', '2026-11-04T18:05:00.000Z', 30, 'retained');
  await lead('outside', 'refer', '2026-10-20T18:05:00.000Z', 5);
});
afterAll(async () => running.app.close());

describe('the staff dashboard', () => {
  it('counts conversations per office day and language, with empty days, and only inside the range', async () => {
    const answer = await staff.call('GET', '/staff/api/dashboard?from=2026-11-01&to=2026-11-05');
    expect(answer.status).toBe(200);
    const data = answer.json as { timeZone: string; conversations: { total: number; perDay: { day: string; total: number; byLanguage: Record<string, number> }[]; byLanguage: Record<string, number>; byChannel: Record<string, number> } };
    expect(data.timeZone).toBe('America/Los_Angeles');
    expect(data.conversations.total).toBe(6);
    expect(data.conversations.perDay.map((d) => [d.day, d.total])).toEqual([
      ['2026-11-01', 2],
      ['2026-11-02', 1],
      ['2026-11-03', 1],
      ['2026-11-04', 2],
      ['2026-11-05', 0],
    ]);
    expect(data.conversations.perDay[0]?.byLanguage).toEqual({ en: 0, es: 1, zh: 1, unknown: 0 });
    expect(data.conversations.byLanguage).toEqual({ en: 1, es: 2, zh: 2, unknown: 1 });
    // Every registered channel is counted, also with none, so a new way in shows up without edits here.
    expect(data.conversations.byChannel).toMatchObject({ webchat: 6, wechat: 0, whatsapp: 0, emulator: 0, other: 0 });
    expect(data.conversations.byChannel).not.toHaveProperty('test');
  });

  it('reports outcomes, status, end reasons, handoffs and the median time to first contact', async () => {
    const data = (await staff.call('GET', '/staff/api/dashboard?from=2026-11-01&to=2026-11-05')).json;
    expect(data.leads).toEqual({ total: 2, byOutcome: { urgent: 1, qualified: 1, refer: 0 }, byStatus: { new: 0, contacted: 1, closed: 1 }, byEndReason: { retained: 1 } });
    expect(data.handoffs).toEqual({ waiting: 2, staff: 0, ended: 0 });
    expect(data.firstContact).toEqual({ contacted: 2, medianMinutes: 20 });
    const odd = (await staff.call('GET', '/staff/api/dashboard?from=2026-10-01&to=2026-11-05')).json as { firstContact: unknown };
    expect(odd.firstContact).toEqual({ contacted: 3, medianMinutes: 10 });
  });

  it('shows where people without a lead stopped, most common step first', async () => {
    const data = (await staff.call('GET', '/staff/api/dashboard?from=2026-11-01&to=2026-11-05')).json as { dropOff: unknown };
    expect(data.dropOff).toEqual([
      { step: 'screening:q.fear.prompt', conversations: 2 },
      { step: 'card:mexico-returns', conversations: 1 },
      { step: 'unknown', conversations: 1 },
    ]);
  });

  it('defaults to the last 30 days and refuses a bad or too long range with a reason', async () => {
    const data = (await staff.call('GET', '/staff/api/dashboard')).json as { from: string; to: string; conversations: { perDay: unknown[] } };
    expect(data.conversations.perDay).toHaveLength(30);
    const tooLong = await staff.call('GET', '/staff/api/dashboard?from=2024-01-01&to=2026-01-01');
    expect(tooLong.status).toBe(400);
    expect(String(tooLong.json.message)).toContain('366 days');
    expect((await staff.call('GET', '/staff/api/dashboard?from=2026-11-05&to=2026-11-01')).status).toBe(400);
    expect((await staff.call('GET', '/staff/api/dashboard?from=yesterday')).status).toBe(400);
    const impossible = await staff.call('GET', '/staff/api/conversations?to=2026-13-45');
    expect(impossible.status).toBe(400);
    expect(String(impossible.json.message)).toContain('not a calendar date');
    expect((await request(running.baseUrl, 'GET', '/staff/api/dashboard')).status).toBe(401);
  });
});

describe('the audit log route', () => {
  it('is for admins, newest first, with emails, filters and paging', async () => {
    expect((await staff.call('GET', '/staff/api/audit')).status).toBe(403);
    const admin = await signIn(running, 'audit-reader@example.org', 'admin');
    for (let i = 0; i < 3; i += 1) await admin.call('GET', '/staff/api/conversations/webchat/c1');
    const first = await admin.call('GET', '/staff/api/audit?action=conversation.read&limit=2');
    const items = first.json.items as { id: number; action: string; actorEmail: string; target: string }[];
    expect(items).toHaveLength(2);
    expect(items.every((e) => e.action === 'conversation.read' && e.actorEmail === 'audit-reader@example.org' && e.target === 'webchat/c1')).toBe(true);
    expect(items[0].id).toBeGreaterThan(items[1].id);
    const second = await admin.call('GET', `/staff/api/audit?action=conversation.read&limit=2&before=${String(first.json.next)}`);
    expect((second.json.items as unknown[]).length).toBe(1);
    expect(second.json.next).toBeUndefined();
    const byEmail = await admin.call('GET', '/staff/api/audit?actor=DASH@example.org');
    expect((byEmail.json.items as { action: string; targetEmail: string }[]).map((e) => [e.action, e.targetEmail])).toEqual([['login', 'dash@example.org']]);
    expect((await admin.call('GET', '/staff/api/audit?before=abc')).status).toBe(400);
  });
});
