import type { RunningApp } from '../helpers/httpApp';
import { PASSWORD, request, screenInChinese, signIn, startApp, startPerson, type Person } from './staffHelpers';

jest.setTimeout(60_000);

/**
 * Each audited action done once through the API, then the log read back: who (the account), what, which target,
 * from where, and details that never carry what anyone wrote.
 */
describe('the audit log records each staff action', () => {
  let running: RunningApp;
  let person: Person;
  const SECRET_WORDS = ['Secret note words', '你好，律所', 'new password for you 1', 'wrong password guess'];

  beforeAll(async () => {
    running = await startApp();
    person = await startPerson(running.baseUrl);
    await screenInChinese(person);
  });
  afterAll(async () => {
    person.close();
    await running.app.close();
  });

  it('writes one entry per action with actor, target and address, and no content', async () => {
    const admin = await signIn(running, 'audit-admin@example.org', 'admin');
    const adminId = (await running.app.staff.accounts.findByEmail('audit-admin@example.org'))?.id ?? '';
    const [lead] = await running.app.runtime.screening.leads.listForConversation('webchat', person.conversationId);
    const leadId = lead?.id ?? '';
    const conversation = `webchat/${person.conversationId}`;

    await request(running.baseUrl, 'POST', '/staff/api/login', { email: 'audit-admin@example.org', password: SECRET_WORDS[3] });
    expect((await admin.call('GET', `/staff/api/conversations/${conversation}`)).status).toBe(200);
    expect((await admin.call('POST', `/staff/api/leads/${leadId}/assign`, { to: 'me' })).status).toBe(200);
    expect((await admin.call('POST', `/staff/api/leads/${leadId}/notes`, { text: SECRET_WORDS[0] })).status).toBe(201);
    expect((await admin.call('POST', `/staff/api/leads/${leadId}/reply`, { text: SECRET_WORDS[1] })).status).toBe(200);
    expect((await admin.call('POST', `/staff/api/leads/${leadId}/end-chat`, {})).status).toBe(200);
    expect((await admin.call('POST', `/staff/api/leads/${leadId}/status`, { status: 'closed', endReason: 'referred' })).status).toBe(200);
    expect((await admin.call('GET', `/staff/api/export?format=csv&channelId=webchat&conversationId=${person.conversationId}`)).status).toBe(200);
    const created = await admin.call('POST', '/staff/api/accounts', { email: 'audit-new@example.org', role: 'staff', password: SECRET_WORDS[2] });
    expect(created.status).toBe(201);
    const newId = String(created.json.id);
    expect((await admin.call('POST', `/staff/api/accounts/${newId}/disable`, {})).status).toBe(200);
    expect((await admin.call('POST', '/staff/api/password', { current: PASSWORD, next: 'an even longer password 77' })).status).toBe(200);
    expect((await admin.call('DELETE', `/staff/api/conversations/${conversation}`, { confirm: person.conversationId })).status).toBe(200);

    const again = await request(running.baseUrl, 'POST', '/staff/api/login', { email: 'audit-admin@example.org', password: 'an even longer password 77' });
    const cookie = (again.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    expect((await request(running.baseUrl, 'POST', '/staff/api/logout', {}, { cookie, 'x-csrf-token': String(again.json.csrfToken) })).status).toBe(200);

    const entries = (await running.app.staff.audit.list({ limit: 500 })).reverse();
    const byAdmin = entries.filter((e) => e.actor === adminId);
    const expected: [string, string | null, Record<string, unknown> | null | undefined][] = [
      ['login', adminId, null],
      ['login.failed', adminId, null],
      ['conversation.read', conversation, { leads: [leadId] }],
      ['lead.assign', leadId, { to: adminId }],
      ['lead.note', leadId, { note: expect.any(Number) }],
      ['lead.reply', leadId, { characters: SECRET_WORDS[1]?.length }],
      ['lead.endChat', leadId, null],
      ['lead.status', leadId, { status: 'closed', endReason: 'referred' }],
      ['export', conversation, expect.objectContaining({ format: 'csv', conversations: 1 })],
      ['account.create', newId, expect.objectContaining({ role: 'staff' })],
      ['account.disable', newId, undefined],
      ['account.password', adminId, undefined],
      ['conversation.delete', conversation, null],
      ['login', adminId, null],
      ['logout', adminId, null],
    ];
    expect(byAdmin.map((e) => e.action)).toEqual(expected.map(([action]) => action));
    byAdmin.forEach((entry, i) => {
      const [, target, detail] = expected[i] ?? [];
      expect(entry.target).toBe(target);
      if (detail !== undefined) expect(entry.detail).toEqual(detail);
      expect(entry.address).toMatch(/127\.0\.0\.1/);
      expect(Date.parse(entry.at)).toBeGreaterThan(Date.now() - 60_000);
    });
    const text = JSON.stringify(entries);
    for (const words of SECRET_WORDS) expect(text).not.toContain(words);
    expect(text).not.toContain('audit-new@example.org');
  });
});
