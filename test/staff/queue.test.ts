import { auditActions, type Person, request, screenInChinese, signIn, startApp, startPerson, type StaffClient } from './staffHelpers';
import type { RunningApp } from '../helpers/httpApp';

jest.setTimeout(60_000);

let running: RunningApp;
let staff: StaffClient;
let other: StaffClient;
let person: Person;
let leadId: string;

beforeAll(async () => {
  running = await startApp();
  staff = await signIn(running, 'intake@example.org', 'staff');
  other = await signIn(running, 'second@example.org', 'staff');
  person = await startPerson(running.baseUrl);
  await screenInChinese(person);
  const [lead] = await running.app.runtime.screening.leads.listForConversation('webchat', person.conversationId);
  leadId = lead?.id ?? '';
});
afterAll(async () => {
  person?.close();
  await running?.app.close();
});

type QueueItem = { leadId: string; outcome: string; status: string; createdAt: string; assignee: { email: string } | null; notes: number; handoffState: string | null };
const items = async (client: StaffClient, query = '') => (await client.call('GET', `/staff/api/leads${query}`)).json.items as QueueItem[];

describe('the handoff queue', () => {
  it('lists the open lead, waiting for a call back, with nobody assigned', async () => {
    const item = (await items(staff)).find((i) => i.leadId === leadId);
    expect(item).toMatchObject({ outcome: 'qualified', status: 'new', assignee: null, notes: 0, handoffState: 'waiting' });
  });

  it('puts urgent leads first, then the longest waiting', async () => {
    const leads = running.app.runtime.screening.leads;
    const base = { locale: 'es' as const, reasons: ['detained'], officeId: 'mexico-city', answers: {}, summary: 'urgent', channelId: 'webchat' };
    await leads.create({ ...base, id: 'lead-urgent-1', outcome: 'urgent', conversationId: 'urgent-1' });
    await leads.create({ ...base, id: 'lead-refer-1', outcome: 'refer', conversationId: 'refer-1' });
    const order = (await items(staff)).map((i) => i.leadId);
    expect(order[0]).toBe('lead-urgent-1');
    expect(order.indexOf(leadId)).toBeLessThan(order.indexOf('lead-refer-1'));
  });

  it('assigns a lead to the staff member who takes it, and lists it under "mine" for them only', async () => {
    const taken = await staff.call('POST', `/staff/api/leads/${leadId}/assign`, { to: 'me' });
    expect(taken.status).toBe(200);
    expect((await items(staff, '?mine=true')).map((i) => i.leadId)).toEqual([leadId]);
    expect(await items(other, '?mine=true')).toEqual([]);
    expect((await items(other)).find((i) => i.leadId === leadId)?.assignee?.email).toBe('intake@example.org');
  });

  it('keeps notes sealed at rest and shows them to staff with their author', async () => {
    const note = 'Called twice, no answer. Try after 6pm (Mexico City).';
    const added = await staff.call('POST', `/staff/api/leads/${leadId}/notes`, { text: note });
    expect(added.status).toBe(201);
    const rows = await running.app.database.db.selectFrom('lead_notes' as never).selectAll().execute();
    expect(JSON.stringify(rows)).not.toContain('no answer');
    const read = await other.call('GET', `/staff/api/conversations/webchat/${person.conversationId}`);
    const lead = (read.json.leads as { id: string; notes: { text: string; author: { email: string } }[] }[]).find((l) => l.id === leadId);
    expect(lead?.notes).toEqual([expect.objectContaining({ text: note, author: expect.objectContaining({ email: 'intake@example.org' }) })]);
    const entry = (await auditActions(running)).find((e) => e.action === 'lead.note');
    expect(entry).toMatchObject({ target: leadId });
    expect(JSON.stringify(entry?.detail)).not.toContain('no answer');
    expect((await staff.call('POST', `/staff/api/leads/${leadId}/notes`, { text: '   ' })).status).toBe(400);
  });

  it('sends a staff reply that the person receives on Direct Line, and marks the lead contacted', async () => {
    const sent = await staff.call('POST', `/staff/api/leads/${leadId}/reply`, { text: '您好，我是律所的工作人员。' });
    expect(sent.status).toBe(200);
    await person.waitForTag('staff.message');
    expect(person.seen.filter((a) => (a.channelData?.camino?.tags ?? []).includes('staff.message')).map((a) => a.text)).toEqual(['您好，我是律所的工作人员。']);
    const lead = await running.app.runtime.screening.leads.get(leadId);
    expect(lead?.status).toBe('contacted');
    expect(Date.parse(lead?.firstContactAt ?? '')).toBeGreaterThanOrEqual(Date.parse(lead?.createdAt ?? ''));
    const entry = (await auditActions(running)).find((e) => e.action === 'lead.reply');
    expect(entry?.detail).toEqual({ characters: 13 });

    const botTagsBefore = person.seen.length;
    await person.say('谢谢');
    await new Promise((r) => setTimeout(r, 1000));
    expect(person.seen.slice(botTagsBefore).filter((a) => a.from.role === 'bot')).toEqual([]);
    const record = await staff.call('GET', `/staff/api/conversations/webchat/${person.conversationId}`);
    expect(record.json.handoffState).toBe('staff');
    expect((record.json.entries as { text: string; staff: boolean }[]).filter((e) => e.staff).map((e) => e.text)).toEqual(['您好，我是律所的工作人员。']);
  });

  it('ends the live chat, after which the bot answers the person again', async () => {
    expect((await staff.call('POST', `/staff/api/leads/${leadId}/end-chat`, {})).status).toBe(200);
    await person.waitForTag('screening:live.ended');
    await person.say('菜单');
    await person.waitForTag('menu.prompt', 2);
    expect((await auditActions(running)).some((e) => e.action === 'lead.endChat' && e.target === leadId)).toBe(true);
  });

  it('closes a lead with an end reason; a closed lead takes no second close and no reply', async () => {
    expect((await staff.call('POST', `/staff/api/leads/${leadId}/status`, { status: 'closed' })).status).toBe(400);
    expect((await staff.call('POST', `/staff/api/leads/${leadId}/status`, { status: 'closed', endReason: 'maybe' })).status).toBe(400);
    const closed = await staff.call('POST', `/staff/api/leads/${leadId}/status`, { status: 'closed', endReason: 'retained' });
    expect(closed.status).toBe(200);
    expect(closed.json).toMatchObject({ status: 'closed', endReason: 'retained' });
    expect((await staff.call('POST', `/staff/api/leads/${leadId}/status`, { status: 'closed', endReason: 'duplicate' })).status).toBe(409);
    expect((await staff.call('POST', `/staff/api/leads/${leadId}/reply`, { text: 'hello again' })).status).toBe(409);
    expect((await items(staff)).map((i) => i.leadId)).not.toContain(leadId);
    expect((await items(staff, '?filter=closed')).map((i) => i.leadId)).toContain(leadId);
    const entry = (await auditActions(running)).find((e) => e.action === 'lead.status' && e.target === leadId);
    expect(entry?.detail).toEqual({ status: 'closed', endReason: 'retained' });
  });

  it('answers 404 for a lead that does not exist and 400 for a reply that is too long', async () => {
    expect((await staff.call('POST', '/staff/api/leads/no-such-lead/assign', { to: 'me' })).status).toBe(404);
    expect((await staff.call('POST', '/staff/api/leads/lead-urgent-1/reply', { text: 'x'.repeat(2001) })).status).toBe(400);
    expect((await request(running.baseUrl, 'GET', '/staff/api/leads')).status).toBe(401);
  });
});

describe('WeChat limits on a reply', () => {
  it('shows the 48-hour window and the sends left for a WeChat conversation', async () => {
    const openId = 'oFollower-queue-test';
    await running.app.runtime.transcripts.append({ channelId: 'wechat', conversationId: openId, activityId: 'w-1', direction: 'in', timestamp: new Date().toISOString(), activity: { type: 'message', text: '你好', from: { id: openId } } });
    const read = async () => (await staff.call('GET', `/staff/api/conversations/wechat/${openId}`)).json.window as Record<string, unknown>;
    expect(await read()).toMatchObject({ channel: 'wechat', hours: 48, open: false, sendsLeft: 0, maxSends: 5, maxText: { max: 2048, unit: 'bytes' } });
    const { WechatStore } = await import('../../src/channels/wechat/WechatStore');
    const store = new WechatStore(running.app.database);
    await store.openWindow(openId, new Date(Date.now() - 47 * 3_600_000));
    await store.reserveSend(openId);
    const open = await read();
    expect(open).toMatchObject({ open: true, sendsLeft: 4 });
    expect(Date.parse(String(open.closesAt)) - Date.now()).toBeLessThan(3_600_000);
  });
});
