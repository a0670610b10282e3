import fs from 'node:fs';
import path from 'node:path';
import type { WhatsAppIds } from '../../../src/channels/whatsapp/WhatsAppIds';
import { createApp } from '../../../src/app/createApp';
import { loadConfig } from '../../../src/config/loadConfig';
import { createLogger } from '../../../src/util/logger';
import { type FakeGraphApi, startFakeGraphApi } from '../../helpers/fakeGraphApi';
import type { RunningApp } from '../../helpers/httpApp';
import { makeTempDir, ROOT } from '../../helpers/testRuntime';
import { idsOf, WhatsAppPerson, whatsappEnv } from '../../helpers/whatsappPerson';
import { signIn, type StaffClient } from '../../staff/staffHelpers';

/** The repository as the service reads it, with dialogs/whatsapp.yaml naming a re-engagement template. */
function contentRootWithTemplate(): string {
  const root = makeTempDir('camino-content-');
  for (const entry of ['locales', 'public', 'node_modules']) fs.symlinkSync(path.join(ROOT, entry), path.join(root, entry));
  fs.mkdirSync(path.join(root, 'dialogs'));
  for (const file of fs.readdirSync(path.join(ROOT, 'dialogs'))) fs.symlinkSync(path.join(ROOT, 'dialogs', file), path.join(root, 'dialogs', file));
  fs.rmSync(path.join(root, 'dialogs', 'whatsapp.yaml'));
  fs.writeFileSync(path.join(root, 'dialogs', 'whatsapp.yaml'), 'reengagementTemplate:\n  name: camino_message_waiting\n  languages: { en: en_US, es: es_MX, zh: zh_CN }\n');
  return root;
}

/** Consent, then every question skipped: the office is shown and the lead stored, with its handoff. */
const SKIP_SCREENING = ['quiero hablar con un abogado', 'sí', ...Array<string>(9).fill('Prefiero no decir')];

describe.each([
  ['without a re-engagement template', false],
  ['with a re-engagement template', true],
])('staff replies over WhatsApp %s', (_name, withTemplate) => {
  let fake: FakeGraphApi;
  let running: RunningApp;
  let ids: WhatsAppIds;
  let staff: StaffClient;

  beforeAll(async () => {
    fake = await startFakeGraphApi();
    const dataDir = makeTempDir();
    const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'silent', ...whatsappEnv(fake) }, withTemplate ? contentRootWithTemplate() : ROOT);
    const app = await createApp(config, createLogger('silent'));
    running = { app, baseUrl: `http://127.0.0.1:${await app.listen()}`, dataDir };
    ids = await idsOf(running);
    staff = await signIn(running, 'reply@example.org', 'staff');
  });
  afterAll(async () => {
    await running.app.close();
    await fake.close();
  });

  async function screened(phone: string): Promise<{ person: WhatsAppPerson; leadId: string; conversationId: string }> {
    const person = new WhatsAppPerson({ baseUrl: running.baseUrl, settle: () => running.app.settle() }, fake, phone);
    for (const step of SKIP_SCREENING) await person.say(step);
    const conversationId = ids.conversationOf(phone);
    const [lead] = await running.app.runtime.screening.leads.listForConversation('whatsapp', conversationId);
    if (!lead) throw new Error('the screening stored no lead');
    return { person, leadId: lead.id, conversationId };
  }

  const windowOf = async (conversationId: string) => (await staff.call('GET', `/staff/api/conversations/whatsapp/${conversationId}`)).json.window as Record<string, unknown>;
  const closeWindow = (conversationId: string) =>
    running.app.database.db.updateTable('whatsapp_people').set({ last_in_at: new Date(Date.now() - 25 * 3_600_000).toISOString() }).where('conversation_id', '=', conversationId).execute();

  it('lists WhatsApp conversations and filters by them', async () => {
    await screened('5215530000001');
    const channels = (await staff.call('GET', '/staff/api/channels')).json.items as Array<{ id: string; window: boolean }>;
    expect(channels).toEqual(expect.arrayContaining([{ id: 'whatsapp', window: true }, { id: 'wechat', window: true }]));
    expect(channels.map((c) => c.id)).not.toContain('test');
    const listed = (await staff.call('GET', '/staff/api/conversations?channel=whatsapp')).json.items as Array<{ channelId: string; conversationId: string; outcome: string | null }>;
    expect(listed.map((i) => i.conversationId)).toContain(ids.conversationOf('5215530000001'));
    expect(listed.every((i) => i.channelId === 'whatsapp')).toBe(true);
    const dashboard = (await staff.call('GET', '/staff/api/dashboard')).json.conversations as { byChannel: Record<string, number> };
    expect(dashboard.byChannel.whatsapp).toBeGreaterThan(0);
  });

  it('delivers a staff reply inside the 24-hour window at once, and says the window is open', async () => {
    const { person, leadId, conversationId } = await screened('5215530000002');
    expect(await windowOf(conversationId)).toMatchObject({ channel: 'whatsapp', hours: 24, open: true, pending: 0 });
    person.newMessages();
    const reply = await staff.call('POST', `/staff/api/leads/${leadId}/reply`, { text: 'Hola, soy **Laura** de la oficina. La llamo hoy al [(626) 795-6777](tel:+16267956777).' });
    expect(reply.status).toBe(200);
    await running.app.settle();
    const got = person.newMessages();
    expect(got).toHaveLength(1);
    // What staff wrote in the page's markdown reaches WhatsApp in its own: bold with one star, the number tappable.
    expect(fake.textOf(got[0])).toBe('Hola, soy *Laura* de la oficina. La llamo hoy al +1 626 795 6777.');
    // The bot stays quiet while staff talk; the person's answer reaches the transcript.
    expect(await person.say('Gracias, espero su llamada')).toEqual([]);
    const log = await running.app.runtime.transcripts.list('whatsapp', conversationId);
    expect(log.at(-1)?.activity.text).toBe('Gracias, espero su llamada');
  });

  it('keeps a staff reply outside the window without calling WhatsApp, says so, and sends it when the person writes again', async () => {
    const { person, leadId, conversationId } = await screened('5215530000003');
    await closeWindow(conversationId);
    expect(await windowOf(conversationId)).toMatchObject({ open: false, pending: 0, reopenTemplate: { name: withTemplate ? 'camino_message_waiting' : null, sentAt: null } });
    person.newMessages();
    const requestsBefore = fake.requests;
    const reply = await staff.call('POST', `/staff/api/leads/${leadId}/reply`, { text: 'La oficina le llamará mañana a las 10.' });
    expect(reply.status).toBe(200);
    await running.app.settle();
    const sentNow = person.newMessages();
    if (withTemplate) {
      // Only the template may go out: it invites the person back, once.
      expect(sentNow.map((m) => m.type)).toEqual(['template']);
      expect(sentNow[0].body.template).toEqual({ name: 'camino_message_waiting', language: { code: 'es_MX' } });
    } else {
      expect(sentNow).toEqual([]);
      expect(fake.requests).toBe(requestsBefore);
    }
    const window = await windowOf(conversationId);
    expect(window).toMatchObject({ open: false, pending: 1 });
    expect((window.reopenTemplate as { sentAt: string | null }).sentAt === null).toBe(!withTemplate);
    const notes = (await running.app.runtime.transcripts.list('whatsapp', conversationId)).filter((a) => a.activity.name === 'camino/whatsapp-undelivered');
    expect(notes.map((n) => n.activity.value)).toEqual([{ code: 131047, kept: 1, dropped: 0 }]);
    expect(JSON.stringify(notes)).not.toContain('mañana');

    // A second reply while the window is still closed is kept too; the template is not sent twice.
    await staff.call('POST', `/staff/api/leads/${leadId}/reply`, { text: 'Si no puede, escríbanos.' });
    await running.app.settle();
    expect(person.newMessages()).toEqual([]);

    // The person taps the template's button (or writes): what was kept arrives first, in order.
    const next = withTemplate
      ? await person.post((await import('../../helpers/whatsappPerson')).delivery('text', person.phone, { type: 'button', text: undefined, button: { payload: 'Continuar', text: 'Continuar' } }))
      : await person.say('hola');
    expect(next.slice(0, 2).map((m) => fake.textOf(m))).toEqual(['La oficina le llamará mañana a las 10.', 'Si no puede, escríbanos.']);
    expect(await windowOf(conversationId)).toMatchObject({ open: true, pending: 0, ...(withTemplate ? { reopenTemplate: { name: 'camino_message_waiting', sentAt: null } } : {}) });
  });
});
