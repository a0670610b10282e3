import http from 'node:http';
import type { AddressInfo } from 'node:net';
import nodemailer from 'nodemailer';
import { SMTPServer } from 'smtp-server';
import { FieldCipher, identifyKey } from '../../src/crypto/FieldCipher';
import { handoffDb } from '../../src/handoff/handoffTables';
import { LeadRepository, type NewLead } from '../../src/handoff/LeadRepository';
import { NotificationWorker } from '../../src/handoff/NotificationWorker';
import { EmailNotifier, WebhookNotifier } from '../../src/handoff/notifiers';
import { SIGNATURE_HEADER, verifyWebhookSignature } from '../../src/handoff/signWebhook';
import type { Database } from '../../src/store/openDatabase';
import { createLogger } from '../../src/util/logger';
import { waitUntil } from '../helpers/directLineClient';
import { realDomain } from '../helpers/testRuntime';
import { createTempDatabaseFolder, type TempDatabaseFolder } from '../store/tempDatabase';

const SECRET = 'a-webhook-secret-for-tests';
const cipher = new FieldCipher(identifyKey(Buffer.alloc(32, 7)));

function lead(overrides: Partial<NewLead> = {}): NewLead {
  return {
    id: `lead-${Math.random().toString(36).slice(2)}`,
    channelId: 'webchat',
    conversationId: 'conv-1',
    locale: 'es',
    outcome: 'urgent',
    reasons: ['detained', 'asylum'],
    answers: { location: 'us', urgency: 'detained', nationality: 'honduras' },
    officeId: 'los-angeles',
    summary: 'URGENT lead. Reasons: person is detained; fears return (asylum).',
    ...overrides,
  };
}

interface Received {
  body: string;
  signature: string | undefined;
}

/** A real HTTP receiver on loopback; `failures` requests get 500 before it starts accepting. */
async function startReceiver(failures = 0): Promise<{ url: string; received: Received[]; attempts: () => number; close: () => Promise<void> }> {
  const received: Received[] = [];
  let attempts = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      attempts += 1;
      if (attempts <= failures) {
        res.statusCode = 500;
        res.end();
        return;
      }
      const header = req.headers[SIGNATURE_HEADER.toLowerCase()];
      received.push({ body: Buffer.concat(chunks).toString('utf8'), signature: typeof header === 'string' ? header : undefined });
      res.statusCode = 204;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/hooks/camino`, received, attempts: () => attempts, close: () => new Promise((r) => server.close(() => r())) };
}

describe('leads, the outbox and staff notifications', () => {
  let folder: TempDatabaseFolder;
  let database: Database;
  const logger = createLogger('silent');

  beforeEach(async () => {
    folder = createTempDatabaseFolder();
    database = await folder.open();
  });
  afterEach(async () => folder.cleanup());

  it('keeps answers, summary and contact details encrypted at rest and readable through the repository', async () => {
    const leads = new LeadRepository(database, cipher, []);
    const draft = lead();
    await leads.create(draft);
    await leads.update(draft.id, { contact: { phone: '+16265550134', name: 'Ana' } });
    const raw = await handoffDb(database.db).selectFrom('leads').selectAll().executeTakeFirstOrThrow();
    for (const column of [raw.answers, raw.summary, raw.contact ?? '']) {
      expect(column).not.toMatch(/honduras|detained|6265550134|Ana/);
    }
    const stored = await leads.get(draft.id);
    expect(stored).toMatchObject({ outcome: 'urgent', status: 'new', answers: draft.answers, summary: draft.summary, contact: { phone: '+16265550134', name: 'Ana' } });
  });

  it.each([
    ['new', 'contacted', undefined, 'contacted'],
    ['contacted', 'closed', 'retained', 'closed'],
  ] as const)('moves a lead from %s to %s', async (_from, to, reason, expected) => {
    const leads = new LeadRepository(database, cipher, []);
    const draft = lead();
    await leads.create(draft);
    if (to === 'closed') await leads.setStatus(draft.id, 'contacted');
    await leads.setStatus(draft.id, to, reason);
    expect((await leads.get(draft.id))?.status).toBe(expected);
    await expect(leads.setStatus(draft.id, 'closed')).rejects.toThrow(/end reason/);
  });

  it('delivers a signed webhook that a real receiver can verify, flagged urgent', async () => {
    const receiver = await startReceiver();
    const leads = new LeadRepository(database, cipher, ['webhook']);
    const worker = new NotificationWorker({ database, leads, logger, notifiers: { webhook: new WebhookNotifier({ url: receiver.url, secret: SECRET }) } });
    const draft = lead();
    await leads.create(draft);
    expect(await worker.runOnce()).toBe(1);
    await leads.update(draft.id, { contact: { wechat: 'wxid_camino01' } });
    expect(await worker.runOnce()).toBe(1);
    await receiver.close();

    expect(receiver.received).toHaveLength(2);
    for (const { body, signature } of receiver.received) expect(verifyWebhookSignature(body, SECRET, signature)).toBe(true);
    expect(verifyWebhookSignature(receiver.received[0].body, 'another-secret-entirely', receiver.received[0].signature)).toBe(false);
    const [created, updated] = receiver.received.map((r) => JSON.parse(r.body) as { event: string; lead: Record<string, unknown> });
    expect(created).toMatchObject({ event: 'lead.created', lead: { id: draft.id, outcome: 'urgent', urgent: true, reasons: ['detained', 'asylum'], officeId: 'los-angeles', language: 'es', channel: 'webchat', summary: draft.summary, contact: null } });
    expect(updated).toMatchObject({ event: 'lead.updated', lead: { contact: { wechat: 'wxid_camino01' } } });
  });

  it('retries a failing receiver with growing delays and never drops the notification', async () => {
    const receiver = await startReceiver(2);
    const leads = new LeadRepository(database, cipher, ['webhook']);
    const worker = new NotificationWorker({ database, leads, logger, baseDelayMs: 1000, notifiers: { webhook: new WebhookNotifier({ url: receiver.url, secret: SECRET }) } });
    await leads.create(lead({ outcome: 'qualified', reasons: ['family'] }));
    const outbox = () => handoffDb(database.db).selectFrom('outbox').selectAll().executeTakeFirstOrThrow();

    const t0 = Date.now();
    expect(await worker.runOnce(new Date(t0))).toBe(0);
    const first = await outbox();
    expect(first).toMatchObject({ attempts: 1, delivered_at: null, last_error: 'webhook answered 500' });
    const firstDelay = Date.parse(first.next_attempt_at) - t0;
    expect(await worker.runOnce(new Date(t0))).toBe(0);
    expect(receiver.attempts()).toBe(1);

    expect(await worker.runOnce(new Date(t0 + 60_000))).toBe(0);
    const second = await outbox();
    expect(second.attempts).toBe(2);
    expect(Date.parse(second.next_attempt_at) - Date.now()).toBeGreaterThan(firstDelay);

    expect(await worker.runOnce(new Date(t0 + 120_000))).toBe(1);
    expect((await outbox()).delivered_at).not.toBeNull();
    expect(receiver.received).toHaveLength(1);
    await receiver.close();
  });

  it('delivers in the background after a kick, without anyone waiting for it', async () => {
    const receiver = await startReceiver();
    const leads = new LeadRepository(database, cipher, ['webhook']);
    const worker = new NotificationWorker({ database, leads, logger, pollMs: 60_000, notifiers: { webhook: new WebhookNotifier({ url: receiver.url, secret: SECRET }) } });
    worker.start();
    await leads.create(lead());
    worker.kick();
    await waitUntil(() => receiver.received.length === 1, 5000, 'the webhook');
    await worker.stop();
    await receiver.close();
  });

  it('sends an email through a real SMTP server, urgent in the subject, with the summary and contact', async () => {
    const mails: string[] = [];
    const smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData(stream, _session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          // quoted-printable soft line breaks
          mails.push(Buffer.concat(chunks).toString('utf8').replace(/=\r?\n/g, ''));
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    const { port } = smtp.server.address() as AddressInfo;
    const transport = nodemailer.createTransport(`smtp://127.0.0.1:${port}`);
    const leads = new LeadRepository(database, cipher, ['email']);
    const worker = new NotificationWorker({
      database,
      leads,
      logger,
      notifiers: { email: new EmailNotifier(transport, { from: 'camino@example.com', to: ['intake@example.com'], firm: realDomain().firm }) },
    });
    const draft = lead();
    await leads.create(draft);
    await leads.update(draft.id, { contact: { phone: '+16265550134', bestTime: 'mornings' } });
    expect(await worker.runOnce()).toBe(2);
    transport.close();
    await new Promise<void>((resolve) => smtp.close(() => resolve()));

    expect(mails).toHaveLength(2);
    expect(mails[0]).toMatch(/^Subject: \[URGENT\] New lead: urgent, Los Angeles/m);
    expect(mails[0]).toContain(draft.summary);
    expect(mails[1]).toMatch(/^Subject: \[URGENT\] Lead updated/m);
    expect(mails[1]).toContain('phone: +16265550134');
    expect(mails[1]).toMatch(/^To: intake@example.com/m);
  });

  it('deletes a conversation\'s leads together with their pending notifications', async () => {
    const leads = new LeadRepository(database, cipher, ['webhook', 'email']);
    await leads.create(lead({ id: 'keep', conversationId: 'other' }));
    await leads.create(lead({ id: 'gone' }));
    expect(await leads.deleteConversation('webchat', 'conv-1')).toBe(1);
    expect(await leads.get('gone')).toBeUndefined();
    expect(await leads.get('keep')).toBeDefined();
    const pending = await handoffDb(database.db).selectFrom('outbox').select('lead_id').execute();
    expect(pending.map((p) => p.lead_id)).toEqual(['keep', 'keep']);
  });
});
