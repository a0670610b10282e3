import type { WhatsAppIds } from '../../src/channels/whatsapp/WhatsAppIds';
import { type FakeGraphApi, startFakeGraphApi } from '../helpers/fakeGraphApi';
import { startApp, type RunningApp } from '../helpers/httpApp';
import { delivery, idsOf, WhatsAppPerson, whatsappEnv } from '../helpers/whatsappPerson';
import { GOLDEN_FILES, readGolden } from './goldenFile';

/**
 * The golden conversations replayed over WhatsApp: each user step is a signed webhook delivery, the bot's replies are
 * read from the transcript by their tags and must be what the golden file names, in the file's language, and every
 * message reply must have reached the fake Graph API. WhatsApp carries no locale, so where a file opens with the
 * website's join in a given language, the WhatsApp person opens with a hello in that language (the language is then
 * detected from it, as for any WhatsApp person); a file with no channel locale opens with Meta's `request_welcome`.
 */
const HELLO: Record<string, string> = { en: 'hello', es: 'hola', zh: '你好' };

describe('golden conversations over WhatsApp', () => {
  let fake: FakeGraphApi;
  let running: RunningApp;
  let ids: WhatsAppIds;
  beforeAll(async () => {
    fake = await startFakeGraphApi();
    running = await startApp(whatsappEnv(fake));
    ids = await idsOf(running);
  });
  afterAll(async () => {
    await running.app.close();
    await fake.close();
  });

  it('has files in all three languages to replay', () => {
    for (const lang of ['en', 'es', 'zh']) expect(GOLDEN_FILES.filter((f) => f.endsWith(`.${lang}.yaml`)).length).toBeGreaterThanOrEqual(3);
  });

  it.each(GOLDEN_FILES.map((file, i) => [file, i] as const))('%s', async (file, i) => {
    const golden = readGolden(file);
    const phone = `52155${String(10_000_000 + i)}`;
    const person = new WhatsAppPerson({ baseUrl: running.baseUrl, settle: () => running.app.settle() }, fake, phone);
    const hello = HELLO[golden.channelLocale?.slice(0, 2) ?? ''];
    let seen = 0;
    for (const [n, step] of golden.steps.entries()) {
      const received =
        typeof step.user === 'string'
          ? await person.say(step.user)
          : hello
            ? await person.say(hello)
            : await person.post(delivery('text', phone, { type: 'request_welcome', text: undefined }));
      const log = await running.app.runtime.transcripts.list('whatsapp', ids.conversationOf(phone));
      // "Delete my data" empties the log: what the bot says next starts a new one.
      if (log.length < seen) seen = 0;
      const replies = log.slice(seen).filter((a) => a.direction === 'out' && (a.activity.type === 'message' || a.activity.name === 'handoff.initiate'));
      seen = log.length;
      const tags = replies.flatMap((a) => (a.activity.channelData as { camino?: { tags?: string[] } } | undefined)?.camino?.tags ?? ['(untagged)']);
      expect({ step: n + 1, user: step.user, bot: tags }).toEqual({ step: n + 1, user: step.user, bot: step.bot });
      const messages = replies.filter((a) => a.activity.type === 'message');
      expect(received.length).toBeGreaterThanOrEqual(messages.length);
      if (step.locale) for (const reply of messages) expect({ step: n + 1, locale: reply.activity.locale }).toEqual({ step: n + 1, locale: step.locale });
    }
  });
});
