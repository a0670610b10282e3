import fs from 'node:fs';
import path from 'node:path';
import { signWhatsAppBody } from '../../src/channels/whatsapp/verifyWhatsAppSignature';
import { WhatsAppIds } from '../../src/channels/whatsapp/WhatsAppIds';
import { FieldCipher } from '../../src/crypto/FieldCipher';
import { loadEncryptionKey } from '../../src/crypto/loadEncryptionKey';
import type { Database } from '../../src/store/openDatabase';
import { FAKE_ACCESS_TOKEN, type FakeGraphApi, type SentMessage } from './fakeGraphApi';
import { ROOT } from './testRuntime';

export const APP_SECRET = 'whatsapp-app-secret-for-tests';
export const VERIFY_TOKEN = 'whatsapp-verify-token-for-tests';
const FIXTURES = path.join(ROOT, 'test', 'channels', 'whatsapp', 'fixtures');

/** The environment that turns WhatsApp on against the fake Graph API. */
export function whatsappEnv(fake: FakeGraphApi): Record<string, string> {
  return {
    WHATSAPP_ACCESS_TOKEN: FAKE_ACCESS_TOKEN,
    WHATSAPP_PHONE_NUMBER_ID: fake.phoneNumberId,
    WHATSAPP_APP_SECRET: APP_SECRET,
    WHATSAPP_VERIFY_TOKEN: VERIFY_TOKEN,
    WHATSAPP_API_BASE_URL: fake.baseUrl,
  };
}

/** One of Meta's example payloads (test/channels/whatsapp/fixtures), as its bytes. */
export function fixtureBytes(name: string): Buffer {
  return fs.readFileSync(path.join(FIXTURES, `${name}.json`));
}

interface Envelope {
  entry: Array<{ changes: Array<{ value: { contacts?: Array<{ wa_id: string }>; messages?: Array<Record<string, unknown>> } }> }>;
}

/** Meta's example delivery of `name`, re-addressed from `from` with a fresh message id, then `message`'s fields (an `id` of its own too). */
export function delivery(name: string, from: string, message: Record<string, unknown> = {}): string {
  const envelope = JSON.parse(fixtureBytes(name).toString('utf8')) as Envelope;
  const value = envelope.entry[0].changes[0].value;
  for (const contact of value.contacts ?? []) contact.wa_id = from;
  value.messages = (value.messages ?? []).map((m) => ({ ...m, from, id: nextWamid(from), timestamp: String(Math.floor(Date.now() / 1000)), ...message }));
  return JSON.stringify(envelope);
}

let counter = 0;
export function nextWamid(from: string): string {
  counter += 1;
  return `wamid.${Buffer.from(`HBgL${from}FQIAEhgU${counter}${Date.now()}`).toString('base64')}`;
}

/** Posts a delivery signed as Meta signs it, or with the given signature header (`null`: none). */
export async function postWebhook(baseUrl: string, body: string | Buffer, signature: string | null = signWhatsAppBody(body, APP_SECRET), headers: Record<string, string> = {}): Promise<{ status: number; text: string }> {
  const response = await fetch(`${baseUrl}/whatsapp`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(signature === null ? {} : { 'x-hub-signature-256': signature }), ...headers },
    body,
  });
  return { status: response.status, text: await response.text() };
}

/**
 * A person writing to the office's number: each step posts a signed delivery, waits until the service has finished
 * the turn, and returns what the fake Graph API received for this person meanwhile.
 */
export class WhatsAppPerson {
  private seen = 0;

  constructor(
    private readonly service: { baseUrl: string; settle(): Promise<boolean> },
    private readonly fake: FakeGraphApi,
    readonly phone: string,
  ) {}

  async post(body: string): Promise<SentMessage[]> {
    const answer = await postWebhook(this.service.baseUrl, body);
    if (answer.status !== 200) throw new Error(`the webhook answered ${answer.status}: ${answer.text}`);
    await this.service.settle();
    return this.newMessages();
  }

  say(text: string): Promise<SentMessage[]> {
    return this.post(delivery('text', this.phone, { text: { body: text } }));
  }

  /** Taps a button or list row of the last interactive message, as WhatsApp reports it: its id and title. */
  tap(title: string): Promise<SentMessage[]> {
    const last = [...this.fake.sentTo(this.phone)].reverse().find((m) => m.type === 'interactive');
    const choice = last ? this.fake.choicesOf(last).find((c) => c.title === title) : undefined;
    if (!last || !choice) throw new Error(`no button or row "${title}" in the last interactive message`);
    const list = (last.body.interactive as { type: string }).type === 'list';
    return this.post(delivery(list ? 'list-reply' : 'button-reply', this.phone, { interactive: list ? { type: 'list_reply', list_reply: choice } : { type: 'button_reply', button_reply: choice } }));
  }

  /** Everything this person received since the last step. */
  newMessages(): SentMessage[] {
    const all = this.fake.sentTo(this.phone);
    const fresh = all.slice(this.seen);
    this.seen = all.length;
    return fresh;
  }

  /** The buttons or rows of the last message this person received (none when it was text). */
  lastChoices(): string[] {
    const last = this.fake.sentTo(this.phone).at(-1);
    return last ? this.fake.choicesOf(last).map((c) => c.title) : [];
  }
}

/** The service's own id hashing, read with the development key it keeps in its data folder (tests set no key). */
export async function idsOf(running: { app: { database: Database }; dataDir: string }): Promise<WhatsAppIds> {
  const key = loadEncryptionKey(undefined, running.dataDir);
  return WhatsAppIds.load(running.app.database, new FieldCipher(key.key, key.older));
}
