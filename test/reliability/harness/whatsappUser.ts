import fs from 'node:fs';
import path from 'node:path';
import type { Activity } from 'botbuilder';
import { renderForWhatsApp, type ListWords } from '../../../src/channels/whatsapp/renderForWhatsApp';
import { WHATSAPP_CHANNEL } from '../../../src/channels/whatsapp/whatsappChannel';
import { UNDELIVERED_EVENT } from '../../../src/channels/whatsapp/WhatsAppNotes';
import { localeFromTag } from '../../../src/language/detectLanguage';
import type { FakeGraphApi, SentMessage } from '../../helpers/fakeGraphApi';
import { ROOT } from '../../helpers/testRuntime';
import { delivery, nextWamid, postWebhook } from '../../helpers/whatsappPerson';
import { type DeliveryReport, matchAcknowledged } from './checkDelivery';
import { HttpFailure } from './directLineUser';
import type { TranscriptDb } from './transcriptDb';

/** One person writing to the office's WhatsApp number: each message a signed webhook delivery, as Meta sends them. */
export class WhatsAppUser {
  /** Meta's ids of the messages the service answered with 200. */
  readonly acknowledged: string[] = [];
  /** Time from posting a message to the first reply reaching the Graph API. */
  readonly turnLatencies: number[] = [];
  readonly statuses: number[] = [];

  constructor(
    private readonly baseUrl: string,
    private readonly api: FakeGraphApi,
    readonly phone: string,
  ) {}

  /** Sends a text and waits (as the person would) until a reply arrives; false when none came in `timeoutMs`. */
  async say(text: string, timeoutMs = 20_000): Promise<boolean> {
    const id = nextWamid(this.phone);
    const before = this.api.sentTo(this.phone).length;
    const started = Date.now();
    const { status } = await postWebhook(this.baseUrl, delivery('text', this.phone, { id, text: { body: text } }));
    this.statuses.push(status);
    if (status !== 200) throw new HttpFailure(status, 'POST /whatsapp');
    this.acknowledged.push(id);
    while (this.api.sentTo(this.phone).length === before) {
      if (Date.now() - started > timeoutMs) return false;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    this.turnLatencies.push(Date.now() - started);
    return true;
  }
}

const WORDS: Record<string, ListWords> = Object.fromEntries(
  ['en', 'es', 'zh'].map((lang) => {
    const strings = JSON.parse(fs.readFileSync(path.join(ROOT, 'locales', lang, 'whatsapp.json'), 'utf8')) as { list: ListWords & Record<string, string> };
    return [lang, { button: strings.list.button, section: strings.list.section }];
  }),
);

/** What the Graph API got, as the service rendered it (without the envelope every send carries). */
const ENVELOPE = new Set(['to', 'messaging_product', 'recipient_type']);
const bodyOf = (m: SentMessage) => JSON.stringify(Object.fromEntries(Object.entries(m.body).filter(([key]) => !ENVELOPE.has(key))));

/**
 * Checks WhatsApp people against the transcript: every acknowledged message logged once, and the replies logged are
 * the messages the Graph API received: each rendered message as often as logged, none missing, none twice.
 */
export function checkWhatsApp(db: TranscriptDb, users: readonly WhatsAppUser[], api: FakeGraphApi, report: DeliveryReport): void {
  const ids = db.whatsappIds();
  const logged = db.activitiesByConversation(WHATSAPP_CHANNEL);
  for (const user of users) {
    const rows = logged.get(ids.conversationOf(user.phone)) ?? [];
    const counts = matchAcknowledged(user.acknowledged.map((id) => ids.messageKey(id)), rows.filter((r) => r.direction === 'in' && r.activity.type === 'message').map((r) => r.activityId));
    report.userMessagesAcknowledged += counts.acknowledged;
    report.userMessagesMissing += counts.missing;
    report.userMessagesDuplicated += counts.duplicated;
    report.userMessagesUnacknowledged += counts.unacknowledged;
    report.whatsappUndeliveredNotes += rows.filter((r) => r.activity.name === UNDELIVERED_EVENT).length;
    const replies = rows.filter((r) => r.direction === 'out' && r.activity.type === 'message');
    report.repliesLogged += replies.length;
    const expected = new Map<string, number>();
    for (const row of replies) {
      const activity: Partial<Activity> = row.activity;
      for (const message of renderForWhatsApp(activity, WORDS[localeFromTag(activity.locale) ?? 'en'] ?? WORDS.en)) {
        const key = JSON.stringify(message);
        expected.set(key, (expected.get(key) ?? 0) + 1);
      }
    }
    const got = new Map<string, number>();
    for (const m of api.sentTo(user.phone)) got.set(bodyOf(m), (got.get(bodyOf(m)) ?? 0) + 1);
    for (const [key, times] of expected) {
      const found = got.get(key) ?? 0;
      if (found < times) report.notDelivered += times - found;
      if (found > times) report.deliveredTwice += found - times;
    }
    report.deliveredNotLogged += [...got.keys()].filter((key) => !expected.has(key)).length;
  }
}
